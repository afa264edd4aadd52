package dev.ragtune.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * recall@1/5/10, MRR and nDCG@10 over distinct retrieved documents: a question counts as found at
 * rank k when a chunk of a gold document is among the first k distinct documents.
 */
final class RetrievalMetrics {

    private double recall1;
    private double recall5;
    private double recall10;
    private double reciprocalRanks;
    private double ndcg10;
    private int questions;

    void add(List<String> rankedDocuments, Set<String> gold) {
        questions++;
        int first = -1;
        double dcg = 0;
        for (int i = 0; i < rankedDocuments.size(); i++) {
            if (gold.contains(rankedDocuments.get(i))) {
                if (first < 0) {
                    first = i + 1;
                }
                if (i < 10) {
                    dcg += 1 / log2(i + 2);
                }
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(gold.size(), 10); i++) {
            ideal += 1 / log2(i + 2);
        }
        if (first > 0) {
            recall1 += first <= 1 ? 1 : 0;
            recall5 += first <= 5 ? 1 : 0;
            recall10 += first <= 10 ? 1 : 0;
            reciprocalRanks += 1.0 / first;
        }
        ndcg10 += ideal == 0 ? 0 : dcg / ideal;
    }

    int questions() {
        return questions;
    }

    Map<String, Double> summary() {
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("recall@1", round(recall1));
        summary.put("recall@5", round(recall5));
        summary.put("recall@10", round(recall10));
        summary.put("mrr", round(reciprocalRanks));
        summary.put("ndcg@10", round(ndcg10));
        return summary;
    }

    private double round(double total) {
        return questions == 0 ? 0 : Math.round(total / questions * 1000) / 1000.0;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
