package dev.ragtune.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/** Points the application under test at a real Redis 8 started for the test run. */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    /** Marks a {@link RedisServer} field of a test to receive the running server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectRedisServer {
    }

    private RedisServer server;

    @Override
    public Map<String, String> start() {
        server = RedisServer.launch();
        return Map.of("quarkus.redis.hosts", server.url());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectRedisServer.class, RedisServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
