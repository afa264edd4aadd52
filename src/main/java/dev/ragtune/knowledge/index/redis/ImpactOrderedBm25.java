package dev.ragtune.knowledge.index.redis;

import dev.ragtune.knowledge.index.lexical.Bm25;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.redis.RedisReplies;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.ragtune.redis.RedisCommands.command;

/**
 * BM25 over a partition's impact-ordered postings (partition-write.lua: one sorted set per term, ordered by the
 * posting's term weight, with its term frequency and chunk length packed into the score), with the work bounded by a
 * budget whatever the corpus size: a search reads at most {@code budget} postings. Terms are read rarest first, each
 * taking an even share of what is left, so a rare term is read whole and a very common one only its best postings.
 * Every posting read is scored exactly, with the statistics current now; the best candidates then get the exact weight
 * of the terms they lack so far (one ZSCORE each). Redis only serves ZCARD, ZRANGE and ZSCORE, each short: the scoring
 * runs here, not on Redis's main thread.
 */
final class ImpactOrderedBm25 {

    /** A partition's (or a whole tenant's) numbers: chunks, their total length, and each query term's document frequency. */
    record Statistics(long chunks, long length, Map<String, Long> documentFrequency, Map<String, Long> postingsKept) {

        double averageLength() {
            return Math.max(1, (double) length / Math.max(1, chunks));
        }

        static Statistics sum(List<Statistics> parts) {
            Map<String, Long> frequency = new HashMap<>();
            Map<String, Long> kept = new HashMap<>();
            parts.forEach(p -> {
                p.documentFrequency().forEach((term, df) -> frequency.merge(term, df, Long::sum));
                p.postingsKept().forEach((term, held) -> kept.merge(term, held, Long::sum));
            });
            return new Statistics(parts.stream().mapToLong(Statistics::chunks).sum(), parts.stream().mapToLong(Statistics::length).sum(),
                    frequency, kept);
        }
    }

    record Candidate(String handle, double score) {
    }

    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::score).reversed()
            .thenComparing(Candidate::handle);

    private final RedisCommands redis;
    private final int budget;

    ImpactOrderedBm25(RedisCommands redis, int budget) {
        this.redis = redis;
        this.budget = budget;
    }

    /**
     * One round trip: the partition's chunk count and length, how many of its chunks hold each term, and how many
     * postings each term keeps (its best ones; the rest were pruned at write time).
     */
    Statistics statistics(String partition, List<String> terms) {
        List<Request> requests = new ArrayList<>();
        requests.add(command("HMGET", partition + ":stats", "chunks", "length"));
        List<Object> frequencyFields = new ArrayList<>();
        frequencyFields.add(partition + ":df");
        frequencyFields.addAll(terms);
        requests.add(command("HMGET", frequencyFields.toArray()));
        terms.forEach(term -> requests.add(command("ZCARD", key(partition, term))));
        List<Response> replies = redis.batch(requests);
        Response stats = replies.get(0);
        Map<String, Long> frequency = new HashMap<>();
        Map<String, Long> kept = new HashMap<>();
        for (int t = 0; t < terms.size(); t++) {
            Response df = replies.get(1).get(t);
            frequency.put(terms.get(t), df == null ? 0 : df.toLong());
            kept.put(terms.get(t), replies.get(t + 2).toLong());
        }
        return new Statistics(stats.get(0) == null ? 0 : stats.get(0).toLong(), stats.get(1) == null ? 0 : stats.get(1).toLong(),
                frequency, kept);
    }

    /** The best {@code wanted} chunks of one partition, scored with the {@code corpus} statistics (the tenant's, when split). */
    List<Candidate> search(String partition, List<String> terms, Statistics own, Statistics corpus, int wanted) {
        List<String> present = terms.stream().filter(t -> own.postingsKept().getOrDefault(t, 0L) > 0)
                .sorted(Comparator.comparingLong(t -> own.documentFrequency().get(t))).toList();
        if (corpus.chunks() == 0 || present.isEmpty()) {
            return List.of();
        }
        List<Request> reads = new ArrayList<>();
        List<Boolean> complete = new ArrayList<>();
        long left = budget;
        for (int t = 0; t < present.size(); t++) {
            long held = own.postingsKept().get(present.get(t));
            long take = Math.min(held, Math.max(1, left / (present.size() - t)));
            left -= take;
            complete.add(take >= held);
            reads.add(command("ZRANGE", key(partition, present.get(t)), "0", String.valueOf(take - 1), "REV", "WITHSCORES"));
        }
        double averageLength = corpus.averageLength();
        double[] idf = present.stream().mapToDouble(t -> Bm25.idf(corpus.documentFrequency().get(t), corpus.chunks())).toArray();
        Map<String, double[]> weights = new HashMap<>();
        List<Response> postings = redis.batch(reads);
        for (int t = 0; t < present.size(); t++) {
            List<Response> leaves = RedisReplies.leaves(postings.get(t));
            for (int i = 0; i + 1 < leaves.size(); i += 2) {
                double[] perTerm = weights.computeIfAbsent(leaves.get(i).toString(), h -> filled(present.size()));
                perTerm[t] = idf[t] * weight(leaves.get(i + 1), averageLength);
            }
        }
        List<Candidate> ranked = ranked(weights);
        // the best candidates get the weights of the terms whose postings were not read whole
        List<Candidate> best = ranked.subList(0, Math.min(ranked.size(), wanted * 2));
        List<Request> lookups = new ArrayList<>();
        List<int[]> asked = new ArrayList<>();
        for (int c = 0; c < best.size(); c++) {
            double[] perTerm = weights.get(best.get(c).handle());
            for (int t = 0; t < present.size(); t++) {
                if (!complete.get(t) && Double.isNaN(perTerm[t])) {
                    lookups.add(command("ZSCORE", key(partition, present.get(t)), best.get(c).handle()));
                    asked.add(new int[] {c, t});
                }
            }
        }
        if (!lookups.isEmpty()) {
            List<Response> found = redis.batch(lookups);
            for (int i = 0; i < found.size(); i++) {
                int[] at = asked.get(i);
                double[] perTerm = weights.get(best.get(at[0]).handle());
                perTerm[at[1]] = found.get(i) == null ? 0 : idf[at[1]] * weight(found.get(i), averageLength);
            }
            Map<String, double[]> refined = new HashMap<>();
            best.forEach(candidate -> refined.put(candidate.handle(), weights.get(candidate.handle())));
            best = ranked(refined);
        }
        return best.subList(0, Math.min(best.size(), wanted));
    }

    private static String key(String partition, String term) {
        return partition + ":lex:" + term;
    }

    /** NaN: not known yet. */
    private static double[] filled(int terms) {
        double[] perTerm = new double[terms];
        java.util.Arrays.fill(perTerm, Double.NaN);
        return perTerm;
    }

    private static List<Candidate> ranked(Map<String, double[]> weights) {
        List<Candidate> ranked = new ArrayList<>(weights.size());
        weights.forEach((handle, perTerm) -> {
            double score = 0;
            for (double w : perTerm) {
                score += Double.isNaN(w) ? 0 : w;
            }
            ranked.add(new Candidate(handle, score));
        });
        ranked.sort(BEST_FIRST);
        return ranked;
    }

    /** The posting's exact BM25 term weight, from the term frequency and chunk length packed in its score. */
    private static double weight(Response packedScore, double averageLength) {
        long packed = (long) Double.parseDouble(packedScore.toString());
        int tf = (int) (packed % 1024);
        int length = (int) ((packed / 1024) % 4096);
        return Bm25.termWeight(tf, length, averageLength);
    }
}
