package dev.ragtune.ask;

import java.time.Clock;
import java.util.List;

/**
 * The last step of an ask: what the answer becomes beyond the response. The record feedback will rate, a knowledge
 * gap when the documentation did not cover the question, and one metrics line.
 */
public class AnswerLog {

    private final AnswerRecords records;
    private final KnowledgeGapLog gaps;
    private final AnswerMetrics metrics;
    private final Clock clock;

    public AnswerLog(AnswerRecords records, KnowledgeGapLog gaps, AnswerMetrics metrics, Clock clock) {
        this.records = records;
        this.gaps = gaps;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Answer record(Question question, Conversation conversation, List<String> retrievedChunkIds, Answer answer) {
        if (answer.mode() == AnswerMode.REFUSED) {
            gaps.record(question.tenant(), question.text());
        }
        records.save(new AnswerRecord(answer.answerId(), question.text(), conversation.turns(), answer.retrievalQuery(),
                answer.answer(), answer.mode(), answer.route(), answer.routing().model(), retrievedChunkIds,
                answer.citations().stream().map(c -> c.hit().chunk().chunkId()).toList(), clock.instant(), question.tenant()));
        return metrics.recorded(answer);
    }
}
