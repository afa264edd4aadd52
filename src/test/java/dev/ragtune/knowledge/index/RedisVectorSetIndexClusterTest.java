package dev.ragtune.knowledge.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragtune.knowledge.KnowledgeConfig;
import dev.ragtune.knowledge.index.lexical.LexicalAnalyzer;
import dev.ragtune.knowledge.index.redis.RedisVectorSetIndex;
import dev.ragtune.redis.RedisCommands;
import dev.ragtune.tenant.TenantScope;
import dev.ragtune.testing.IndexState;
import dev.ragtune.testing.RedisCluster;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index contract against a real 3-master Redis Cluster (3 replicas beside them): every write script keeps to one
 * slot, searches reach each tenant's partition on whichever master holds it, and tenants spread over the masters.
 */
class RedisVectorSetIndexClusterTest extends KnowledgeIndexContract {

    private static RedisCluster cluster;
    private static Vertx vertx;
    private static Redis client;
    private static RedisVectorSetIndex index;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.launch();
        vertx = Vertx.vertx();
        client = Redis.createClient(vertx, new RedisOptions().setType(RedisClientType.CLUSTER).setEndpoints(List.of(cluster.urls().split(","))));
        index = new RedisVectorSetIndex(new RedisCommands(client, Duration.ofSeconds(5), IndexUnavailableException::new),
                new ObjectMapper().findAndRegisterModules(), new LexicalAnalyzer(),
                new RedisVectorSetIndex.Settings("cluster:{kb}", KnowledgeConfig.Quantization.NOQUANT, 200, 200, 16, 4000, 4000, Map.of("big", 4)),
                IDENTITY, Executors.newFixedThreadPool(2));
    }

    @AfterAll
    static void stopCluster() {
        client.close();
        vertx.closeAndAwait();
        cluster.close();
    }

    @Override
    protected KnowledgeIndex index() {
        return index;
    }

    @Test
    void tenantsSpreadOverTheMastersAndASplitTenantIsSearchedOnAllOfThem() {
        Set<Integer> masters = new HashSet<>();
        for (int t = 0; t < 12; t++) {
            String tenant = "tenant-" + t;
            String id = TenantScope.storedId(tenant, "guide");
            index.replaceDocument(tenantDocument(tenant, "guide", "Guide"), List.of(chunk(id, 0, "widgets for " + tenant, vector(1, 0, 0, 0))));
            masters.add(cluster.masterOf(IndexState.partition("cluster:{kb}", tenant) + ":docs"));
            assertThat(index.lexicalSearch(tenant, "widgets", 5, null)).extracting(ChunkMatch::documentId).containsExactly(id);
        }
        assertThat(masters).as("masters holding the twelve tenants' partitions").hasSizeGreaterThan(1);

        for (int d = 0; d < 20; d++) {
            String id = TenantScope.storedId("big", "doc-" + d);
            index.replaceDocument(tenantDocument("big", "doc-" + d, "Doc " + d),
                    List.of(chunk(id, 0, "sprockets number " + d, vector(1, d / 20f, 0, 0))));
        }
        Set<Integer> bigMasters = new HashSet<>();
        for (int part = 0; part < 4; part++) {
            bigMasters.add(cluster.masterOf("cluster:{kb:big:" + part + "}:docs"));
        }
        assertThat(index.documentCount("big")).isEqualTo(20);
        assertThat(index.vectorSearch("big", vector(1, 0, 0, 0), 20, null)).hasSize(20);
        assertThat(index.lexicalSearch("big", "sprockets", 20, null)).hasSize(20);
        System.out.printf("cluster: 12 tenants on %d masters, a tenant split in 4 on %d%n", masters.size(), bigMasters.size());
    }
}
