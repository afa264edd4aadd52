package dev.ragtune.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import software.amazon.awscdk.App;
import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Writes the stack as a plain CloudFormation template: the code comes from the CodeS3Bucket/CodeS3Key parameters,
 * not from a CDK asset, so no CDK bootstrap is needed to deploy it. The committed
 * cloudformation/ragtune.template.json is this output for cloudformation/ragtune.context.json; regenerate it with
 * {@code ../mvnw -q compile exec:java -Dexec.mainClass=dev.ragtune.infra.StandaloneTemplate} in infra/.
 * Arguments: [settings.json [out.template.json]].
 *
 * <p>cloudformation/deploy-test.template.json is the same for cloudformation/deploy-test.context.json: a retrieval-only
 * deployment (no model key) with the generated bootstrap key secret and an S3 reindex source of tenant acme, which the
 * application's DeployShapedIT runs as deployed (each function's environment, handler, memory and layer, the
 * schedule's event). Regenerate it with {@code -Dexec.args="cloudformation/deploy-test.context.json
 * cloudformation/deploy-test.template.json"}.
 */
public final class StandaloneTemplate {

    public static final Path EXAMPLE_SETTINGS = Path.of("cloudformation/ragtune.context.json");
    public static final Path COMMITTED_TEMPLATE = Path.of("cloudformation/ragtune.template.json");
    public static final Path DEPLOY_TEST_SETTINGS = Path.of("cloudformation/deploy-test.context.json");
    public static final Path DEPLOY_TEST_TEMPLATE = Path.of("cloudformation/deploy-test.template.json");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private StandaloneTemplate() {
    }

    public static void main(String[] args) throws IOException {
        Path settingsFile = args.length > 0 ? Path.of(args[0]) : EXAMPLE_SETTINGS;
        Path out = args.length > 1 ? Path.of(args[1]) : COMMITTED_TEMPLATE;
        Files.writeString(out, render(synthesize(settingsFile)) + "\n");
        System.out.println("wrote " + out);
    }

    /** The template the stack synthesises now for the settings in this JSON file (context key to value). */
    public static Map<String, Object> synthesize(Path settingsFile) throws IOException {
        Map<String, Object> values = JSON.readValue(settingsFile.toFile(), new TypeReference<>() {
        });
        App app = RagtuneApp.newApp();
        RagtuneStack stack = new RagtuneStack(app, "Ragtune", StackProps.builder()
                .description("ragtune: knowledge and behaviour for support agents")
                .synthesizer(DefaultStackSynthesizer.Builder.create().generateBootstrapVersionRule(false).build())
                .build(), RagtuneSettings.from(values), new FunctionCode.S3Parameters());
        return Template.fromStack(stack).toJSON();
    }

    public static String render(Map<String, Object> template) throws IOException {
        return JSON.writeValueAsString(template);
    }
}
