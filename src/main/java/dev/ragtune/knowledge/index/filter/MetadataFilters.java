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

import java.util.Collection;

/**
 * Tests a filter against one document's metadata in Java (the lexical path's post-filter, the in-memory index)
 * the way Redis Vector Sets' FILTER does, so that the vector and lexical halves of a search agree.
 * <p>
 * LangChain4j's own {@link Filter#test} throws when the filter value has another type than the stored field
 * ({@code {"product": 1}} on a string), which turned a client's filter into a 500. Vector Sets instead compares a
 * string with a number as numbers, a string that is not a number counting as 0 ({@code "3" == 3} holds,
 * {@code "acme" == 1} does not). This class does the same on a mismatch, and never throws.
 */
public final class MetadataFilters {

    private MetadataFilters() {
    }

    public static boolean matches(Filter filter, Metadata metadata) {
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
        try {
            return filter.test(metadata);
        } catch (IllegalArgumentException | ClassCastException typeMismatch) {
            return mixedTypes(filter, metadata);
        }
    }

    private static boolean mixedTypes(Filter filter, Metadata metadata) {
        if (filter instanceof IsEqualTo f) {
            return compare(metadata, f.key(), f.comparisonValue()) == 0;
        }
        if (filter instanceof IsNotEqualTo f) {
            return compare(metadata, f.key(), f.comparisonValue()) != 0;
        }
        if (filter instanceof IsGreaterThan f) {
            return compare(metadata, f.key(), f.comparisonValue()) > 0;
        }
        if (filter instanceof IsGreaterThanOrEqualTo f) {
            return compare(metadata, f.key(), f.comparisonValue()) >= 0;
        }
        if (filter instanceof IsLessThan f) {
            return compare(metadata, f.key(), f.comparisonValue()) < 0;
        }
        if (filter instanceof IsLessThanOrEqualTo f) {
            return compare(metadata, f.key(), f.comparisonValue()) <= 0;
        }
        if (filter instanceof IsIn f) {
            return anyEqual(metadata, f.key(), f.comparisonValues());
        }
        if (filter instanceof IsNotIn f) {
            return !anyEqual(metadata, f.key(), f.comparisonValues());
        }
        return false;
    }

    private static boolean anyEqual(Metadata metadata, String key, Collection<?> values) {
        return values.stream().anyMatch(value -> compare(metadata, key, value) == 0);
    }

    private static int compare(Metadata metadata, String key, Object value) {
        Object actual = metadata.toMap().get(key);
        if (actual instanceof String a && value instanceof String b) {
            return a.compareTo(b);
        }
        return Double.compare(number(actual), number(value));
    }

    /** As Vector Sets reads a value as a number: a string that does not parse counts as 0. */
    private static double number(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value).trim());
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }
}
