package dev.ragtune.testing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The Redis 8 server binary the tests run: {@code -Dtest.redis.server}, or else the one scripts/redis.sh builds once
 * and caches (redis-cli lies beside it).
 */
final class RedisBinary {

    private RedisBinary() {
    }

    static Path server() throws IOException {
        String configured = System.getProperty("test.redis.server");
        return Path.of(configured != null ? configured : fromScript(Path.of(System.getProperty("test.project.dir", "."))));
    }

    /** Asks scripts/redis.sh for the cached Redis 8 binary, building it on first use. */
    private static String fromScript(Path projectDir) throws IOException {
        Process script = new ProcessBuilder("bash", projectDir.resolve("scripts/redis.sh").toString(), "binary")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(script.getInputStream().readAllBytes()).trim();
        try {
            if (script.waitFor() != 0 || output.isEmpty()) {
                throw new IllegalStateException("scripts/redis.sh binary failed; see its message above");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String[] lines = output.split("\n");
        return lines[lines.length - 1];
    }
}
