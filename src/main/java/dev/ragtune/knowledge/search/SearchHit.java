package dev.ragtune.knowledge.search;

import dev.ragtune.knowledge.index.ChunkMatch;

/**
 * One result: the chunk, its semantic relevance to the query ((cosine + 1) / 2, comparable across
 * queries and what minScore applies to), its fusion score, its place in each ranking that found it
 * (null: not found), and how much users' ratings moved it ({@code feedbackBoost}, added to the fusion
 * score for ordering only; see {@link FeedbackRanking}).
 */
public record SearchHit(ChunkMatch chunk, double score, double fusedScore, Integer vectorRank, Integer lexicalRank,
        double feedbackBoost) {
}
