package dev.ragtune.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Runs the packaged function (target/function.zip with target/embedding-layer.zip) the way the Lambda
 * Java runtime does: the AWS runtime interface client as main class, the function unzipped as the task
 * root (its working directory) and the layer at /opt, where the runtime looks for layers. /opt is
 * bind-mounted in a private mount namespace of the child process only ({@code unshare}), so nothing on
 * the machine changes.
 */
public final class PackagedFunction implements AutoCloseable {

    public static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    /** The Lambda Java 17 runtime's JVM defaults: C1 only, serial GC. */
    public static final List<String> LAMBDA_JVM_OPTIONS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xmx1g");

    private final Process process;
    private final Path workDir;
    private final Path log;
    private final long launchedAtNanos;

    private PackagedFunction(Process process, Path workDir, Path log, long launchedAtNanos) {
        this.process = process;
        this.workDir = workDir;
        this.log = log;
        this.launchedAtNanos = launchedAtNanos;
    }

    /** Unzips the function (and layer, when given) into a new directory; reuse it for several launches. */
    public static Path unpack(Path functionZip, Path layerZip) throws IOException {
        Path dir = Files.createTempDirectory("ragtune-function");
        unzip(functionZip, dir.resolve("task"));
        Files.createDirectories(dir.resolve("opt"));
        if (layerZip != null) {
            unzip(layerZip, dir.resolve("opt"));
        }
        return dir;
    }

    /** Unzips the function and its layers, in order (a later layer's files replace an earlier one's, as on Lambda). */
    public static Path unpackWithLayers(Path functionZip, List<Path> layerZips) throws IOException {
        Path dir = unpack(functionZip, (Path) null);
        for (Path layer : layerZips) {
            unzip(layer, dir.resolve("opt"));
        }
        return dir;
    }

    /**
     * Runs the function as Lambda runs a function of that name, handler and memory: the process environment is
     * exactly {@code environment} plus what the Lambda runtime itself sets (nothing inherited from the test's JVM), and
     * heap, metaspace and code cache are sized from the memory as the Lambda Java runtime's launcher does (85 %, 10 %
     * and 5 % of it), so a function that outgrows its configured memory fails here too.
     */
    public static PackagedFunction launchAsDeployed(Path unpacked, LambdaRuntimeApi api, String functionName, String handler,
            int memorySizeMb, Map<String, String> environment) throws IOException {
        List<String> jvm = new ArrayList<>(LAMBDA_JVM_OPTIONS.stream().filter(option -> !option.startsWith("-Xmx")).toList());
        jvm.add("-XX:MaxHeapSize=" + memorySizeMb * 1024L * 85 / 100 + "k");
        jvm.add("-XX:MaxMetaspaceSize=" + memorySizeMb * 1024L * 10 / 100 + "k");
        jvm.add("-XX:ReservedCodeCacheSize=" + memorySizeMb * 1024L * 5 / 100 + "k");
        Map<String, String> lambda = new java.util.LinkedHashMap<>();
        lambda.put("PATH", "/usr/local/bin:/usr/bin:/bin:/opt/bin");
        lambda.put("LANG", "en_US.UTF-8");
        lambda.put("TZ", ":UTC");
        lambda.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        lambda.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(memorySizeMb));
        lambda.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        lambda.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        for (String key : environment.keySet()) {
            if (lambda.containsKey(key) || key.equals("_HANDLER") || key.equals("LAMBDA_TASK_ROOT")
                    || key.equals("AWS_LAMBDA_RUNTIME_API")) {
                throw new IllegalArgumentException(key + " is reserved: the Lambda runtime sets it");
            }
        }
        lambda.putAll(environment);
        return start(unpacked, api, handler, jvm, true, lambda);
    }

    public static PackagedFunction launch(Path unpacked, LambdaRuntimeApi api, Map<String, String> environment)
            throws IOException {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_NAME", "ragtune-local");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1536");
        env.put("AWS_REGION", "eu-west-1");
        env.putAll(environment);
        return start(unpacked, api, HANDLER, LAMBDA_JVM_OPTIONS, false, env);
    }

    private static PackagedFunction start(Path unpacked, LambdaRuntimeApi api, String handler, List<String> jvmOptions,
            boolean onlyGivenEnvironment, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of("unshare", "-rm", "sh", "-c",
                "mount --bind \"$0\" /opt && exec \"$@\"", unpacked.resolve("opt").toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", runtimeClassPath(), AWSLambda.class.getName(), handler));
        Path log = Files.createTempFile(unpacked, "function", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(unpacked.resolve("task").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        if (onlyGivenEnvironment) {
            env.clear();
        }
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("LAMBDA_TASK_ROOT", unpacked.resolve("task").toString());
        env.put("_HANDLER", handler);
        env.putAll(environment);
        long launchedAt = System.nanoTime();
        return new PackagedFunction(builder.start(), unpacked, log, launchedAt);
    }

    public long launchedAtNanos() {
        return launchedAtNanos;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes an unpacked function directory. */
    public static void delete(Path unpacked) {
        try (Stream<Path> files = Files.walk(unpacked)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The runtime's own jars (runtime interface client, lambda-java-core, serialization), not the function's. */
    private static String runtimeClassPath() {
        return Stream.of(AWSLambda.class, Context.class, PojoSerializer.class)
                .map(PackagedFunction::jarOf)
                .distinct()
                .reduce((a, b) -> a + ":" + b)
                .orElseThrow();
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(entries, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
