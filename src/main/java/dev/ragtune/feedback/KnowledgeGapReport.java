package dev.ragtune.feedback;

import dev.ragtune.ask.KnowledgeGapLog;
import dev.ragtune.feedback.FeedbackConfig;
import dev.ragtune.knowledge.embedding.Embedder;
import dev.ragtune.knowledge.embedding.EmbeddingClusters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /gaps: what the documentation team should write next. Joins the questions the grounding gate (or
 * the model) refused with the answers users rated down, groups them by meaning, and counts each group.
 */
public class KnowledgeGapReport {

    /** The groups, largest first, how many distinct questions were grouped, and refusals per UTC day (oldest first). */
    public record Report(int questions, List<Cluster> clusters, List<Day> refusalsPerDay) {
    }

    /** Refusals recorded on one UTC day. */
    public record Day(java.time.LocalDate date, long refusals) {
    }

    /** The refusals chart covers this many days up to today. */
    static final int DAYS = 30;

    /**
     * One topic: {@code count} = refusals + downRated (times asked or rated), {@code questions} distinct
     * questions in it, the most frequent first in {@code examples}.
     */
    public record Cluster(long count, long refusals, long downRated, int questions, List<String> examples, Instant lastSeen) {
    }

    private static final class Entry {
        final String question;
        long refusals;
        long downRated;
        Instant lastSeen;

        Entry(String question) {
            this.question = question;
        }

        long count() {
            return refusals + downRated;
        }

        void seen(Instant at) {
            if (at != null && (lastSeen == null || at.isAfter(lastSeen))) {
                lastSeen = at;
            }
        }
    }

    private final KnowledgeGapLog refusals;
    private final RedisFeedbackStore feedback;
    private final Embedder embedder;
    private final FeedbackConfig.Gaps settings;

    public KnowledgeGapReport(KnowledgeGapLog refusals, RedisFeedbackStore feedback, Embedder embedder, FeedbackConfig.Gaps settings) {
        this.refusals = refusals;
        this.feedback = feedback;
        this.embedder = embedder;
        this.settings = settings;
    }

    /** At most {@code limit} of {@code tenant}'s clusters, largest first. */
    public Report report(String tenant, int limit) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (KnowledgeGapLog.Gap gap : refusals.top(tenant, settings.maxQuestions())) {
            Entry entry = entries.computeIfAbsent(gap.question(), Entry::new);
            entry.refusals += gap.count();
            entry.seen(gap.lastAsked());
        }
        for (Feedback rated : feedback.newest(tenant, Feedback.Use.GAP, settings.maxQuestions())) {
            Entry entry = entries.computeIfAbsent(KnowledgeGapLog.normalise(rated.answer().question()), Entry::new);
            entry.downRated++;
            entry.seen(rated.ratedAt());
        }
        List<Day> days = refusals.perDay(tenant, DAYS).entrySet().stream().map(e -> new Day(e.getKey(), e.getValue())).toList();
        if (entries.isEmpty()) {
            return new Report(0, List.of(), days);
        }
        List<Entry> all = new ArrayList<>(entries.values());
        // questions compared with questions: passage embeddings, without the query instruction
        List<float[]> vectors = embedder.embedPassages(all.stream().map(e -> e.question).toList());
        List<Cluster> clusters = new ArrayList<>();
        for (EmbeddingClusters.Cluster group : EmbeddingClusters.cluster(vectors, settings.similarity())) {
            List<Entry> members = group.members().stream().map(all::get)
                    .sorted(Comparator.comparingLong(Entry::count).reversed()).toList();
            Instant lastSeen = members.stream().map(e -> e.lastSeen).filter(java.util.Objects::nonNull)
                    .max(Comparator.naturalOrder()).orElse(null);
            clusters.add(new Cluster(members.stream().mapToLong(Entry::count).sum(), members.stream().mapToLong(e -> e.refusals).sum(),
                    members.stream().mapToLong(e -> e.downRated).sum(), members.size(),
                    members.stream().limit(settings.examples()).map(e -> e.question).toList(), lastSeen));
        }
        clusters.sort(Comparator.comparingLong(Cluster::count).reversed()
                .thenComparing(Cluster::lastSeen, Comparator.nullsLast(Comparator.reverseOrder())));
        return new Report(all.size(), clusters.stream().limit(limit).toList(), days);
    }
}
