package dev.ragtune.knowledge.index;

import dev.ragtune.problem.ProblemException;

/** The index was built with another embedding model than the one configured now. */
public class IndexMismatchException extends ProblemException {

    public IndexMismatchException(IndexIdentity stored, IndexIdentity configured) {
        super(409, "index-model-mismatch", "Index built with another embedding model", "The index was built with embedding model '%s' (%d dimensions) but ragtune is configured with '%s' (%d dimensions). "
                .formatted(stored.model(), stored.dimension(), configured.model(), configured.dimension())
                + "Either configure the original model again, or point ragtune.index.prefix at a new index and re-ingest "
                + "(POST /documents/batch or the reindex function); delete the old prefix once the new one serves.");
    }
}
