package dev.ragtune.knowledge.chunking;

import dev.ragtune.knowledge.embedding.EmbeddingClusters;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * Splits an oversized section by meaning: prose becomes sentences (list items and atomic blocks stay whole),
 * and each part ends, near where an even split would put it, at the largest embedding distance between
 * neighbouring units, i.e. where the topic shifts.
 */
final class SemanticSplitter {

    private final ChunkingSettings settings;
    private final TokenCounter tokens;
    private final EmbeddingModel embeddings;
    private final SentenceSplitter sentences = new SentenceSplitter();

    SemanticSplitter(ChunkingSettings settings, TokenCounter tokens, EmbeddingModel embeddings) {
        this.settings = settings;
        this.tokens = tokens;
        this.embeddings = embeddings;
    }

    /** A sentence, list item or atomic block: the smallest piece a split may produce. */
    private record Unit(int blockIndex, int start, int end, int tokenCount) {
    }

    /** Texts of the parts, in order; each fits maxTokens unless it is a single unit. */
    List<String> split(List<Block> blocks) {
        List<Unit> units = toUnits(blocks);
        List<String> parts = new ArrayList<>();
        NeighbourDistances distances = new NeighbourDistances(blocks, units);
        int start = 0;
        while (start < units.size()) {
            int end = packedEnd(units, start);
            int cut = end == units.size() ? end : chooseCut(units, distances, start, end);
            parts.add(render(blocks, units, start, cut));
            start = cut;
        }
        return parts;
    }

    /**
     * The end of the longest run of units from {@code start} that fits maxTokens (at least one unit).
     * Unit counts plus one token per separator bound the rendered count without re-tokenising the run.
     */
    private int packedEnd(List<Unit> units, int start) {
        int end = start + 1;
        int total = units.get(start).tokenCount();
        while (end < units.size() && total + 1 + units.get(end).tokenCount() <= settings.maxTokens()) {
            total += 1 + units.get(end).tokenCount();
            end++;
        }
        return end;
    }

    /**
     * Where to end the part that starts at {@code start} and could run to {@code end}. The rest of the
     * section needs {@code n} parts; the cut goes to the largest topic shift (embedding distance between
     * neighbouring units) within {@code cutWindow x maxTokens} around the even split point. Only units
     * beside those boundaries are embedded, which keeps splitting cheaper than embedding the chunks.
     */
    private int chooseCut(List<Unit> units, NeighbourDistances distances, int start, int end) {
        int remaining = 0;
        for (int u = start; u < units.size(); u++) {
            remaining += units.get(u).tokenCount();
        }
        int parts = (int) Math.ceil(remaining / (double) settings.maxTokens());
        double ideal = remaining / (double) Math.max(parts, 2);
        double halfWindow = settings.cutWindow() * settings.maxTokens() / 2;
        List<Integer> window = new ArrayList<>();
        List<Integer> acceptable = new ArrayList<>();
        int left = 0;
        for (int cut = start + 1; cut <= end; cut++) {
            left += units.get(cut - 1).tokenCount();
            if (left >= settings.minTokens()) {
                acceptable.add(cut);
                if (Math.abs(left - ideal) <= halfWindow) {
                    window.add(cut);
                }
            }
        }
        List<Integer> candidates = window.isEmpty() ? acceptable : window;
        if (candidates.size() <= 1) {
            return candidates.isEmpty() ? end : candidates.get(0);
        }
        double[] gaps = distances.at(candidates);
        int best = 0;
        for (int c = 1; c < gaps.length; c++) {
            if (gaps[c] > gaps[best]) {
                best = c;
            }
        }
        return candidates.get(best);
    }

