package dev.ragtune.ask;

import dev.langchain4j.service.Result;
import dev.ragtune.model.BaseModel;

/**
 * The knowledge route: when the grounding gate lets the question through, and (with {@code modelCheck}) the base
 * model agrees the sources answer it ({@link Prompts#SUPPORT_SYSTEM}), the base model answers from the numbered,
 * delimited sources ({@link Prompts#ANSWER_SYSTEM}); otherwise no answer is generated.
 */
public class KnowledgeResponder implements Responder {

    private final ModelGateway model;
    private final BaseModel baseModel;
    private final boolean modelCheck;

    public KnowledgeResponder(ModelGateway model, BaseModel baseModel, boolean modelCheck) {
        this.model = model;
        this.baseModel = baseModel;
        this.modelCheck = modelCheck;
    }

    @Override
    public Reply respond(AnswerInput input) {
        if (!input.grounding().answerable()) {
            return Reply.notCovered();
        }
        String sources = SourceFormatter.format(input.hits());
        ModelUsage checked = ModelUsage.NONE;
        if (modelCheck) {
            long start = System.nanoTime();
            Result<String> verdict = model.supports(sources, input.question());
            checked = ModelUsage.since(start, verdict.tokenUsage());
            // only a clear "no" refuses: an unclear reply leaves the decision to the answer prompt, which can refuse too
            if (verdict.content() != null && verdict.content().strip().toLowerCase(java.util.Locale.ROOT).startsWith("no")) {
                return new Reply(Prompts.NOT_COVERED, AnswerMode.REFUSED, java.util.List.of(), baseModel.name(), checked);
            }
        }
        long start = System.nanoTime();
        Result<String> result = model.answer(input.conversation().text(), sources, input.question());
        String text = result.content() == null ? "" : result.content().strip();
        return Reply.fromSources(text, input, baseModel.name(), checked.plus(ModelUsage.since(start, result.tokenUsage())));
    }
}
