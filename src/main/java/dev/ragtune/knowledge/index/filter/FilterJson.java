package dev.ragtune.knowledge.index.filter;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Parses the Mongo/Pinecone-style JSON metadata filter of the public API into a LangChain4j {@link Filter}.
 *
 * <pre>
 * {"product": "git"}                               equality; several keys in one object are AND-ed
 * {"version": {"$gte": 2, "$lt": 3}}               $eq $ne $gt $gte $lt $lte $in $nin $contains (AND-ed)
 * {"$and": [f, ...]}  {"$or": [f, ...]}  {"$not": f}
 * </pre>
 *
 * Values are strings, numbers (integers become {@code Long}, decimals {@code Double}) or booleans, which become
 * the strings {@code "true"}/{@code "false"} because that is how metadata stores them. {@code $gt/$gte/$lt/$lte}
 * accept numbers only (Redis Vector Sets compares strings as numbers). Integers must lie within ±2^53 because
 * Vector Sets compares numbers as doubles. String values must be representable as Vector Sets string literals
 * (see {@link VectorSetFilterExpression}), so the error can name the JSON path. Every problem is reported as an
 * {@link InvalidFilterException} whose message names the path, e.g. {@code filter.$and[1].version.$gt}.
 */
public final class FilterJson {

    public static final int MAX_DEPTH = 10;
    public static final int MAX_CONDITIONS = 100;
    public static final int MAX_IN_VALUES = 100;

    /** Largest integer a double (Redis' number type) represents exactly. */
    private static final long MAX_EXACT_INTEGER = 1L << 53;

    private static final List<String> FIELD_OPERATORS =
            List.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$contains");
    private static final List<String> LOGICAL_OPERATORS = List.of("$and", "$or", "$not");

    private FilterJson() {
    }

