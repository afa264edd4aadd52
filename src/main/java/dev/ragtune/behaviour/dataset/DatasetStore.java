package dev.ragtune.behaviour.dataset;

import java.util.List;
import java.util.Optional;

/** Where datasets live. Redis today; an object store is the obvious second adapter for very large sets. */
public interface DatasetStore {

    void save(Dataset dataset);

    Optional<Dataset> find(String id);

    /** Newest first. */
    List<Dataset> list(int limit);

    boolean delete(String id);
}
