package dev.ragtune.answer;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.TokenWindowChatMemory;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.Result;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.ragtune.behaviour.registry.ChatModelFactory;
import dev.ragtune.config.AnswerConfig;
import dev.ragtune.knowledge.search.SearchHit;
import dev.ragtune.knowledge.search.SearchRequest;
import dev.ragtune.knowledge.search.SearchResult;
import dev.ragtune.knowledge.search.SearchService;
import dev.ragtune.routing.RouteDecision;
import dev.ragtune.routing.Router;
import dev.ragtune.tenant.TenantScope;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * POST /ask: rewrite a follow-up into a stand-alone query, retrieve, pass the grounding gate, and
 * only then ask the model to answer from numbered sources; remember the turn in Redis. The router sends
 * behaviour-like questions to the registered tuned model (hybrid: with the sources; behaviour: without).
 */
public class AnswerService {

    /**
     * {@code tenant}: the asking key's tenant. It bounds what is retrieved, which conversation memory is read,
     * and whose answers, gaps and feedback this becomes; and it selects the routing policy.
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

    public static final String RETRIEVAL_ONLY_NOTICE =
            "ragtune runs in retrieval-only mode (no model is configured): these are the most relevant passages.";
    private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,3})]");
    /** Follow-ups lean on the previous turn: pronouns, "what about ...", or very few words. */
    private static final Pattern FOLLOW_UP = Pattern.compile(
            "(?i)^(and|what about|how about|what if|also|then)\\b|\\b(it|its|this|that|those|these|them|they)\\b");

    private final SearchService search;
    private final GroundingGate gate;
    private final ModelGateway model;
    private final boolean generate;
    private final ChatMemoryStore memoryStore;
    private final TokenCountEstimator tokens;
    private final KnowledgeGapLog gaps;
    private final AnswerConfig config;
    private final AnswerRecords records;
    private final Clock clock;
    private final Router router;
    private final ChatModelFactory chatModels;

    public AnswerService(SearchService search, GroundingGate gate, ModelGateway model, boolean generate,
            ChatMemoryStore memoryStore, TokenCountEstimator tokens, KnowledgeGapLog gaps, AnswerConfig config,
            AnswerRecords records, Clock clock, Router router, ChatModelFactory chatModels) {
        this.router = router;
        this.chatModels = chatModels;
        this.search = search;
        this.gate = gate;
        this.model = model;
        this.generate = generate;
        this.memoryStore = memoryStore;
        this.tokens = tokens;
        this.gaps = gaps;
        this.config = config;
        this.records = records;
        this.clock = clock;
    }

    public boolean generates() {
        return generate;
    }

