package dev.ragtune.knowledge.index.redis;

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
import dev.ragtune.knowledge.index.filter.ContainsValue;
import dev.ragtune.knowledge.index.filter.InvalidFilterException;
import dev.ragtune.knowledge.index.filter.UnsupportedFilterException;
import dev.ragtune.knowledge.KnowledgeConfig.SearchFieldType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Translates a LangChain4j metadata {@link Filter} into FT.SEARCH query syntax (DIALECT 2), e.g.
 * {@code (@m_product:{acme} @m_version:[2 +inf])}. Metadata key {@code k} lives in hash field {@code m_k}.
 *
 * <ul>
 *   <li>Equality, in, contains on a TAG field: {@code @m_k:{a | b}}; values are escaped, so punctuation and
 *       spaces are literal and {@code *} is not a wildcard. TAG fields are CASESENSITIVE, as equality is.</li>
 *   <li>Equality, in, ordering on a NUMERIC field: {@code @m_k:[2 2]}, {@code [(2 +inf]}, {@code [-inf 2]}.</li>
 *   <li>And: intersection {@code (a b)}; Or: union {@code (a | b)}; Not, !=, not-in: negation {@code -(...)}.
 *       Every group is parenthesised so no precedence rule of the query parser matters.</li>
 * </ul>
 *
 * Negation matches chunks that lack the field, as LangChain4j's in-memory {@code IsNotEqualTo}/{@code Not} do.
 * A filter on a field missing from the index schema throws {@link UnsupportedFilterException}: the server would
 * reject it anyway ("Unknown field"), and the message says which configuration key declares it.
 */
public final class RediSearchQuery {

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Query used when there is no filter: every document of the index. */
    public static final String ALL = "*";

    private RediSearchQuery() {
    }

    /** Hash field that holds the filterable copy of metadata key {@code key}. */
    public static String fieldOf(String key) {
        return "m_" + key;
    }

    public static boolean isValidKey(String key) {
        return key != null && FIELD_NAME.matcher(key).matches();
    }

    /** @return the query for {@code filter}, or {@link #ALL} when it is null */
    public static String prefilter(Filter filter, Map<String, SearchFieldType> fields) {
        return filter == null ? ALL : new Translator(fields).render(filter);
    }

    /** KNN on top of a prefilter; {@code $vec} must be passed with PARAMS, and the distance comes back as {@code dist}. */
    public static String knn(String prefilter, int k) {
        String base = ALL.equals(prefilter) ? ALL : parenthesised(prefilter);
        return base + "=>[KNN " + k + " @vector $vec AS dist]";
    }

    /**
     * Any of {@code words} in the text fields, within the prefilter. Words must already be plain tokens
     * (letters and digits); they are still escaped so a stray character can never become query syntax.
     */
    public static String text(List<String> words, List<String> textFields, String prefilter) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no words to search for");
        }
        String terms = words.stream().map(RediSearchQuery::escape).collect(Collectors.joining(" | "));
        String match = "@" + String.join("|", textFields) + ":(" + terms + ")";
        return ALL.equals(prefilter) ? match : "(" + match + " " + parenthesised(prefilter) + ")";
    }

    /**
     * Escapes a TAG value or a text word: every ASCII character other than a letter, digit or underscore is
     * preceded by a backslash (escaping a character that needed none is harmless; missing one is a syntax error
     * or, for {@code *}, a wildcard). Non-ASCII characters are word characters for the tokenizer and stay raw.
     */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 128 && !Character.isLetterOrDigit(c) && c != '_') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String parenthesised(String query) {
        return query.startsWith("(") && query.endsWith(")") && balanced(query) ? query : "(" + query + ")";
    }

    /** True when the first '(' closes only at the very end, i.e. the whole query is one group. */
    private static boolean balanced(String query) {
        int depth = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0 && i < query.length() - 1) {
                return false;
            }
        }
        return true;
    }

    private record Translator(Map<String, SearchFieldType> fields) {

        String render(Filter filter) {
            if (filter instanceof And and) {
                return group(and, " ");
            }
            if (filter instanceof Or or) {
                return group(or, " | ");
            }
            if (filter instanceof Not not) {
                return negate(render(not.expression()));
            }
            if (filter instanceof IsEqualTo f) {
                return equalTo(f.key(), f.comparisonValue());
            }
            if (filter instanceof IsNotEqualTo f) {
                return negate(equalTo(f.key(), f.comparisonValue()));
            }
            if (filter instanceof IsGreaterThan f) {
                return range(f.key(), "(" + number(f.key(), f.comparisonValue()), "+inf");
            }
            if (filter instanceof IsGreaterThanOrEqualTo f) {
                return range(f.key(), number(f.key(), f.comparisonValue()), "+inf");
            }
            if (filter instanceof IsLessThan f) {
                return range(f.key(), "-inf", "(" + number(f.key(), f.comparisonValue()));
            }
            if (filter instanceof IsLessThanOrEqualTo f) {
                return range(f.key(), "-inf", number(f.key(), f.comparisonValue()));
            }
            if (filter instanceof IsIn f) {
                return in(f.key(), f.comparisonValues());
            }
            if (filter instanceof IsNotIn f) {
                return negate(in(f.key(), f.comparisonValues()));
            }
            if (filter instanceof ContainsValue f) {
                if (type(f.key()) != SearchFieldType.TAG) {
                    throw new UnsupportedFilterException("$contains on metadata key \"" + f.key()
                            + "\" needs a TAG field, but it is declared numeric");
                }
                return "@" + fieldOf(f.key()) + ":{" + tagValue(f.key(), f.value()) + "}";
            }
            throw new UnsupportedFilterException("filter type " + filter.getClass().getName()
                    + " cannot be translated to a RediSearch query (" + filter + ")");
        }

        /** Flattens And(And(a,b),c) into "(a b c)". */
        private String group(Filter group, String operator) {
            List<Filter> operands = new ArrayList<>();
            flatten(group, group.getClass(), operands);
            return operands.stream().map(this::render).collect(Collectors.joining(operator, "(", ")"));
        }

        private void flatten(Filter filter, Class<?> type, List<Filter> out) {
            if (filter.getClass() == type && filter instanceof And and) {
                flatten(and.left(), type, out);
                flatten(and.right(), type, out);
            } else if (filter.getClass() == type && filter instanceof Or or) {
                flatten(or.left(), type, out);
                flatten(or.right(), type, out);
            } else {
                out.add(filter);
            }
        }

        private static String negate(String query) {
            return "-" + parenthesised(query);
        }

        private String equalTo(String key, Object value) {
            if (type(key) == SearchFieldType.NUMERIC) {
                String n = number(key, value);
                return range(key, n, n);
            }
            return "@" + fieldOf(key) + ":{" + tagValue(key, value) + "}";
        }

        private String in(String key, Collection<?> values) {
            if (values == null || values.isEmpty()) {
                throw new UnsupportedFilterException("in/not-in filter on metadata key \"" + key + "\" has no values");
            }
            // LangChain4j keeps the values in a HashSet: sort them so the query is deterministic.
            List<?> sorted = values.stream().sorted(RediSearchQuery::compareForDisplay).toList();
            if (type(key) == SearchFieldType.NUMERIC) {
                return sorted.size() == 1 ? equalTo(key, sorted.get(0))
                        : sorted.stream().map(v -> equalTo(key, v)).collect(Collectors.joining(" | ", "(", ")"));
            }
            return "@" + fieldOf(key) + ":{"
                    + sorted.stream().map(v -> tagValue(key, v)).collect(Collectors.joining(" | ")) + "}";
        }

        private String range(String key, String low, String high) {
            if (type(key) != SearchFieldType.NUMERIC) {
                throw new UnsupportedFilterException("ordering comparison on metadata key \"" + key
                        + "\" needs a NUMERIC field, but it is declared tag (ragtune.index.search-fields." + key + "=numeric)");
            }
            return "@" + fieldOf(key) + ":[" + low + " " + high + "]";
        }

        private SearchFieldType type(String key) {
            if (!isValidKey(key)) {
                throw new InvalidFilterException("metadata key \"" + key
                        + "\" cannot be used in a search filter; keys must match [A-Za-z_][A-Za-z0-9_]*");
            }
            SearchFieldType type = fields.get(key);
            if (type == null) {
                throw new UnsupportedFilterException("metadata key \"" + key + "\" is not a field of the search index;"
                        + " declare it with ragtune.index.search-fields." + key + "=tag|numeric"
                        + " (then drop the index with FT.DROPINDEX, without DD, and restart so it is re-created)");
            }
            return type;
        }

        private static String tagValue(String key, Object value) {
            String text;
            if (value instanceof String || value instanceof UUID || value instanceof Boolean) {
                text = value.toString(); // booleans are stored as "true"/"false"
            } else if (value instanceof Number number) {
                text = plain(key, number);
            } else {
                throw new UnsupportedFilterException("value " + value + " of type " + typeName(value)
                        + " for metadata key \"" + key + "\" cannot be used in a search filter");
            }
            if (text.isBlank()) {
                throw new InvalidFilterException("value for metadata key \"" + key
                        + "\" is empty; the search index does not store empty tags");
            }
            return escape(text);
        }

        private static String number(String key, Object value) {
            if (value instanceof Number number) {
                return plain(key, number);
            }
            throw new InvalidFilterException("metadata key \"" + key + "\" is a numeric search field; "
                    + typeName(value) + " value " + value + " cannot be compared with it");
        }
    }

    private static String plain(String key, Number number) {
        BigDecimal decimal;
        if (number instanceof BigDecimal d) {
            decimal = d;
        } else if (number instanceof BigInteger i) {
            decimal = new BigDecimal(i);
        } else if (number instanceof Double || number instanceof Float) {
            if (!Double.isFinite(number.doubleValue())) {
                throw new UnsupportedFilterException("value " + number + " for metadata key \"" + key
                        + "\" cannot be used in a search filter; numbers must be finite");
            }
            decimal = new BigDecimal(number.toString());
        } else {
            decimal = BigDecimal.valueOf(number.longValue());
        }
        return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }

    static String plainNumber(Number number) {
        return plain("value", number);
    }

    private static int compareForDisplay(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return Comparator.<String>naturalOrder().compare(String.valueOf(a), String.valueOf(b));
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
