package dev.ragtune.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A synthesised CloudFormation template read as CloudFormation would deploy it into one account and region, so a
 * test can run the packaged functions with what the template gives them: each Lambda function's handler, memory,
 * timeout, code and layers (their S3 objects mapped to local files), environment and the secrets its role may read;
 * each EventBridge rule's target function and constant input; the secrets the stack generates.
 *
 * <p>Intrinsic functions are resolved as CloudFormation does for the values the test uses: {@code Ref} to a
 * parameter, a pseudo parameter, a secret (its ARN) or a layer version (its ARN); {@code Fn::Sub}; {@code Fn::Join}.
 * Anything else fails with the path of the value, so a template that starts using another intrinsic in a function's
 * environment is noticed rather than passed on unresolved.
 */
public final class DeployedTemplate {

    /** A Lambda function as deployed: what the Lambda service would run, with which settings. */
    public record LambdaFunction(String logicalId, String handler, int memorySizeMb, int timeoutSeconds, Path code,
            List<Path> layers, Map<String, String> environment, Set<String> readableSecrets) {
    }

    /** An EventBridge rule's target: the function it invokes (through an alias or directly) and the exact event. */
    public record ScheduledTarget(String ruleLogicalId, String scheduleExpression, String functionLogicalId, String input) {
    }

    /**
     * An HTTP API route ({@code METHOD /path}, {@code ANY} for every method, {@code {name+}} for one or more segments,
     * {@code {name}} for one) and the function its integration invokes.
     */
    public record HttpRoute(String routeKey, String functionLogicalId, int integrationTimeoutMillis) {

        public boolean matches(String method, String path) {
            String[] parts = routeKey.split(" ", 2);
            if (!parts[0].equals("ANY") && !parts[0].equals(method)) {
                return false;
            }
            StringBuilder regex = new StringBuilder();
            for (String segment : parts[1].substring(1).split("/")) {
                regex.append('/').append(segment.matches("\\{[^}]+\\+}") ? ".+"
                        : segment.matches("\\{[^}]+}") ? "[^/]+" : Pattern.quote(segment));
            }
            return path.matches(regex.toString());
        }

        /** API Gateway prefers an exact path to a greedy one, a longer path to a shorter one, a method to ANY. */
        int specificity() {
            String[] parts = routeKey.split(" ", 2);
            return (parts[1].contains("+}") ? 0 : 100_000) + parts[1].length() * 2 + (parts[0].equals("ANY") ? 0 : 1);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final JsonNode resources;
    private final String region;
    private final String account;
    private final Map<String, String> parameters;
    private final Map<String, Path> codeBuckets;

    /**
     * {@code parameters}: the values given to the template's parameters at deploy time; {@code codeBuckets}: the
     * local directory standing in for each S3 bucket that code and layers are uploaded to.
     */
    public DeployedTemplate(Path template, String region, String account, Map<String, String> parameters,
            Map<String, Path> codeBuckets) throws IOException {
        JsonNode root = JSON.readTree(template.toFile());
        this.resources = root.path("Resources");
        this.region = region;
        this.account = account;
        this.parameters = Map.copyOf(parameters);
        this.codeBuckets = Map.copyOf(codeBuckets);
        root.path("Parameters").fieldNames().forEachRemaining(name -> {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("the template's parameter " + name + " has no value");
            }
        });
    }

    /** The one AWS::Lambda::Function whose logical id starts with the prefix (CDK appends a hash). */
    public LambdaFunction function(String logicalIdPrefix) {
        String id = onlyResource("AWS::Lambda::Function", logicalIdPrefix);
        JsonNode properties = resources.path(id).path("Properties");
        Map<String, String> environment = new LinkedHashMap<>();
        properties.path("Environment").path("Variables").fields().forEachRemaining(variable -> environment.put(
                variable.getKey(), resolve(variable.getValue(), id + ".Environment.Variables." + variable.getKey())));
        List<Path> layers = new ArrayList<>();
        properties.path("Layers").forEach(layer -> layers.add(layerCode(layer, id)));
        return new LambdaFunction(id, properties.path("Handler").asText(), properties.path("MemorySize").asInt(128),
                properties.path("Timeout").asInt(3), s3Object(properties.path("Code"), id + ".Code"), List.copyOf(layers),
                Map.copyOf(environment), readableSecrets(properties.path("Role"), id));
    }