    private List<Unit> toUnits(List<Block> blocks) {
        List<Unit> units = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            String text = block.text();
            int wholeTokens = tokens.count(text);
            boolean keepWhole = block.isAtomic()
                    || block.kind() == Block.Kind.LIST_ITEM && wholeTokens <= settings.maxTokens();
            if (keepWhole) {
                units.add(new Unit(b, 0, text.length(), wholeTokens));
                continue;
            }
            for (SentenceSplitter.Span sentence : sentences.split(text)) {
                addProse(units, b, text, sentence.start(), sentence.end());
            }
        }
        return units;
    }

    /** Adds a prose span, cutting it at line breaks and then at word gaps if it alone exceeds the budget. */
    private void addProse(List<Unit> units, int blockIndex, String text, int start, int end) {
        int count = tokens.count(text.substring(start, end));
        if (count <= settings.maxTokens()) {
            units.add(new Unit(blockIndex, start, end, count));
            return;
        }
        List<int[]> pieces = lineSpans(text, start, end);
        if (pieces.size() == 1) {
            pieces = wordWindows(text, start, end);
        }
        if (pieces.size() == 1) { // a single enormous "word": nothing sensible left to cut
            units.add(new Unit(blockIndex, start, end, count));
            return;
        }
        for (int[] piece : pieces) {
            addProse(units, blockIndex, text, piece[0], piece[1]);
        }
    }

    private static List<int[]> lineSpans(String text, int start, int end) {
        List<int[]> lines = new ArrayList<>();
        int lineStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || text.charAt(i) == '\n') {
                int[] trimmed = trim(text, lineStart, i);
                if (trimmed != null) {
                    lines.add(trimmed);
                }
                lineStart = i + 1;
            }
        }
        return lines;
    }

    /** Greedy windows of whole words that fit the budget; only for run-on text without sentence ends. */
    private List<int[]> wordWindows(String text, int start, int end) {
        List<int[]> windows = new ArrayList<>();
        int windowStart = start;
        int windowEnd = start;
        int i = start;
        while (i < end) {
            int wordEnd = i;
            while (wordEnd < end && !Character.isWhitespace(text.charAt(wordEnd))) {
                wordEnd++;
            }
            if (windowEnd > windowStart && tokens.count(text.substring(windowStart, wordEnd)) > settings.maxTokens()) {
                windows.add(new int[] {windowStart, windowEnd});
                windowStart = i;
            }
            windowEnd = wordEnd;
            i = wordEnd;
            while (i < end && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
        }
        windows.add(new int[] {windowStart, windowEnd});
        return windows;
    }

    private static int[] trim(String text, int start, int end) {
        int s = start;
        int e = end;
        while (s < e && Character.isWhitespace(text.charAt(s))) {
            s++;
        }
        while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        return s < e ? new int[] {s, e} : null;
    }

    /** About 25 cl100k tokens of English: a unit's opening carries its topic. */
    private static final int SIMILARITY_CHARS = 120;

    /** Embeds units on demand, each at most once, and answers the distance across a boundary. */
    private final class NeighbourDistances {

        private final List<Block> blocks;
        private final List<Unit> units;
        private final float[][] vectors;

        NeighbourDistances(List<Block> blocks, List<Unit> units) {
            this.blocks = blocks;
            this.units = units;
            this.vectors = new float[units.size()][];
        }

        /** Cosine distance between unit {@code cut - 1} and unit {@code cut}, for each cut; one batched call. */
        double[] at(List<Integer> cuts) {
            List<Integer> missing = new ArrayList<>();
            for (int cut : cuts) {
                for (int u : new int[] {cut - 1, cut}) {
                    if (u < units.size() && vectors[u] == null && !missing.contains(u)) {
                        missing.add(u);
                    }
                }
            }
            if (!missing.isEmpty()) {
                List<TextSegment> segments = new ArrayList<>(missing.size());
                for (int u : missing) {
                    String text = textOf(blocks, units.get(u));
                    String opening = text.length() > SIMILARITY_CHARS ? text.substring(0, SIMILARITY_CHARS) : text;
                    // a unit with nothing readable (zero-width or control characters) compares as punctuation
                    segments.add(TextSegment.from(VisibleText.isPresent(opening) ? opening : "."));
                }
                List<Embedding> embedded = embeddings.embedAll(segments).content();
                for (int m = 0; m < missing.size(); m++) {
                    vectors[missing.get(m)] = embedded.get(m).vector();
                }
            }
            double[] distances = new double[cuts.size()];
            for (int c = 0; c < cuts.size(); c++) {
                int cut = cuts.get(c);
                distances[c] = cut >= units.size() ? 0 : 1.0 - EmbeddingClusters.cosine(vectors[cut - 1], vectors[cut]);
            }
            return distances;
        }
    }

    private static String textOf(List<Block> blocks, Unit unit) {
        return blocks.get(unit.blockIndex()).text().substring(unit.start(), unit.end());
    }

    /** Units {@code [from, to)} as text: original text within a block, block separators between blocks. */
    private static String render(List<Block> blocks, List<Unit> units, int from, int to) {
        StringBuilder text = new StringBuilder();
        int i = from;
        while (i < to) {
            int block = units.get(i).blockIndex();
            int j = i;
            while (j + 1 < to && units.get(j + 1).blockIndex() == block) {
                j++;
            }
            if (i > from) {
                text.append(Block.separator(blocks.get(units.get(i - 1).blockIndex()), blocks.get(block)));
            }
            text.append(blocks.get(block).text(), units.get(i).start(), units.get(j).end());
            i = j + 1;
        }
        return text.toString();
    }
}
