package dev.ragtune.infra;

import java.util.Map;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app `cdk deploy` runs (see infra/cdk.json): one stack, settings from CDK context, the function code from
 * the zip ./mvnw package built at the root.
 */
public final class RagtuneApp {

    private RagtuneApp() {
    }

    public static void main(String[] args) {
        App app = newApp();
        RagtuneSettings settings = RagtuneSettings.from(key -> app.getNode().tryGetContext(key));
        Object stackName = app.getNode().tryGetContext("stackName");
        new RagtuneStack(app, stackName == null ? "Ragtune" : stackName.toString(),
                StackProps.builder().description("ragtune: knowledge and behaviour for support agents").build(),
                settings, new FunctionCode.Asset(settings.functionZip(),
                        java.nio.file.Path.of(settings.functionZip()).resolveSibling("embedding-layer.zip").toString()));
        app.synth();
    }

    /**
     * An App whose synth fails when a resource breaks the CloudFormation resource specification's rules (property
     * types, formats such as vpc-/sg-/subnet- ids, allowed values): the CDK's built-in "CloudFormation Validate"
     * check, turned from warnings into errors. Tests and StandaloneTemplate use it too.
     */
    public static App newApp() {
        return App.Builder.create().context(Map.of("@aws-cdk/core:validateAgainstDefaultRules", true)).build();
    }
}
