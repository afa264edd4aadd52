package dev.ragtune.knowledge.index.filter;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.store.embedding.filter.Filter;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * "The list-valued metadata field {@code key} contains {@code value}" (JSON: {@code {"tags": {"$contains": "beta"}}}).
 * <p>
 * LangChain4j has no list membership filter. {@link Metadata} cannot hold lists, so ragtune stores list
 * values there as a comma-separated string ({@code "alpha,beta"}); {@link #test(Object)} therefore treats a
 * string value as a comma-separated list (entries trimmed). A {@code Map} whose value is a {@code Collection}
 * is tested for membership directly. A missing key, or any other value type, does not match.
 */
public record ContainsValue(String key, String value) implements Filter {

    public ContainsValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean test(Object object) {
        Object actual = valueOf(object);
        if (actual instanceof Collection<?> collection) {
            return collection.stream().anyMatch(item -> value.equals(String.valueOf(item)));
        }
        if (actual instanceof String commaSeparated) {
            return Arrays.stream(commaSeparated.split(",")).map(String::trim).anyMatch(value::equals);
        }
        return false;
    }

    private Object valueOf(Object object) {
        if (object instanceof Metadata metadata) {
            return metadata.toMap().get(key);
        }
        if (object instanceof Map<?, ?> map) {
            return map.get(key);
        }
        return null;
    }
}
