package dev.ragtune.knowledge.chunking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * Splits an oversized section by meaning: prose becomes sentences (list items and atomic blocks stay whole),
 * neighbouring units are compared by embedding distance, and the section is cut recursively at the strongest
 * topic shifts until every part fits the token budget.
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
        if (units.size() == 1) {
            return List.of(render(blocks, units, 0, 1));
        }
        double[] distances = neighbourDistances(blocks, units);
        double strongShift = percentile(distances, settings.breakpointPercentile());
        List<int[]> ranges = new ArrayList<>();
        splitRange(blocks, units, distances, strongShift, 0, units.size(), ranges);

        List<String> parts = new ArrayList<>();
        for (int[] range : ranges) {
            parts.add(render(blocks, units, range[0], range[1]));
        }
        return parts;
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

    /** Cosine distance between each unit and the next; one batched embedding call for the whole section. */
    /** About 35 cl100k tokens of English. */
    private static final int SIMILARITY_CHARS = 160;

    private double[] neighbourDistances(List<Block> blocks, List<Unit> units) {
        List<TextSegment> segments = new ArrayList<>(units.size());
        for (Unit unit : units) {
            String text = textOf(blocks, unit);
            // a unit's opening carries its topic; embedding only that keeps splitting far cheaper than embedding chunks
            segments.add(TextSegment.from(text.length() > SIMILARITY_CHARS ? text.substring(0, SIMILARITY_CHARS) : text));
        }
        List<Embedding> vectors = embeddings.embedAll(segments).content();
        double[] distances = new double[units.size() - 1];
        for (int i = 0; i < distances.length; i++) {
            distances[i] = 1.0 - cosine(vectors.get(i).vector(), vectors.get(i + 1).vector());
        }
        return distances;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }

    /** Nearest-rank percentile. */
    private static double percentile(double[] values, double fraction) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Recursively halves {@code [from, to)} at topic shifts until every range fits or is a single unit. */
    private void splitRange(List<Block> blocks, List<Unit> units, double[] distances, double strongShift,
                            int from, int to, List<int[]> out) {
        if (to - from == 1 || tokens.count(render(blocks, units, from, to)) <= settings.maxTokens()) {
            out.add(new int[] {from, to});
            return;
        }
        int cut = chooseCut(units, distances, strongShift, from, to);
        splitRange(blocks, units, distances, strongShift, from, cut, out);
        splitRange(blocks, units, distances, strongShift, cut, to, out);
    }

    /**
     * Returns the index of the first unit of the right-hand part. Candidates are cuts leaving at least
     * minTokens on both sides (all cuts if none does). Among candidates at or above the breakpoint percentile,
     * which all look like genuine topic shifts, the most even cut wins: balanced halves need fewer further
     * cuts, and those would be forced at weaker boundaries. Without such candidates, the largest distance wins.
     */
    private int chooseCut(List<Unit> units, double[] distances, double strongShift, int from, int to) {
        int total = 0;
        for (int i = from; i < to; i++) {
            total += units.get(i).tokenCount();
        }
        List<Integer> candidates = new ArrayList<>();
        int left = 0;
        for (int cut = from + 1; cut < to; cut++) {
            left += units.get(cut - 1).tokenCount();
            if (left >= settings.minTokens() && total - left >= settings.minTokens()) {
                candidates.add(cut);
            }
        }
        if (candidates.isEmpty()) {
            for (int cut = from + 1; cut < to; cut++) {
                candidates.add(cut);
            }
        }
        List<Integer> strong = candidates.stream().filter(cut -> distances[cut - 1] >= strongShift).toList();
        if (strong.size() > 1) {
            return mostBalanced(units, strong, from, total);
        }
        return largestDistance(distances, candidates);
    }

    private static int mostBalanced(List<Unit> units, List<Integer> cuts, int from, int total) {
        int best = cuts.get(0);
        int bestImbalance = Integer.MAX_VALUE;
        int left = 0;
        int next = from;
        for (int cut : cuts) { // cuts are ascending, so the running left size can be extended
            while (next < cut) {
                left += units.get(next++).tokenCount();
            }
            int imbalance = Math.abs(total - 2 * left);
            if (imbalance < bestImbalance) {
                bestImbalance = imbalance;
                best = cut;
            }
        }
        return best;
    }

    private static int largestDistance(double[] distances, List<Integer> cuts) {
        int best = cuts.get(0);
        for (int cut : cuts) {
            if (distances[cut - 1] > distances[best - 1]) {
                best = cut;
            }
        }
        return best;
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