    /** @return the filter, or {@code null} ("no filter") for a null, missing or empty-object node */
    public static Filter parse(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidFilterException("filter: expected a JSON object such as {\"product\": \"git\"}, got "
                    + describe(node));
        }
        if (node.isEmpty()) {
            return null;
        }
        return new Parser().filterObject(node, "filter", 1);
    }

    /** Holds the per-call condition count, so the class itself stays stateless. */
    private static final class Parser {

        private int conditions;

        Filter filterObject(JsonNode node, String path, int depth) {
            if (depth > MAX_DEPTH) {
                throw invalid(path, "filter is nested more than " + MAX_DEPTH + " levels deep");
            }
            if (node.isEmpty()) {
                throw invalid(path, "empty filter object; expected at least one field or $and/$or/$not");
            }
            List<Filter> parts = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String name = entry.getKey();
                parts.add(name.startsWith("$")
                        ? logical(name, entry.getValue(), path, depth)
                        : field(name, entry.getValue(), path));
            }
            return allOf(parts);
        }

        private Filter logical(String operator, JsonNode value, String path, int depth) {
            String operatorPath = path + "." + operator;
            switch (operator) {
                case "$and":
                    return allOf(filterArray(value, operatorPath, depth));
                case "$or":
                    return anyOf(filterArray(value, operatorPath, depth));
                case "$not":
                    if (!value.isObject()) {
                        throw invalid(operatorPath, "expected a filter object, got " + describe(value));
                    }
                    return new Not(filterObject(value, operatorPath, depth + 1));
                default:
                    if (FIELD_OPERATORS.contains(operator)) {
                        throw invalid(operatorPath, "operator " + operator + " must be applied to a field, e.g. "
                                + "{\"version\": {\"" + operator + "\": ...}}; only $and, $or and $not may appear here");
                    }
                    throw invalid(operatorPath, "unknown operator " + operator + "; expected a field name or one of "
                            + String.join(", ", LOGICAL_OPERATORS));
            }
        }

        private List<Filter> filterArray(JsonNode value, String path, int depth) {
            if (!value.isArray() || value.isEmpty()) {
                throw invalid(path, "expected a non-empty array of filter objects, got " + describe(value));
            }
            List<Filter> filters = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                String elementPath = path + "[" + i + "]";
                JsonNode element = value.get(i);
                if (!element.isObject()) {
                    throw invalid(elementPath, "expected a filter object, got " + describe(element));
                }
                filters.add(filterObject(element, elementPath, depth + 1));
            }
            return filters;
        }

        private Filter field(String name, JsonNode value, String path) {
            if (!VectorSetFilterExpression.isValidFieldName(name)) {
                throw invalid(path, "invalid field name " + quoted(name)
                        + "; field names must match [A-Za-z_][A-Za-z0-9_]*");
            }
            String fieldPath = path + "." + name;
            if (!value.isObject()) {
                return condition(fieldPath, new IsEqualTo(name, scalar(value, fieldPath)));
            }
            if (value.isEmpty()) {
                throw invalid(fieldPath, "empty operator object; expected one of " + String.join(", ", FIELD_OPERATORS));
            }
            List<Filter> parts = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                parts.add(condition(fieldPath, operator(name, entry.getKey(), entry.getValue(), fieldPath)));
            }
            return allOf(parts);
        }

        private Filter operator(String field, String operator, JsonNode value, String fieldPath) {
            String path = fieldPath + "." + operator;
            switch (operator) {
                case "$eq":
                    return new IsEqualTo(field, scalar(value, path));
                case "$ne":
                    return new IsNotEqualTo(field, scalar(value, path));
                case "$gt":
                    return new IsGreaterThan(field, number(value, path));
                case "$gte":
                    return new IsGreaterThanOrEqualTo(field, number(value, path));
                case "$lt":
                    return new IsLessThan(field, number(value, path));
                case "$lte":
                    return new IsLessThanOrEqualTo(field, number(value, path));
                case "$in":
                    return new IsIn(field, scalarArray(value, path));
                case "$nin":
                    return new IsNotIn(field, scalarArray(value, path));
                case "$contains":
                    return new ContainsValue(field, listElement(value, path));
                default:
                    String hint = operator.startsWith("$")
                            ? "unknown operator " + operator
                            : "expected an operator but got " + quoted(operator) + " (nested objects are not supported)";
                    throw invalid(path, hint + "; expected one of " + String.join(", ", FIELD_OPERATORS));
            }
        }

        private Filter condition(String path, Filter filter) {
            if (++conditions > MAX_CONDITIONS) {
                throw invalid(path, "filter has more than " + MAX_CONDITIONS + " conditions");
            }
            return filter;
        }

        private Object scalar(JsonNode value, String path) {
            if (value.isTextual()) {
                return string(value.textValue(), path);
            }
            if (value.isBoolean()) {
                return String.valueOf(value.booleanValue());
            }
            if (value.isNumber()) {
                return number(value, path);
            }
            if (value.isArray()) {
                throw invalid(path, "expected a string, number or boolean, got array (use $in or $nin to match"
                        + " one of several values)");
            }
            throw invalid(path, "expected a string, number or boolean, got " + describe(value));
        }

        private Comparable<?> number(JsonNode value, String path) {
            if (!value.isNumber()) {
                throw invalid(path, "expected a number, got " + describe(value)
                        + " (ordering comparisons are only supported on numbers)");
            }
            if (value.isIntegralNumber()) {
                if (!value.canConvertToLong() || Math.abs(value.longValue()) > MAX_EXACT_INTEGER) {
                    throw invalid(path, "integer " + value.asText() + " is out of range; expected a value between -"
                            + MAX_EXACT_INTEGER + " and " + MAX_EXACT_INTEGER);
                }
                return value.longValue();
            }
            double decimal = value.doubleValue();
            // beyond this Redis' FILTER syntax takes no plain decimal (found by fuzzing: 1.7976931348623157E308 was a 500)
            if (!Double.isFinite(decimal) || Math.abs(decimal) > MAX_EXACT_INTEGER) {
                throw invalid(path, "number " + value.asText() + " is out of range; expected a value between -"
                        + MAX_EXACT_INTEGER + " and " + MAX_EXACT_INTEGER);
            }
            return decimal;
        }

        private String string(String value, String path) {
            String reason = VectorSetFilterExpression.unquotableReason(value);
            if (reason != null) {
                throw invalid(path, "string value " + reason);
            }
            return value;
        }

        private List<Object> scalarArray(JsonNode value, String path) {
            if (!value.isArray() || value.isEmpty()) {
                throw invalid(path, "expected a non-empty array of strings, numbers or booleans, got "
                        + describe(value));
            }
            if (value.size() > MAX_IN_VALUES) {
                throw invalid(path, "array has " + value.size() + " values; at most " + MAX_IN_VALUES + " are allowed");
            }
            String kind = scalarKind(value.get(0));
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                String elementPath = path + "[" + i + "]";
                if (element.isContainerNode()) {
                    throw invalid(elementPath, "expected a string, number or boolean, got " + describe(element));
                }
                Object parsed = scalar(element, elementPath);
                if (!scalarKind(element).equals(kind)) {
                    throw invalid(elementPath, "all values must have the same type; expected a " + kind
                            + " like the first value, got " + describe(element));
                }
                values.add(parsed);
            }
            return values;
        }

        private String listElement(JsonNode value, String path) {
            if (!value.isTextual()) {
                throw invalid(path, "expected a string, got " + describe(value));
            }
            if (value.textValue().contains(",")) {
                // List metadata is stored comma-separated, so an element containing a comma could never match.
                throw invalid(path, "value " + quoted(value.textValue()) + " must not contain ','");
            }
            return string(value.textValue(), path);
        }
    }

    private static Filter allOf(List<Filter> filters) {
        return filters.stream().reduce(And::new).orElseThrow();
    }

    private static Filter anyOf(List<Filter> filters) {
        return filters.stream().reduce(Or::new).orElseThrow();
    }

    private static String scalarKind(JsonNode node) {
        if (node.isTextual()) return "string";
        if (node.isNumber()) return "number";
        if (node.isBoolean()) return "boolean";
        return describe(node);
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return "null";
        if (node.isTextual()) return "string " + node;
        if (node.isNumber()) return "number " + node;
        if (node.isBoolean()) return "boolean " + node;
        if (node.isArray()) return node.isEmpty() ? "empty array" : "array";
        return node.isEmpty() ? "empty object" : "object";
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static InvalidFilterException invalid(String path, String problem) {
        return new InvalidFilterException(path + ": " + problem);
    }
}
