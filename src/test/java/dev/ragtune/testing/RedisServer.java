package dev.ragtune.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis 8 server for tests: the binary scripts/redis.sh builds (and caches), started as a child
 * process on a free loopback port with an append-only file, so a test can stop and restart it and find
 * its data again.
 */
public final class RedisServer {

    private final Path binary;
    private final Path dataDir;
    private final int port;
    private Process process;

    private RedisServer(Path binary, Path dataDir, int port) {
        this.binary = binary;
        this.dataDir = dataDir;
        this.port = port;
    }

    public static RedisServer launch() {
        try {
            Path binary = RedisBinary.server();
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path dataDir = Files.createTempDirectory("ragtune-redis-" + port);
            RedisServer server = new RedisServer(binary, dataDir, port);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Redis for the tests", e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public synchronized void start() {
        try {
            process = new ProcessBuilder(List.of(binary.toString(), "--bind", "127.0.0.1", "--port", String.valueOf(port),
                    "--dir", dataDir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always"))
                    .redirectOutput(dataDir.resolve("redis.log").toFile())
                    .redirectErrorStream(true)
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                try (Socket ignored = new Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("Redis did not start on port " + port + "; see " + dataDir.resolve("redis.log"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the server the hard way, as a crash or a network loss would look to ragtune. */
    public synchronized void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
