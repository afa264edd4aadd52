package dev.ragtune.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.ask.GroundingGate;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.knowledge.index.lexical.TermStatistics;
import dev.ragtune.knowledge.search.SearchHit;
import dev.ragtune.tenant.TenantScope;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RAGTUNE_EVAL_DUMP=FILE: one JSON line per question with what the grounding gate saw (the question's terms and how
 * common each is in the corpus, the top chunks with their relevance, ranks and which of the terms they hold), so gate
 * signals can be studied without re-ingesting a corpus. Without the variable it writes nothing.
 */
final class QuestionDump implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TEXT_CHARS = 1500;

    private final StandalonePipeline pipeline;
    private final KnowledgeIndex index;
    private final BufferedWriter out;

    private QuestionDump(StandalonePipeline pipeline, KnowledgeIndex index, BufferedWriter out) {
        this.pipeline = pipeline;
        this.index = index;
        this.out = out;
    }

    static QuestionDump fromEnvironment(StandalonePipeline pipeline, KnowledgeIndex index) {
        String file = System.getenv().getOrDefault("RAGTUNE_EVAL_DUMP", "");
        try {
            return new QuestionDump(pipeline, index, file.isBlank() ? null : Files.newBufferedWriter(Path.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void add(String id, String question, boolean unanswerable, Set<String> gold, GroundingGate.Decision decision, List<SearchHit> hits) {
        if (out == null) {
            return;
        }
        List<String> terms = pipeline.analyzer.queryTerms(question);
        TermStatistics statistics = index.termStatistics(TenantScope.DEFAULT, terms);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", id);
        line.put("question", question);
        line.put("unanswerable", unanswerable);
        line.put("gold", gold);
        line.put("gate", Map.of("answerable", decision.answerable(), "topRelevance", decision.topRelevance(),
                "termCoverage", decision.termCoverage()));
        line.put("chunks", statistics.chunks());
        line.put("terms", terms.stream().map(t -> Map.of("term", t, "df", statistics.documentFrequency().getOrDefault(t, 0L))).toList());
        line.put("hits", hits.stream().map(hit -> {
            var chunk = hit.chunk();
            String text = chunk.text();
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("doc", chunk.documentId());
            h.put("title", chunk.title());
            h.put("relevance", hit.score());
            h.put("fused", hit.fusedScore());
            h.put("vectorRank", hit.vectorRank());
            h.put("lexicalRank", hit.lexicalRank());
            h.put("terms", pipeline.analyzer.termFrequencies(chunk.title() + "\n" + String.join(" ", chunk.headingPath()) + "\n" + text)
                    .keySet().stream().filter(terms::contains).toList());
            h.put("text", text.length() > TEXT_CHARS ? text.substring(0, TEXT_CHARS) : text);
            return h;
        }).toList());
        try {
            out.write(JSON.writeValueAsString(line));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
