package dev.ragtune.behaviour.dataset;

import dev.ragtune.behaviour.RedisRecords;

import java.util.List;
import java.util.Optional;

/** A dataset is one JSON string under {prefix}:dataset:{id}; {prefix}:datasets lists them by creation time. */
public class RedisDatasetStore implements DatasetStore {

    private final RedisRecords<Dataset> records;

    public RedisDatasetStore(RedisRecords<Dataset> records) {
        this.records = records;
    }

    @Override
    public void save(Dataset dataset) {
        records.save(dataset.id(), dataset.created().toEpochMilli(), dataset);
    }

    @Override
    public Optional<Dataset> find(String id) {
        return records.find(id);
    }

    @Override
    public List<Dataset> list(int limit) {
        return records.list(limit);
    }

    @Override
    public boolean delete(String id) {
        return records.delete(id);
    }
}
