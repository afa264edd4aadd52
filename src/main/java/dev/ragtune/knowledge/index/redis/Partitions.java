package dev.ragtune.knowledge.index.redis;

import dev.ragtune.tenant.TenantScope;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Where a tenant's part of the index lives. Each tenant has its own partition (vectors, postings, statistics,
 * chunk and document records) under a hash tag of its own, {@code ragtune:{kb:acme}}: a search touches its
 * tenant's keys only, statistics never mix tenants, one document write stays in one Redis Cluster slot, and
 * tenants spread over a cluster's slots. A very large tenant can be split over several partitions
 * ({@code ragtune:{kb:acme:0}} ...), each document in the one its id hashes to; searches then ask all of them.
 * The index's own keys (identity, the list of partitions) stay under the configured prefix itself.
 */
final class Partitions {

    private final String base;
    private final Map<String, Integer> splits;

    /** {@code base}: the configured prefix, e.g. ragtune:{kb}; {@code splits}: partitions per tenant where not 1. */
    Partitions(String base, Map<String, Integer> splits) {
        splits.forEach((tenant, count) -> {
            if (count < 1 || count > 256) {
                throw new IllegalStateException("ragtune.index.partitions.\"" + tenant + "\" must be 1 to 256, not " + count);
            }
        });
        this.base = base;
        this.splits = Map.copyOf(splits);
    }

    String base() {
        return base;
    }

    /** Every partition of {@code tenant}. */
    List<String> of(String tenant) {
        String owner = TenantScope.orDefault(tenant);
        int count = splits.getOrDefault(owner, 1);
        if (count == 1) {
            return List.of(tagged(owner));
        }
        List<String> all = new ArrayList<>(count);
        for (int part = 0; part < count; part++) {
            all.add(tagged(owner + ":" + part));
        }
        return all;
    }

    /** The partition a stored document (or chunk) id belongs to. */
    String forDocument(String storedId) {
        List<String> all = of(TenantScope.owner(storedId));
        if (all.size() == 1) {
            return all.get(0);
        }
        CRC32 crc = new CRC32();
        crc.update(storedId.getBytes(StandardCharsets.UTF_8));
        return all.get((int) (crc.getValue() % all.size()));
    }

    /** The base prefix with {@code suffix} added inside its hash tag: ragtune:{kb} and acme give ragtune:{kb:acme}. */
    private String tagged(String suffix) {
        int close = base.lastIndexOf('}');
        int open = close < 0 ? -1 : base.lastIndexOf('{', close);
        if (open < 0) {
            return base + ":{" + suffix + "}";
        }
        return base.substring(0, close) + ":" + suffix + base.substring(close);
    }
}
