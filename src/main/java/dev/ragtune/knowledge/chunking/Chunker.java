package dev.ragtune.knowledge.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * Splits a document into chunks: structure first (sections from headings), then meaning (embedding distance
 * between neighbouring sentences) for sections that exceed the token budget.
 *
 * <p>Only oversized sections call the embedding model, with one batched call each, so well-structured
 * documents cost no embedding work here. Thread-safe if the collaborators are.
 */
public final class Chunker {

    private final ChunkingSettings settings;
    private final TokenCounter tokens;
    private final SemanticSplitter semanticSplitter;

    public Chunker(ChunkingSettings settings, TokenCounter tokens, EmbeddingModel embeddings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.semanticSplitter = new SemanticSplitter(settings, tokens, Objects.requireNonNull(embeddings, "embeddings"));
    }

    public List<Chunk> chunk(String title, String text, DocumentFormat format) {
        Objects.requireNonNull(format, "format");
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String normalized = text.replace("\uFEFF", "").replace("\r\n", "\n").replace('\r', '\n');
        List<Section> sections = DocumentParser.forFormat(format).parse(normalized, title == null ? "" : title);

        List<Draft> drafts = new ArrayList<>();
        SectionGroup pending = null;
        for (Section section : sections) {
            String body = section.text();
            int bodyTokens = tokens.count(body);
            if (bodyTokens > settings.maxTokens()) {
                addIfPresent(drafts, pending);
                pending = null;
                for (String part : semanticSplitter.split(section.blocks())) {
                    drafts.add(new Draft(part, section.headingPath()));
                }
                continue;
            }
            SectionGroup merged = pending == null ? null : mergeIfSmall(pending, section);
            if (merged == null) {
                addIfPresent(drafts, pending);
                merged = new SectionGroup(List.of(section), section.headingPath(), body, bodyTokens);
            }
            pending = merged;
        }
        addIfPresent(drafts, pending);
        return toChunks(drafts);
    }

    // ---------------------------------------------------------------- merging small sections

    /** Text and heading path destined to become one chunk. */
    private record Draft(String text, List<String> headingPath) {
    }

    /** Consecutive sections that will form one chunk. */
    private record SectionGroup(List<Section> sections, List<String> headingPath, String text, int tokenCount) {
    }

    /** Returns {@code pending} extended by {@code next}, or null when it is big enough or would overflow. */
    private SectionGroup mergeIfSmall(SectionGroup pending, Section next) {
        if (pending.tokenCount() >= settings.minTokens()) {
            return null;
        }
        List<Section> members = new ArrayList<>(pending.sections());
        members.add(next);
        List<String> path = mergedHeadingPath(members);
        String text = renderMerged(members, path);
        int count = tokens.count(text);
        return count <= settings.maxTokens() ? new SectionGroup(members, path, text, count) : null;
    }

    /**
     * The merged chunk sits under the deepest heading all members share. Sections directly under the document
     * (no shared heading) keep the first member's path instead: an empty path would tell retrieval nothing,
     * and the first section is where the chunk starts.
     */
    private static List<String> mergedHeadingPath(List<Section> members) {
        List<String> common = members.get(0).headingPath();
        for (Section member : members) {
            common = commonPrefix(common, member.headingPath());
        }
        return common.isEmpty() ? members.get(0).headingPath() : common;
    }

    /** Headings of members that the chunk's path does not already name are kept as lines, or they'd be lost. */
    private static String renderMerged(List<Section> members, List<String> chunkPath) {
        StringBuilder text = new StringBuilder();
        for (Section member : members) {
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            List<String> own = member.headingPath();
            List<String> extra = startsWith(own, chunkPath) ? own.subList(chunkPath.size(), own.size()) : own;
            if (!extra.isEmpty()) {
                text.append(String.join(" > ", extra)).append("\n\n");
            }
            text.append(member.text());
        }
        return text.toString();
    }

    private static List<String> commonPrefix(List<String> a, List<String> b) {
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) {
            n++;
        }
        return a.subList(0, n);
    }

    private static boolean startsWith(List<String> path, List<String> prefix) {
        return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }

    private static void addIfPresent(List<Draft> drafts, SectionGroup group) {
        if (group != null) {
            drafts.add(new Draft(group.text(), group.headingPath()));
        }
    }

    // ---------------------------------------------------------------- output

    private List<Chunk> toChunks(List<Draft> drafts) {
        List<Chunk> chunks = new ArrayList<>();
        for (Draft draft : drafts) {
            // Keep the first line's indentation (indented code), drop only surrounding blank lines.
            String text = draft.text().replaceFirst("^(?:[ \\t]*\n)+", "").stripTrailing();
            if (VisibleText.isPresent(text)) {
                chunks.add(new Chunk(chunks.size(), text, draft.headingPath(), tokens.count(text)));
            }
        }
        return chunks;
    }
}
