package dev.ragtune.knowledge.search;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.ragtune.knowledge.index.EmbeddingStoreSupport;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A LangChain4j {@link ContentRetriever} backed by ragtune's own search (hybrid vector + BM25, fused, with feedback
 * ranking when on), for applications whose AI services should retrieve as {@code POST /search} does rather than by
 * vectors alone. Each content's metadata carries the source under the {@code ragtune_} keys (title, url, headings)
 * and its scores: {@code SCORE} is the relevance minScore applies to, the fused rank score in {@code ragtune_rank_score}.
 */
public class HybridContentRetriever implements ContentRetriever {

    private final SearchService search;
    private final String tenant;
    private final int k;
    private final double minScore;

    /** {@code k}: passages per query; {@code minScore}: least relevance ((cosine + 1) / 2) a passage must have. */
    public HybridContentRetriever(SearchService search, String tenant, int k, double minScore) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        this.search = Objects.requireNonNull(search, "search");
        this.tenant = tenant;
        this.k = k;
        this.minScore = minScore;
    }

    @Override
    public List<Content> retrieve(Query query) {
        return search.search(new SearchRequest(query.text(), k, null, minScore, tenant)).hits().stream()
                .map(hit -> {
                    TextSegment segment = EmbeddingStoreSupport.toSegment(hit.chunk());
                    segment.metadata().put("ragtune_rank_score", hit.fusedScore() + hit.feedbackBoost());
                    return Content.from(segment, Map.of(ContentMetadata.SCORE, hit.score(),
                            ContentMetadata.EMBEDDING_ID, hit.chunk().chunkId()));
                })
                .toList();
    }
}
