package dev.ragtune.ask;

import java.util.List;

/** With no model configured: the passages the gate lets through, best first, as the answer's citations. */
public class RetrievalOnlyResponder implements Responder {

    public static final String NOTICE =
            "ragtune runs in retrieval-only mode (no model is configured): these are the most relevant passages.";

    @Override
    public Reply respond(AnswerInput input) {
        if (!input.grounding().answerable()) {
            return Reply.notCovered();
        }
        return new Reply(NOTICE, AnswerMode.RETRIEVAL_ONLY, List.copyOf(Citations.all(input.hits())), null, ModelUsage.NONE);
    }
}
