package dev.ragtune.ask;

import dev.langchain4j.service.Result;
import dev.ragtune.model.BaseModel;

/**
 * The knowledge route: when the grounding gate lets the question through, the base model answers from the
 * numbered, delimited sources ({@link Prompts#ANSWER_SYSTEM}); otherwise no model is called.
 */
public class KnowledgeResponder implements Responder {

    private final ModelGateway model;
    private final BaseModel baseModel;

    public KnowledgeResponder(ModelGateway model, BaseModel baseModel) {
        this.model = model;
        this.baseModel = baseModel;
    }

    @Override
    public Reply respond(AnswerInput input) {
        if (!input.grounding().answerable()) {
            return Reply.notCovered();
        }
        long start = System.nanoTime();
        Result<String> result = model.answer(input.conversation().text(), SourceFormatter.format(input.hits()), input.question());
        String text = result.content() == null ? "" : result.content().strip();
        return Reply.fromSources(text, input, baseModel.name(), ModelUsage.since(start, result.tokenUsage()));
    }
}