    /** The targets of every scheduled EventBridge rule. */
    public List<ScheduledTarget> scheduledTargets() {
        List<ScheduledTarget> targets = new ArrayList<>();
        resources.fields().forEachRemaining(resource -> {
            JsonNode properties = resource.getValue().path("Properties");
            if (!resource.getValue().path("Type").asText().equals("AWS::Events::Rule")
                    || !properties.has("ScheduleExpression")) {
                return;
            }
            properties.path("Targets").forEach(target -> targets.add(new ScheduledTarget(resource.getKey(),
                    properties.path("ScheduleExpression").asText(), invokedFunction(target.path("Arn"), resource.getKey()),
                    target.path("Input").asText())));
        });
        return targets;
    }

    /** The routes of the template's HTTP APIs, each with the function its integration reaches. */
    public List<HttpRoute> httpRoutes() {
        List<HttpRoute> routes = new ArrayList<>();
        resources.fields().forEachRemaining(resource -> {
            if (!resource.getValue().path("Type").asText().equals("AWS::ApiGatewayV2::Route")) {
                return;
            }
            JsonNode properties = resource.getValue().path("Properties");
            // Target: {"Fn::Join": ["", ["integrations/", {"Ref": integration}]]}
            JsonNode target = properties.path("Target").path("Fn::Join").path(1).path(1);
            JsonNode integration = resources.path(referencedResource(target, resource.getKey() + ".Target"));
            if (!integration.path("Properties").path("IntegrationType").asText().equals("AWS_PROXY")) {
                throw new IllegalStateException(resource.getKey() + " does not proxy to a Lambda function");
            }
            routes.add(new HttpRoute(properties.path("RouteKey").asText(),
                    invokedFunction(integration.path("Properties").path("IntegrationUri"), resource.getKey()),
                    integration.path("Properties").path("TimeoutInMillis").asInt(30_000)));
        });
        return routes;
    }

    /** The route API Gateway chooses for a request, if any (no route: the API answers 404 without calling a function). */
    public java.util.Optional<HttpRoute> route(String method, String path) {
        return httpRoutes().stream().filter(route -> route.matches(method, path))
                .max(java.util.Comparator.comparingInt(HttpRoute::specificity));
    }

    /**
     * The value of every secret the stack generates (AWS::SecretsManager::Secret with GenerateSecretString), by ARN,
     * generated as that property says (length, punctuation, spaces, excluded characters).
     */
    public Map<String, String> generatedSecrets(SecureRandom random) {
        Map<String, String> secrets = new LinkedHashMap<>();
        resources.fields().forEachRemaining(resource -> {
            JsonNode generate = resource.getValue().path("Properties").path("GenerateSecretString");
            if (!resource.getValue().path("Type").asText().equals("AWS::SecretsManager::Secret") || generate.isMissingNode()) {
                return;
            }
            if (generate.has("SecretStringTemplate") || generate.has("GenerateStringKey")) {
                throw new IllegalStateException(resource.getKey() + ": JSON secrets are not generated here");
            }
            StringBuilder alphabet = new StringBuilder();
            if (!generate.path("ExcludeUppercase").asBoolean()) {
                alphabet.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
            }
            if (!generate.path("ExcludeLowercase").asBoolean()) {
                alphabet.append("abcdefghijklmnopqrstuvwxyz");
            }
            if (!generate.path("ExcludeNumbers").asBoolean()) {
                alphabet.append("0123456789");
            }
            if (!generate.path("ExcludePunctuation").asBoolean()) {
                alphabet.append(PUNCTUATION);
            }
            if (generate.path("IncludeSpace").asBoolean()) {
                alphabet.append(' ');
            }
            String excluded = generate.path("ExcludeCharacters").asText("");
            String allowed = alphabet.chars().filter(c -> excluded.indexOf(c) < 0)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            StringBuilder value = new StringBuilder();
            for (int i = 0, length = generate.path("PasswordLength").asInt(32); i < length; i++) {
                value.append(allowed.charAt(random.nextInt(allowed.length())));
            }
            secrets.put(secretArn(resource.getKey()), value.toString());
        });
        return secrets;
    }

    private String onlyResource(String type, String logicalIdPrefix) {
        List<String> found = new ArrayList<>();
        resources.fields().forEachRemaining(resource -> {
            if (resource.getKey().startsWith(logicalIdPrefix) && resource.getValue().path("Type").asText().equals(type)) {
                found.add(resource.getKey());
            }
        });
        if (found.size() != 1) {
            throw new IllegalArgumentException("expected one " + type + " named " + logicalIdPrefix + "*, found " + found);
        }
        return found.get(0);
    }

