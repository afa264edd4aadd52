package dev.ragtune.knowledge.search;

import dev.langchain4j.store.embedding.filter.Filter;
import dev.ragtune.tenant.TenantScope;

/**
 * A validated search: {@code filter} may be null, {@code minScore} is a relevance in [0, 1]. The search only
 * sees {@code tenant}'s documents whatever the filter says: the index keeps each tenant's apart.
 */
public record SearchRequest(String query, int k, Filter filter, double minScore, String tenant) {

    public SearchRequest {
        tenant = TenantScope.orDefault(tenant);
    }
}
