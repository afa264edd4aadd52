package dev.ragtune.ask;

import dev.langchain4j.store.embedding.filter.Filter;
import dev.ragtune.tenant.TenantScope;

/**
 * A question as POST /ask takes it. {@code tenant}: the asking key's tenant. It bounds what is retrieved, which
 * conversation memory is read, and whose answers, gaps and feedback this becomes; and it selects the routing policy.
 */
public record Question(String text, String sessionId, Filter filter, int k, String tenant) {

    public Question {
        tenant = TenantScope.orDefault(tenant);
    }

    public Question(String text, String sessionId, Filter filter, int k) {
        this(text, sessionId, filter, k, null);
    }

    /** Session ids are the client's; the memory behind them is the tenant's. */
    String memoryId() {
        return tenant + ":" + sessionId;
    }
}
