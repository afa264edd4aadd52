package dev.ragtune.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Points the application under test at a real 3-master Redis Cluster started for the test run. Every node is a seed
 * ({@code quarkus.redis.hosts} is a list): the client reads the slot map from the first one that answers.
 */
public class RedisClusterTestResource implements QuarkusTestResourceLifecycleManager {

    /** Marks a {@link RedisCluster} field of a test to receive the running cluster. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectRedisCluster {
    }

    private RedisCluster cluster;

    @Override
    public Map<String, String> start() {
        cluster = RedisCluster.launch();
        return Map.of("quarkus.redis.hosts", cluster.urls(), "quarkus.redis.client-type", "cluster");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(cluster, new TestInjector.AnnotatedAndMatchesType(InjectRedisCluster.class, RedisCluster.class));
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
