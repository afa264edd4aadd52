package dev.ragtune.knowledge.index.filter;

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
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Translates a LangChain4j metadata {@link Filter} into a Redis Vector Sets {@code VSIM ... FILTER} expression,
 * e.g. {@code .product == "git" and .version >= 2}.
 *
 * <h2>Supported filters</h2>
 * {@link IsEqualTo} ({@code ==}), {@link IsNotEqualTo} ({@code !=}), {@link IsGreaterThan} and friends
 * ({@code > >= < <=}, numbers only), {@link IsIn} ({@code .k in [..]}), {@link IsNotIn}
 * ({@code not (.k in [..])}), {@link ContainsValue} ({@code "v" in .k}), {@link And}, {@link Or}, {@link Not}.
 * Anything else (e.g. LangChain4j's {@code ContainsString}) throws {@link UnsupportedFilterException}: dropping
 * a condition would silently return documents the caller asked to exclude.
 *
 * <h2>Facts about the Vector Sets expression language (verified against Redis 8.0.6)</h2>
 * <ul>
 *   <li><b>Missing attributes:</b> if an element lacks an attribute that the expression references
 *       <em>anywhere</em> (or has no attributes at all), the whole expression is false for that element, whatever
 *       the surrounding {@code or}/{@code not}. {@code .zz != 1}, {@code not (.zz == 1)} and even
 *       {@code .zz == 1 or .p == "x"} never match an element without {@code zz}. There is no "exists" operator.</li>
 *   <li><b>Strings</b> may be quoted with {@code "} or {@code '}. There are no escape sequences: a backslash only
 *       stops the next character from closing the literal and is itself kept, so {@code "a\"b"} is the 4-character
 *       string {@code a\"b}. Hence a value is embedded raw between a quote character it does not contain; values
 *       containing both quote characters, ending in an odd run of backslashes, or containing NUL cannot be written
 *       and are rejected with {@link InvalidFilterException}.</li>
 *   <li><b>Numbers</b> are doubles; exponent notation ({@code 1e-5}) is a syntax error, so numbers are written in
 *       plain decimal form. Negative literals ({@code -2.5}) work.</li>
 *   <li><b>Mixed types</b> are coerced, not rejected: a string compared with a number is converted to a number
 *       (non-numeric strings become 0, so {@code .product == 0} matches every non-numeric product), and
 *       {@code >}/{@code <} between strings compares them as numbers. Ordering comparisons are therefore only
 *       translated for numeric values.</li>
 *   <li><b>{@code in}</b> works with an array literal on the right ({@code .p in ["a","b"]}) and with an array
 *       attribute ({@code "a" in .tags}); with a string on the right it is always false (no substring test).</li>
 *   <li><b>Precedence:</b> {@code and} binds tighter than {@code or}; {@code not}/{@code !} bind tighter than
 *       comparisons ({@code not .p == "x"} means {@code (not .p) == "x"}). Keywords are lower case only. This class
 *       therefore always parenthesises the operand of {@code not} and nested {@code and}/{@code or} groups.</li>
 * </ul>
 *
 * <h2>Remaining difference from LangChain4j's in-memory semantics</h2>
 * LangChain4j's {@code IsNotEqualTo}, {@code IsNotIn} and {@code Not} match documents that lack the key, and an
 * {@code Or} matches when any branch matches. In Vector Sets an element lacking <em>any</em> attribute referenced by
 * the filter is never returned (see {@link #referencedKeys(Filter)}). This cannot be expressed around, so indexers
 * should write every filterable attribute on every element. Also, ragtune stores booleans as the strings
 * {@code "true"}/{@code "false"}, list values as JSON arrays in Redis (comma-separated in LangChain4j
 * {@code Metadata}), and where LangChain4j throws on a type mismatch (string vs number) Redis coerces.
 */
public final class VectorSetFilterExpression {

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private VectorSetFilterExpression() {
    }

    /**
     * @return the FILTER expression, or {@code null} for a {@code null} filter (no filtering)
     * @throws UnsupportedFilterException for filter types or value types that cannot be expressed
     * @throws InvalidFilterException     for field names or string values that cannot be embedded safely
     */
    public static String toExpression(Filter filter) {
        return filter == null ? null : render(filter);
    }

    /** The metadata keys the filter reads; elements lacking any of them never match in Vector Sets. */
    public static Set<String> referencedKeys(Filter filter) {
        Set<String> keys = new LinkedHashSet<>();
        collectKeys(filter, keys);
        return keys;
    }

    /**
     * Whether Vector Sets evaluates {@code filter} exactly as LangChain4j defines it. It does not when an element
     * may lack a key the filter reads and the filter can still be true without it (a negation, or an {@code or}
     * across keys: Vector Sets is false whenever a referenced attribute is missing), nor when the filter cannot be
     * written at all (e.g. {@code ContainsString}, ordering on strings, keys outside the field-name syntax). Adapters
     * evaluate such filters in Java over an exact candidate scan instead.
     */
    public static boolean isExact(Filter filter) {
        try {
            render(filter);
        } catch (UnsupportedFilterException | InvalidFilterException e) {
            return false;
        }
        return !hasNegation(filter) && (!hasOr(filter) || referencedKeys(filter).size() == 1);
    }

    private static boolean hasNegation(Filter filter) {
        if (filter instanceof And and) {
            return hasNegation(and.left()) || hasNegation(and.right());
        }
        if (filter instanceof Or or) {
            return hasNegation(or.left()) || hasNegation(or.right());
        }
        return filter instanceof Not || filter instanceof IsNotEqualTo || filter instanceof IsNotIn;
    }

    private static boolean hasOr(Filter filter) {
        if (filter instanceof And and) {
            return hasOr(and.left()) || hasOr(and.right());
        }
        return filter instanceof Or;
    }

    static boolean isValidFieldName(String name) {
        return name != null && FIELD_NAME.matcher(name).matches();
    }

    /** @return why {@code value} cannot be written as a Vector Sets string literal, or {@code null} if it can */
    public static String unquotableReason(String value) {
        if (value.indexOf('"') >= 0 && value.indexOf('\'') >= 0) {
            return "contains both ' and \" quote characters, which Redis filter expressions cannot represent";
        }
        if (value.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        if (trailingBackslashes(value) % 2 == 1) {
            return "ends with an odd number of backslashes, which Redis filter expressions cannot represent";
        }
        return null;
    }

    private static String render(Filter filter) {
        if (filter instanceof And and) {
            return renderGroup(and, " and ");
        }
        if (filter instanceof Or or) {
            return renderGroup(or, " or ");
        }
        if (filter instanceof Not not) {
            return "not (" + render(not.expression()) + ")";
        }
        if (filter instanceof IsEqualTo f) {
            return field(f.key()) + " == " + literal(f.key(), f.comparisonValue());
        }
        if (filter instanceof IsNotEqualTo f) {
            return field(f.key()) + " != " + literal(f.key(), f.comparisonValue());
        }
        if (filter instanceof IsGreaterThan f) {
            return field(f.key()) + " > " + numericLiteral(f.key(), f.comparisonValue());
        }
        if (filter instanceof IsGreaterThanOrEqualTo f) {
            return field(f.key()) + " >= " + numericLiteral(f.key(), f.comparisonValue());
        }
        if (filter instanceof IsLessThan f) {
            return field(f.key()) + " < " + numericLiteral(f.key(), f.comparisonValue());
        }
        if (filter instanceof IsLessThanOrEqualTo f) {
            return field(f.key()) + " <= " + numericLiteral(f.key(), f.comparisonValue());
        }
        if (filter instanceof IsIn f) {
            return field(f.key()) + " in " + arrayLiteral(f.key(), f.comparisonValues());
        }
        if (filter instanceof IsNotIn f) {
            // No "not in" operator; "not" must wrap a parenthesised "in" because it binds tighter than "in".
            return "not (" + field(f.key()) + " in " + arrayLiteral(f.key(), f.comparisonValues()) + ")";
        }
        if (filter instanceof ContainsValue f) {
            return stringLiteral(f.key(), f.value()) + " in " + field(f.key());
        }
        throw unsupported(filter);
    }

    /** Flattens nested groups of the same kind so a left-folded And(And(a,b),c) reads "a and b and c". */
    private static String renderGroup(Filter group, String operator) {
        List<Filter> operands = new ArrayList<>();
        flatten(group, group.getClass(), operands);
        return operands.stream()
                .map(operand -> isGroup(operand) ? "(" + render(operand) + ")" : render(operand))
                .collect(Collectors.joining(operator));
    }

    private static void flatten(Filter filter, Class<?> groupType, List<Filter> out) {
        if (filter.getClass() == groupType && filter instanceof And and) {
            flatten(and.left(), groupType, out);
            flatten(and.right(), groupType, out);
        } else if (filter.getClass() == groupType && filter instanceof Or or) {
            flatten(or.left(), groupType, out);
            flatten(or.right(), groupType, out);
        } else {
            out.add(filter);
        }
    }

    private static boolean isGroup(Filter filter) {
        return filter instanceof And || filter instanceof Or;
    }

    private static String field(String key) {
        if (!isValidFieldName(key)) {
            throw new InvalidFilterException("metadata key \"" + key
                    + "\" cannot be used in a Redis filter; keys must match [A-Za-z_][A-Za-z0-9_]*");
        }
        return "." + key;
    }

    private static String literal(String key, Object value) {
        if (value instanceof Number number) {
            return numberLiteral(key, number);
        }
        if (value instanceof String || value instanceof UUID || value instanceof Boolean) {
            // Booleans are stored as the strings "true"/"false" in ragtune metadata.
            return stringLiteral(key, value.toString());
        }
        throw new UnsupportedFilterException("value " + value + " of type " + typeName(value) + " for metadata key \""
                + key + "\" cannot be used in a Redis filter; expected a string, number, boolean or UUID");
    }

    private static String numericLiteral(String key, Object value) {
        if (value instanceof Number number) {
            return numberLiteral(key, number);
        }
        throw new UnsupportedFilterException("ordering comparison on metadata key \"" + key + "\" with "
                + typeName(value) + " value " + value
                + " is not supported: Redis Vector Sets compares strings as numbers, so only numbers can be ordered");
    }

    private static String numberLiteral(String key, Number number) {
        BigDecimal decimal = toBigDecimal(key, number);
        // Plain form: Vector Sets does not parse exponent notation such as 1E-5.
        return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }

    private static BigDecimal toBigDecimal(String key, Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (number instanceof Double || number instanceof Float) {
            double value = number.doubleValue();
            if (!Double.isFinite(value)) {
                throw new UnsupportedFilterException("value " + number + " for metadata key \"" + key
                        + "\" cannot be used in a Redis filter; numbers must be finite");
            }
            // Float.toString keeps the float's shortest representation (0.1f -> "0.1", not 0.100000001...).
            return new BigDecimal(number instanceof Float ? number.toString() : Double.toString(value));
        }
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return BigDecimal.valueOf(number.longValue());
        }
        throw new UnsupportedFilterException("number type " + typeName(number) + " for metadata key \"" + key
                + "\" is not supported in a Redis filter");
    }

    private static String stringLiteral(String key, String value) {
        String reason = unquotableReason(value);
        if (reason != null) {
            throw new InvalidFilterException("value for metadata key \"" + key + "\" " + reason);
        }
        // No escape sequences exist: pick a quote character the value does not contain and embed it raw.
        char quote = value.indexOf('"') < 0 ? '"' : '\'';
        return quote + value + quote;
    }

    private static String arrayLiteral(String key, Collection<?> values) {
        if (values == null || values.isEmpty()) {
            throw new UnsupportedFilterException("in/not-in filter on metadata key \"" + key + "\" has no values");
        }
        // LangChain4j keeps the values in a HashSet; sort them so the expression is deterministic.
        return values.stream()
                .sorted(VectorSetFilterExpression::compareForDisplay)
                .map(value -> literal(key, value))
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static int compareForDisplay(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return Comparator.<String>naturalOrder().compare(String.valueOf(a), String.valueOf(b));
    }

    private static void collectKeys(Filter filter, Set<String> keys) {
        if (filter == null) {
            return;
        }
        if (filter instanceof And and) {
            collectKeys(and.left(), keys);
            collectKeys(and.right(), keys);
        } else if (filter instanceof Or or) {
            collectKeys(or.left(), keys);
            collectKeys(or.right(), keys);
        } else if (filter instanceof Not not) {
            collectKeys(not.expression(), keys);
        } else {
            keys.add(keyOf(filter));
        }
    }

    private static String keyOf(Filter filter) {
        if (filter instanceof IsEqualTo f) return f.key();
        if (filter instanceof IsNotEqualTo f) return f.key();
        if (filter instanceof IsGreaterThan f) return f.key();
        if (filter instanceof IsGreaterThanOrEqualTo f) return f.key();
        if (filter instanceof IsLessThan f) return f.key();
        if (filter instanceof IsLessThanOrEqualTo f) return f.key();
        if (filter instanceof IsIn f) return f.key();
        if (filter instanceof IsNotIn f) return f.key();
        if (filter instanceof ContainsValue f) return f.key();
        throw unsupported(filter);
    }

    private static UnsupportedFilterException unsupported(Filter filter) {
        return new UnsupportedFilterException("filter type " + filter.getClass().getName()
                + " cannot be translated to a Redis Vector Sets FILTER expression (" + filter + ")");
    }

    private static int trailingBackslashes(String value) {
        int count = 0;
        for (int i = value.length() - 1; i >= 0 && value.charAt(i) == '\\'; i--) {
            count++;
        }
        return count;
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