    /** The secrets a function's role allows secretsmanager:GetSecretValue on (inline policies; the stack uses no others). */
    private Set<String> readableSecrets(JsonNode roleArn, String function) {
        JsonNode role = resources.path(referencedResource(roleArn, function + ".Role"));
        if (role.path("Properties").has("ManagedPolicyArns")) {
            throw new IllegalStateException(function + "'s role has managed policies, which this reading does not follow");
        }
        Set<String> secrets = new LinkedHashSet<>();
        role.path("Properties").path("Policies").forEach(policy -> policy.path("PolicyDocument").path("Statement")
                .forEach(statement -> {
                    if (statement.path("Effect").asText().equals("Allow")
                            && texts(statement.path("Action")).contains("secretsmanager:GetSecretValue")) {
                        JsonNode resource = statement.path("Resource");
                        (resource.isArray() ? resource : JSON.createArrayNode().add(resource))
                                .forEach(arn -> secrets.add(resolve(arn, function + ".Role.Resource")));
                    }
                }));
        return Set.copyOf(secrets);
    }

    /** A function's target: a Ref to an alias (followed to its function), a Ref to a function, or its Arn attribute. */
    private String invokedFunction(JsonNode arn, String rule) {
        String target = referencedResource(arn, rule + ".Targets.Arn");
        String type = resources.path(target).path("Type").asText();
        return switch (type) {
            case "AWS::Lambda::Function" -> target;
            case "AWS::Lambda::Alias" -> referencedResource(resources.path(target).path("Properties").path("FunctionName"),
                    target + ".FunctionName");
            default -> throw new IllegalStateException(rule + " targets a " + type + ", not a Lambda function");
        };
    }

    /** The logical id in {"Ref": id} or {"Fn::GetAtt": [id, attribute]}. */
    private static String referencedResource(JsonNode reference, String where) {
        if (reference.has("Ref")) {
            return reference.path("Ref").asText();
        }
        if (reference.has("Fn::GetAtt")) {
            return reference.path("Fn::GetAtt").path(0).asText();
        }
        throw new IllegalStateException(where + ": not a reference to a resource: " + reference);
    }

    private Path layerCode(JsonNode layerArn, String function) {
        String id = referencedResource(layerArn, function + ".Layers");
        JsonNode layer = resources.path(id);
        if (!layer.path("Type").asText().equals("AWS::Lambda::LayerVersion")) {
            throw new IllegalStateException(function + ".Layers names " + id + ", not a layer version of this template");
        }
        return s3Object(layer.path("Properties").path("Content"), id + ".Content");
    }

    private Path s3Object(JsonNode location, String where) {
        String bucket = resolve(location.path("S3Bucket"), where + ".S3Bucket");
        Path directory = codeBuckets.get(bucket);
        if (directory == null) {
            throw new IllegalStateException(where + ": no local directory stands in for bucket " + bucket);
        }
        return directory.resolve(resolve(location.path("S3Key"), where + ".S3Key"));
    }

    private String secretArn(String logicalId) {
        return "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + logicalId + "-AbCdEf";
    }

    /** A value as CloudFormation resolves it at deploy time. */
    String resolve(JsonNode value, String where) {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return ref(value.path("Ref").asText(), where);
        }
        if (value.has("Fn::Join")) {
            List<String> parts = new ArrayList<>();
            value.path("Fn::Join").path(1).forEach(part -> parts.add(resolve(part, where)));
            return String.join(value.path("Fn::Join").path(0).asText(), parts);
        }
        if (value.has("Fn::Sub")) {
            JsonNode sub = value.path("Fn::Sub");
            String text = sub.isArray() ? sub.path(0).asText() : sub.asText();
            JsonNode variables = sub.isArray() ? sub.path(1) : JSON.createObjectNode();
            Matcher matcher = SUB_VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1);
                String replacement = variables.has(name) ? resolve(variables.path(name), where) : ref(name, where);
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            return out.toString();
        }
        throw new IllegalStateException(where + ": no local resolution for " + value);
    }

    private String ref(String name, String where) {
        switch (name) {
            case "AWS::Region":
                return region;
            case "AWS::AccountId":
                return account;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            default:
                break;
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        String type = resources.path(name).path("Type").asText();
        return switch (type) {
            case "AWS::SecretsManager::Secret" -> secretArn(name);
            case "AWS::Lambda::LayerVersion" -> "arn:aws:lambda:" + region + ":" + account + ":layer:" + name + ":1";
            default -> throw new IllegalStateException(where + ": no local resolution for Ref " + name
                    + (type.isEmpty() ? "" : " (" + type + ")"));
        };
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(element -> texts.add(element.asText()));
        } else {
            texts.add(node.asText());
        }
        return texts;
    }
}
