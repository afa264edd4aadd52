package dev.ragtune.knowledge.index.filter;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates a metadata filter in Java (the lexical half, the in-memory index, the exact fallback, removeAll): with
 * LangChain4j's own semantics wherever it decides, and where LangChain4j throws on a type mismatch (a 500 for a
 * client's filter before) the way Vector Sets' FILTER does: a string against a number reads as a number
 * ({@code version == "3"} matches 3; text reads as 0), booleans as their strings, a list never equals a scalar. A missing key keeps
 * LangChain4j's rule: only {@code !=}, {@code not in} and {@code not} match it.
 */
public final class MetadataFilters {

    private MetadataFilters() {
    }

    public static boolean matches(Filter filter, Map<String, Object> metadata) {
        if (filter == null) {
            return true;
        }
        if (filter instanceof And and) {
            return matches(and.left(), metadata) && matches(and.right(), metadata);
        }
        if (filter instanceof Or or) {
            return matches(or.left(), metadata) || matches(or.right(), metadata);
        }
        if (filter instanceof Not not) {
            return !matches(not.expression(), metadata);
        }
        if (filter instanceof ContainsValue f) {
            return f.test(metadata);
        }
        try {
            // LangChain4j's own semantics wherever it can decide (its store contract, string ordering included)
            return filter.test(toMetadata(metadata));
        } catch (IllegalArgumentException | ClassCastException mismatch) {
            return coerced(filter, metadata);
        }
    }

    /** A comparison LangChain4j refuses for its types, decided as Vector Sets decides it. */
    private static boolean coerced(Filter filter, Map<String, Object> metadata) {
        if (filter instanceof IsEqualTo f) {
            return has(metadata, f.key()) && same(metadata.get(f.key()), f.comparisonValue());
        }
        if (filter instanceof IsNotEqualTo f) {
            return !has(metadata, f.key()) || !same(metadata.get(f.key()), f.comparisonValue());
        }
        if (filter instanceof IsIn f) {
            return has(metadata, f.key()) && f.comparisonValues().stream().anyMatch(v -> same(metadata.get(f.key()), v));
        }
        if (filter instanceof IsNotIn f) {
            return !has(metadata, f.key()) || f.comparisonValues().stream().noneMatch(v -> same(metadata.get(f.key()), v));
        }
        if (filter instanceof IsGreaterThan f) {
            return compare(metadata.get(f.key()), f.comparisonValue()).map(c -> c > 0).orElse(false);
        }
        if (filter instanceof IsGreaterThanOrEqualTo f) {
            return compare(metadata.get(f.key()), f.comparisonValue()).map(c -> c >= 0).orElse(false);
        }
        if (filter instanceof IsLessThan f) {
            return compare(metadata.get(f.key()), f.comparisonValue()).map(c -> c < 0).orElse(false);
        }
        if (filter instanceof IsLessThanOrEqualTo f) {
            return compare(metadata.get(f.key()), f.comparisonValue()).map(c -> c <= 0).orElse(false);
        }
        return false;
    }

    private static boolean has(Map<String, Object> metadata, String key) {
        return metadata.get(key) != null;
    }

    /**
     * Equal as numbers when either side is a number, a string then reading as the number it starts as (0 for text, as
     * Vector Sets reads it); else as text. A list is never equal to a scalar.
     */
    private static boolean same(Object actual, Object wanted) {
        if (actual == null || wanted == null || actual instanceof Collection<?> || actual instanceof Map<?, ?>) {
            return false;
        }
        if (actual instanceof Number || wanted instanceof Number) {
            return asNumber(actual).compareTo(asNumber(wanted)) == 0;
        }
        return String.valueOf(actual).equals(String.valueOf(wanted));
    }

    /** Ordered as numbers, text reading as 0 as Vector Sets reads it; a list or a missing value has no order. */
    private static Optional<Integer> compare(Object actual, Object wanted) {
        if (actual == null || wanted == null || actual instanceof Collection<?> || actual instanceof Map<?, ?>) {
            return Optional.empty();
        }
        return Optional.of(asNumber(actual).compareTo(asNumber(wanted)));
    }

    private static BigDecimal asNumber(Object value) {
        String text = value instanceof Number n ? n.toString() : String.valueOf(value).strip();
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;   // NaN, infinities, text
        }
    }

    /** Stored metadata as LangChain4j's Metadata, which holds no lists: lists go in comma-joined, as filters read them. */
    public static Metadata toMetadata(Map<String, Object> values) {
        Map<String, Object> scalars = new java.util.HashMap<>();
        values.forEach((key, value) -> scalars.put(key, value instanceof Collection<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList()) : value));
        return Metadata.from(scalars);
    }
}