    public Answer ask(Question question) {
        long start = System.nanoTime();
        ChatMemory memory = question.sessionId() == null ? null : TokenWindowChatMemory.builder()
                .id(question.memoryId())
                .maxTokens(config.memory().maxTokens(), tokens)
                .chatMemoryStore(memoryStore)
                .build();
        List<ChatMessage> history = memory == null ? List.of() : memory.messages();
        String historyText = render(history);

        int promptTokens = 0;
        int completionTokens = 0;
        long generateNanos = 0;
        String retrievalQuery = question.text();
        if (!history.isEmpty()) {
            if (generate) {
                long rewriteStart = System.nanoTime();
                Result<String> rewritten = model.rewrite(historyText, question.text());
                generateNanos += System.nanoTime() - rewriteStart;
                promptTokens += inputTokens(rewritten.tokenUsage());
                completionTokens += outputTokens(rewritten.tokenUsage());
                retrievalQuery = rewritten.content().strip();
            } else if (FOLLOW_UP.matcher(question.text()).find() || question.text().split("\\s+").length <= 4) {
                retrievalQuery = lastUserQuestion(history) + " " + question.text();
            }
        }

        SearchResult retrieved = search.search(new SearchRequest(retrievalQuery, question.k(), question.filter(), 0, question.tenant()));
        List<SearchHit> hits = retrieved.hits();
        GroundingGate.Decision grounding = gate.evaluate(retrievalQuery, hits);
        int embeddingTokens = tokens.estimateTokenCountInText(retrievalQuery);

        long routeStart = System.nanoTime();
        RouteDecision route = router.route(question.text(), retrieved.queryVector(), grounding.topRelevance(), question.tenant());
        long routeNanos = System.nanoTime() - routeStart;

        String mode;
        String text;
        List<Answer.Citation> citations;
        String servedBy = null;
        if (route.tuned()) {
            // the tuned model carries the behaviour; hybrid adds the sources, behaviour answers from the model alone
            long generateStart = System.nanoTime();
            List<ChatMessage> messages = new ArrayList<>();
            if (route.route().equals(RouteDecision.HYBRID)) {
                messages.add(SystemMessage.from(Prompts.ANSWER_SYSTEM));
                messages.add(UserMessage.from(Prompts.answerUser(historyText, SourceFormatter.format(hits), question.text())));
            } else {
                messages.addAll(history);
                messages.add(UserMessage.from(question.text()));
            }
            ChatResponse response = model.chat(chatModels.chatModel(route.model()), messages);
            generateNanos += System.nanoTime() - generateStart;
            promptTokens += inputTokens(response.tokenUsage());
            completionTokens += outputTokens(response.tokenUsage());
            text = response.aiMessage().text() == null ? "" : response.aiMessage().text().strip();
            servedBy = route.model().name();
            if (route.route().equals(RouteDecision.HYBRID)) {
                mode = text.startsWith(Prompts.NOT_COVERED) ? "refused" : "generated";
                citations = cited(text, hits);
            } else {
                mode = "generated";
                citations = List.of();
            }
        } else if (!grounding.answerable()) {
            gaps.record(question.tenant(), question.text());
            mode = "refused";
            text = Prompts.NOT_COVERED;
            citations = List.of();
        } else if (!generate) {
            mode = "retrieval-only";
            text = RETRIEVAL_ONLY_NOTICE;
            citations = new ArrayList<>();
            for (int i = 0; i < hits.size(); i++) {
                citations.add(new Answer.Citation(i + 1, hits.get(i)));
            }
        } else {
            long generateStart = System.nanoTime();
            Result<String> result = model.answer(historyText, SourceFormatter.format(hits), question.text());
            generateNanos += System.nanoTime() - generateStart;
            promptTokens += inputTokens(result.tokenUsage());
            completionTokens += outputTokens(result.tokenUsage());
            text = result.content().strip();
            mode = text.startsWith(Prompts.NOT_COVERED) ? "refused" : "generated";
            if (mode.equals("refused")) {
                gaps.record(question.tenant(), question.text());
            }
            citations = cited(text, hits);
            servedBy = config.modelName();
        }

        if (memory != null) {
            memory.add(UserMessage.from(question.text()));
            memory.add(AiMessage.from(text));
        }
        String answerId = UUID.randomUUID().toString();
        records.save(new AnswerRecord(answerId, question.text(), turns(history), retrievalQuery, text, mode, route.route(),
                servedBy, hits.stream().map(hit -> hit.chunk().chunkId()).toList(),
                citations.stream().map(c -> c.hit().chunk().chunkId()).toList(), clock.instant(), question.tenant()));
        long total = System.nanoTime() - start;
        String priced = route.tuned() ? route.model().model() : config.modelName();
        return new Answer(answerId, text, mode, route.route(), retrievalQuery, citations, grounding,
                new Answer.Usage(promptTokens, completionTokens, embeddingTokens), cost(priced, promptTokens, completionTokens),
                new Answer.Latency(retrieved.embedMillis(), retrieved.searchMillis(), generateNanos / 1_000_000, total / 1_000_000),
                new Answer.Routing(route.reason(), route.scores(), servedBy, route.candidate(), route.note(),
                        Math.round(routeNanos / 10_000.0) / 100.0));
    }

    private static List<AnswerRecord.Turn> turns(List<ChatMessage> history) {
        return history.stream()
                .map(m -> new AnswerRecord.Turn(m instanceof UserMessage ? "user" : "assistant", JtokkitTokenCountEstimator.textOf(m)))
                .toList();
    }

    /** Only the sources the answer cites, in the order first cited, keeping the numbers the model used. */
    static List<Answer.Citation> cited(String answer, List<SearchHit> hits) {
        Set<Integer> numbers = new LinkedHashSet<>();
        Matcher matcher = CITATION.matcher(answer);
        while (matcher.find()) {
            int n = Integer.parseInt(matcher.group(1));
            if (n >= 1 && n <= hits.size()) {
                numbers.add(n);
            }
        }
        return numbers.stream().map(n -> new Answer.Citation(n, hits.get(n - 1))).toList();
    }

    private double cost(String modelName, int promptTokens, int completionTokens) {
        AnswerConfig.Price price = config.prices().get(modelName);
        if (price == null) {
            return 0;
        }
        return Math.round((promptTokens * price.input() + completionTokens * price.output()) / 1_000_000 * 1e8) / 1e8;
    }

    private static String render(List<ChatMessage> history) {
        if (history.isEmpty()) {
            return "(none)";
        }
        StringBuilder text = new StringBuilder();
        for (ChatMessage message : history) {
            String role = message instanceof UserMessage ? "User" : "Assistant";
            text.append(role).append(": ").append(JtokkitTokenCountEstimator.textOf(message)).append('\n');
        }
        return text.toString().stripTrailing();
    }

    private static String lastUserQuestion(List<ChatMessage> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i) instanceof UserMessage user) {
                return JtokkitTokenCountEstimator.textOf(user);
            }
        }
        return "";
    }

    private static int inputTokens(TokenUsage usage) {
        return usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
    }

    private static int outputTokens(TokenUsage usage) {
        return usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
    }
}
