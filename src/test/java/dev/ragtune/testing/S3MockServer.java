package dev.ragtune.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Adobe S3Mock, a real S3-compatible server, run from its runnable jar (copied to target/s3mock by the build)
 * as a separate JVM on free loopback ports, so none of its Spring classes meet Quarkus on the test class path.
 */
public final class S3MockServer {

    private final Process process;
    private final int port;
    private final Path log;

    private S3MockServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static S3MockServer launch(String... buckets) {
        try {
            Path jar = Path.of(System.getProperty("test.s3mock.jar", "target/s3mock/s3mock.jar"));
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing; run the tests through Maven (process-test-resources copies it)");
            }
            int httpPort = freePort();
            int httpsPort = freePort();
            Path root = Files.createTempDirectory("ragtune-s3mock");
            Path log = root.resolve("s3mock.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                    "--server.port=" + httpsPort, "--server.address=127.0.0.1",
                    "--com.adobe.testing.s3mock.httpPort=" + httpPort,
                    "--com.adobe.testing.s3mock.store.root=" + root.resolve("data"),
                    "--com.adobe.testing.s3mock.store.initial-buckets=" + String.join(",", buckets)))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            S3MockServer server = new S3MockServer(process, httpPort, log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start S3Mock", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited; see " + log);
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("S3Mock did not start within 120 s; see " + log);
    }

    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
