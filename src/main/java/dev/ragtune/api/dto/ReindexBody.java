package dev.ragtune.api.dto;

import java.util.List;

/** Optional body of POST /reindex (and of the scheduled event): the sources of a new run; none means all. */
public record ReindexBody(List<String> sources) {

    public List<String> sourcesOrAll() {
        return sources == null ? List.of() : sources;
    }
}
