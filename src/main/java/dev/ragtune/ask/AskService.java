package dev.ragtune.ask;

import dev.ragtune.knowledge.chunking.TokenCounter;
import dev.ragtune.knowledge.search.SearchHit;
import dev.ragtune.knowledge.search.SearchRequest;
import dev.ragtune.knowledge.search.SearchResult;
import dev.ragtune.knowledge.search.SearchService;
import dev.ragtune.model.BaseModel;
import dev.ragtune.model.ModelUnavailableException;
import dev.ragtune.routing.Route;
import dev.ragtune.routing.RouteDecision;
import dev.ragtune.routing.Router;

import java.util.List;
import java.util.UUID;

/**
 * POST /ask, one step after the other: read the conversation, rewrite a follow-up into a stand-alone query,
 * retrieve, pass the grounding gate, route, let the route's {@link Responder} answer, and record the answer.
 * Memory is only written once an answer was given.
 */
public class AskService {

    /** The note of an answer given on the knowledge route because the tuned model failed. */
    public static final String TUNED_MODEL_FAILED = "the tuned model '%s' did not answer; answered on the knowledge route";

    private final Conversations conversations;
    private final QueryRewriter rewriter;
    private final SearchService search;
    private final GroundingGate gate;
    private final Router router;
    private final Responders responders;
    private final AnswerLog log;
    private final Pricing pricing;
    private final TokenCounter tokens;

    public AskService(Conversations conversations, QueryRewriter rewriter, SearchService search, GroundingGate gate, Router router,
            Responders responders, AnswerLog log, Pricing pricing, TokenCounter tokens) {
        this.conversations = conversations;
        this.rewriter = rewriter;
        this.search = search;
        this.gate = gate;
        this.router = router;
        this.responders = responders;
        this.log = log;
        this.pricing = pricing;
        this.tokens = tokens;
    }

    public Answer ask(Question question) {
        long start = System.nanoTime();
        Conversation conversation = conversations.open(question);
        QueryRewriter.Rewrite rewrite = rewriter.standalone(conversation, question.text());
        SearchResult retrieved = search.search(new SearchRequest(rewrite.query(), question.k(), question.filter(), 0, question.tenant()));
        List<SearchHit> hits = retrieved.hits();
        GroundingGate.Decision grounding = gate.evaluate(rewrite.query(), question.tenant(), hits);

        long routeStart = System.nanoTime();
        RouteDecision route = router.route(question.text(), retrieved.queryVector(), grounding.topRelevance(), question.tenant());
        long routeNanos = System.nanoTime() - routeStart;

        Reply reply;
        try {
            reply = responders.forRoute(route).respond(new AnswerInput(question.text(), conversation, hits, grounding, route));
        } catch (ModelUnavailableException e) {
            if (!route.tuned() || !router.fallsBackFromTunedModel(question.tenant())) {
                throw e;
            }
            // a broken tuned endpoint must not take behaviour/hybrid questions down with it
            route = route.fallenBackToKnowledge(TUNED_MODEL_FAILED.formatted(route.model().name()));
            reply = responders.forRoute(route).respond(new AnswerInput(question.text(), conversation, hits, grounding, route));
        }
        conversation.remember(question.text(), reply.text());

        ModelUsage usage = rewrite.usage().plus(reply.usage());
        String pricedModel = route.tuned() ? route.model().model() : responders.baseModel().name();
        Answer answer = new Answer(UUID.randomUUID().toString(), reply.text(), reply.mode(), route.route(), rewrite.query(),
                reply.citations(), grounding,
                new Answer.Usage(usage.promptTokens(), usage.completionTokens(), tokens.count(rewrite.query())),
                pricing.cost(pricedModel, usage.promptTokens(), usage.completionTokens()),
                new Answer.Latency(retrieved.embedMillis(), retrieved.searchMillis(), usage.nanos() / 1_000_000,
                        (System.nanoTime() - start) / 1_000_000),
                new Answer.Routing(route.reason(), route.scores(), reply.servedBy(), route.candidate(), route.note(),
                        Math.round(routeNanos / 10_000.0) / 100.0));
        return log.record(question, conversation, hits.stream().map(hit -> hit.chunk().chunkId()).toList(), answer);
    }

    /** Which responder answers on a route: the tuned model's routes when one serves, else the base model or none. */
    public record Responders(BaseModel baseModel, KnowledgeResponder knowledge, RetrievalOnlyResponder retrievalOnly,
            HybridResponder hybrid, BehaviourResponder behaviour) {

        Responder forRoute(RouteDecision route) {
            if (route.tuned()) {
                return route.route() == Route.HYBRID ? hybrid : behaviour;
            }
            return baseModel.configured() ? knowledge : retrievalOnly;
        }
    }
}
