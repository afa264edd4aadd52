package dev.ragtune.advisor;

import dev.ragtune.ask.GroundingGate;
import dev.ragtune.ask.KnowledgeResponder;
import dev.ragtune.ask.Pricing;
import dev.ragtune.knowledge.chunking.TokenCounter;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.search.SearchService;
import dev.ragtune.model.BaseModel;
import dev.ragtune.model.ModelRegistry;
import dev.ragtune.routing.Router;
import dev.ragtune.routing.RoutingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires POST /advisor over /ask's own knowledge route, gate and prices. */
@ApplicationScoped
public class AdvisorBeans {

    @Produces
    @Singleton
    Advisor advisor(RoutingConfig config, SearchService search, LexicalAnalyzer analyzer, Embedder embedder, TokenCounter tokens,
            Router router, ModelRegistry registry, Pricing pricing, BaseModel baseModel, KnowledgeResponder knowledge, GroundingGate gate) {
        BaselineProbe baseline = new BaselineProbe(knowledge, baseModel, gate, embedder, config.advisor(), System::nanoTime);
        return new Advisor(search, analyzer, embedder, tokens, router, registry, pricing, baseModel, config.advisor(), baseline);
    }
}
