package dev.ragtune.behaviour.dataset;

import java.util.List;
import java.util.Optional;

/** Where datasets live (Redis or S3), kept apart per tenant: {@link Dataset#tenant()} says whose a dataset is. */
public interface DatasetStore {

    void save(Dataset dataset);

    /** {@code tenant}'s dataset; another tenant's is as absent as one never made. */
    Optional<Dataset> find(String tenant, String id);

    /** {@code tenant}'s, newest first. */
    List<Dataset> list(String tenant, int limit);

    boolean delete(String tenant, String id);
}
