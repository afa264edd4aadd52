package dev.ragtune.docs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shell subset DocsExamplesTest reads: words, quotes, continuations, $VAR, $(...) and the comments it checks. */
class ShellExamplesTest {

    private static String expand(ShellExamples.Word word, Map<String, String> variables) {
        return word.expand(variables, pipeline -> "<" + pipeline.get(0).name() + ">");
    }

    @Test
    void quotesContinuationsAndVariablesMakeTheWordsBashWouldPass() {
        String block = """
                export K='X-API-Key: abc'   # dev
                curl -H "$K" -X PUT localhost:8080/documents/a \\
                  -d '{"text": "x\\ny",
                  "id": "'$ID'"}'
                # -> 201 {"status":"created",
                #     "chunks":1}
                # the next example
                DS=$(curl -s localhost:8080/x | jq -r .id)   # -> 202
                """;
        List<List<ShellExamples.Command>> pipelines = ShellExamples.parse(block, 1);
        assertThat(pipelines).hasSize(3);
        Map<String, String> variables = new HashMap<>(Map.of("K", "X-API-Key: abc", "ID", "i-1"));

        ShellExamples.Command export = pipelines.get(0).get(0);
        assertThat(export.words()).extracting(w -> expand(w, variables)).containsExactly("export", "K=X-API-Key: abc");
        assertThat(export.comment().toString()).isEqualTo(" dev\n");

        ShellExamples.Command curl = pipelines.get(1).get(0);
        assertThat(curl.words()).extracting(w -> expand(w, variables)).containsExactly("curl", "-H", "X-API-Key: abc", "-X", "PUT",
                "localhost:8080/documents/a", "-d", "{\"text\": \"x\\ny\",\n  \"id\": \"i-1\"}");
        assertThat(DocsExamplesTest.expectation(curl.comment().toString()))
                .isEqualTo("-> 201 {\"status\":\"created\",\n     \"chunks\":1}\n");

        ShellExamples.Command assignment = pipelines.get(2).get(0);
        assertThat(expand(assignment.words().get(0), variables)).isEqualTo("DS=<curl>");
        assertThat(DocsExamplesTest.expectation(assignment.comment().toString())).isEqualTo("-> 202\n");
    }

    @Test
    void anUnsetVariableFailsRatherThanExpandingToNothing() {
        ShellExamples.Command curl = ShellExamples.parse("curl \"$API/admin/keys\"\n", 1).get(0).get(0);
        assertThatThrownBy(() -> expand(curl.words().get(1), Map.of())).hasMessageContaining("$API is used but never set");
    }

    @Test
    void theReadmeHasItsExamplesWithTheirDocumentedAnswers() throws Exception {
        List<ShellExamples.Block> blocks = ShellExamples.blocks(Path.of("README.md"));
        List<ShellExamples.Command> commands = blocks.stream().flatMap(b -> ShellExamples.parse(b.text(), b.line()).stream())
                .map(pipeline -> pipeline.get(pipeline.size() - 1)).toList();
        assertThat(commands).hasSizeGreaterThan(30);
        List<String> expectations = commands.stream().map(c -> DocsExamplesTest.expectation(c.comment().toString()))
                .filter(e -> !e.isEmpty()).toList();
        assertThat(expectations).anyMatch(e -> e.startsWith("-> 201") && e.contains("\"chunks\":1"))
                .anyMatch(e -> e.startsWith("-> 202")).anyMatch(e -> e.startsWith("-> 204")).anyMatch(e -> e.startsWith("-> 409"));
        assertThat(Files.readString(Path.of("README.md"))).contains("@examples/train.jsonl");
        assertThat(Path.of("examples", "train.jsonl")).exists();
    }
}
