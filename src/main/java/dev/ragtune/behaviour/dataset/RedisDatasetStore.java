package dev.ragtune.behaviour.dataset;

import dev.ragtune.behaviour.RedisRecords;

import java.util.List;
import java.util.Optional;

/** A dataset is one JSON string under {prefix}:dataset:{tenant}:{id}; {prefix}:datasets:{tenant} lists them by creation time. */
public class RedisDatasetStore implements DatasetStore {

    private final RedisRecords<Dataset> records;

    public RedisDatasetStore(RedisRecords<Dataset> records) {
        this.records = records;
    }

    @Override
    public void save(Dataset dataset) {
        records.save(dataset.tenant(), dataset.id(), dataset.created().toEpochMilli(), dataset);
    }

    @Override
    public Optional<Dataset> find(String tenant, String id) {
        return records.find(tenant, id);
    }

    @Override
    public List<Dataset> list(String tenant, int limit) {
        return records.list(tenant, limit);
    }

    @Override
    public boolean delete(String tenant, String id) {
        return records.delete(tenant, id);
    }
}
