package dev.ragtune.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragtune.knowledge.index.KnowledgeIndex;
import dev.ragtune.security.Roles;
import dev.ragtune.testing.OpenAiStub;
import dev.ragtune.testing.OpenAiStubResource;
import dev.ragtune.testing.OpenAiStubResource.InjectOpenAiStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/eval-answers.sh's command against the running application, the OpenAI stub answering, and a second stub
 * standing in for the judge. The stand-in grades from the prompt it receives (each answer sentence counts as supported
 * when most of its words are in a cited passage), so the scores below move only if the command really sends the
 * question, the answer and the cited passages to the judge and reads its verdict back.
 */
@QuarkusTest
@TestSecurity(user = "test", roles = {Roles.READER, Roles.EDITOR, Roles.ADMIN})
@QuarkusTestResource(OpenAiStubResource.class)
class AnswerEvaluationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FIRST_SOURCE = Pattern.compile("<source id=\"1\"[^>]*>\\n(.*?)\\n</source>", Pattern.DOTALL);

    @InjectOpenAiStub
    OpenAiStub model;

    @Inject
    KnowledgeIndex index;

    private OpenAiStub judge;
    private AnswerEvaluationCommand command;

    @BeforeEach
    void start() throws Exception {
        model.reset();
        index.clear();
        judge = new OpenAiStub();
        judge.answerEachWith(request -> grade(OpenAiStub.userPrompt(request)));
        command = new AnswerEvaluationCommand(new AnswerEvaluationCommand.Settings("http://127.0.0.1:" + RestAssured.port,
                dev.ragtune.testing.ApiKeyFixture.create("answer-eval", "default", Roles.READER, Roles.EDITOR, Roles.ADMIN),
                judge.baseUrl(), "judge-key", "judge-model"));
        command.ingest(List.of(
                line("{\"id\":\"billing\",\"title\":\"Billing\",\"text\":\"# Invoices\\n\\nInvoices are emailed on the first day of each month to the account owner.\"}"),
                line("{\"id\":\"passwords\",\"title\":\"Passwords\",\"text\":\"# Reset your password\\n\\nTo reset a forgotten password, click 'Forgot password' on the sign-in page; a reset link is emailed to you and expires after one hour.\"}")));
    }

    @AfterEach
    void stop() {
        judge.close();
    }

    private static final List<JsonNode> QUESTIONS = List.of(
            line("{\"id\":\"a1\",\"question\":\"When are invoices emailed?\",\"gold_doc_ids\":[\"billing\"]}"),
            line("{\"id\":\"a2\",\"question\":\"How long is a password reset link valid?\",\"gold_doc_ids\":[\"passwords\"]}"),
            line("{\"id\":\"u1\",\"question\":\"How do I bake sourdough bread at home?\",\"gold_doc_ids\":[],\"unanswerable\":true}"));

    @Test
    void aFaithfulAnswerAndAnUnfaithfulOneScoreApart() throws Exception {
        // faithful: the first source's own sentence, cited
        model.answerEachWith(request -> {
            Matcher source = FIRST_SOURCE.matcher(OpenAiStub.userPrompt(request));
            return source.find() ? source.group(1).strip() + " [1]" : "no source";
        });
        ObjectNode faithful = command.evaluate(QUESTIONS);
        System.out.println("faithful: " + faithful.toPrettyString());
        List<JsonObject> judged = judge.requests();

        judge.reset();
        judge.answerEachWith(request -> grade(OpenAiStub.userPrompt(request)));
        model.answerEachWith(request -> "Invoices are faxed every Friday by the billing robot, and refunds take ninety days [1].");
        ObjectNode unfaithful = command.evaluate(QUESTIONS);
        System.out.println("unfaithful: " + unfaithful.toPrettyString());

        // the judge saw the question, the answer and the cited passage, under the fixed rubric
        assertThat(judged).hasSize(2);
        String prompt = OpenAiStub.userPrompt(judged.get(1));
        assertThat(prompt).contains("Question: How long is a password reset link valid?")
                .contains("[1] To reset a forgotten password").contains("expires after one hour").contains(AnswerJudge.RUBRIC);
        assertThat(OpenAiStub.systemPrompt(judged.get(1))).isEqualTo(AnswerJudge.SYSTEM);

        assertThat(faithful.path("questions").asInt()).isEqualTo(3);
        assertThat(faithful.path("answered").asInt()).isEqualTo(2);
        assertThat(faithful.path("refusal").path("unanswerable_refused").asDouble()).isEqualTo(1.0);
        assertThat(faithful.path("refusal").path("answerable_refused").asDouble()).isZero();
        assertThat(faithful.path("faithfulness").asDouble()).isEqualTo(1.0);
        assertThat(faithful.path("citation_precision").asDouble()).isEqualTo(1.0);
        assertThat(faithful.path("citation_recall").asDouble()).isEqualTo(1.0);
        assertThat(faithful.path("answer_relevance").asDouble()).isEqualTo(1.0);
        assertThat(faithful.path("source_overlap").asDouble()).isGreaterThan(0.9);
        assertThat(faithful.path("judge_tokens").asLong()).isPositive();

        assertThat(unfaithful.path("faithfulness").asDouble()).isZero();
        assertThat(unfaithful.path("citation_precision").asDouble()).isZero();
        assertThat(unfaithful.path("source_overlap").asDouble()).isLessThan(0.4);
        assertThat(unfaithful.path("per_question").get(0).path("faithfulness").asDouble()).isZero();
    }

    /**
     * The stand-in judge: reads the sources and the answer out of the judge prompt; a sentence is supported when
     * 70 % of its longer words are in one source, and that source then supports the answer.
     */
    private static String grade(String prompt) {
        String sources = prompt.substring(prompt.indexOf("Sources:\n") + 9, prompt.indexOf("\n\nAnswer: "));
        String answer = prompt.substring(prompt.indexOf("\n\nAnswer: ") + 10, prompt.indexOf("\n\nRubric:"));
        String question = prompt.substring(prompt.indexOf("Question: ") + 10, prompt.indexOf("\n\nSources:"));
        List<String[]> numbered = new ArrayList<>();
        for (String source : sources.split("\n")) {
            Matcher n = Pattern.compile("^\\[(\\d+)] (.*)$").matcher(source);
            if (n.find()) {
                numbered.add(new String[] {n.group(1), n.group(2)});
            }
        }
        int sentences = 0;
        int supported = 0;
        Set<String> supporting = new HashSet<>();
        for (String sentence : answer.replaceAll("\\[\\d+]", " ").split("(?<=[.!?;])\\s+")) {
            Set<String> words = AnswerEvaluationCommand.words(sentence);
            if (words.isEmpty()) {
                continue;
            }
            sentences++;
            boolean backed = false;
            for (String[] source : numbered) {
                Set<String> sourceWords = AnswerEvaluationCommand.words(source[1]);
                if (words.stream().filter(sourceWords::contains).count() >= 0.7 * words.size()) {
                    supporting.add(source[0]);
                    backed = true;
                }
            }
            supported += backed ? 1 : 0;
        }
        Set<String> asked = AnswerEvaluationCommand.words(question);
        boolean onTopic = AnswerEvaluationCommand.words(answer).stream().anyMatch(asked::contains);
        return "Here is my grade:\n{\"faithfulness\": " + (sentences == 0 ? 0 : supported / (double) sentences)
                + ", \"relevance\": " + (onTopic ? 1 : 0) + ", \"supporting\": [" + String.join(", ", supporting) + "]}";
    }

    private static JsonNode line(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
