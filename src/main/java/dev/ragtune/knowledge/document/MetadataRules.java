package dev.ragtune.knowledge.document;

import dev.ragtune.knowledge.index.EmbeddingStoreSupport;
import dev.ragtune.knowledge.index.filter.VectorSetFilterExpression;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Metadata is what filters run on, so it is held to the shapes filters can express: flat keys, and
 * values that are strings, numbers, booleans (stored as "true"/"false") or lists of strings.
 */
final class MetadataRules {

    /** Same rule as filter field names: keys end up inside Redis filter expressions. */
    static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Set<String> RESERVED = Set.of(EmbeddingStoreSupport.DOCUMENT_ID, EmbeddingStoreSupport.TITLE,
            EmbeddingStoreSupport.URL, EmbeddingStoreSupport.HEADING_PATH, EmbeddingStoreSupport.CHUNK_INDEX,
            dev.ragtune.tenant.TenantScope.METADATA_KEY);
    private static final int MAX_VALUE_CHARS = 512;
    private static final int MAX_LIST_SIZE = 64;

    private MetadataRules() {
    }

    /** The metadata in canonical form (sorted keys, booleans as strings), or an exception naming the problem. */
    static Map<String, Object> normalise(Map<String, Object> metadata, int maxEntries) {
        if (metadata.size() > maxEntries) {
            throw new InvalidDocumentException("metadata has " + metadata.size() + " entries; at most " + maxEntries + " are allowed");
        }
        Map<String, Object> normalised = new TreeMap<>();
        metadata.forEach((key, value) -> {
            if (key == null || !KEY.matcher(key).matches()) {
                throw new InvalidDocumentException("metadata key '" + key
                        + "' is not allowed: use letters, digits and '_', starting with a letter or '_' (at most 64)");
            }
            if (RESERVED.contains(key)) {
                throw new InvalidDocumentException("metadata key '" + key + "' is reserved: ragtune sets it itself (the tenant comes from the API key)");
            }
            normalised.put(key, normaliseValue(key, value));
        });
        return normalised;
    }

    private static Object normaliseValue(String key, Object value) {
        if (value instanceof String text) {
            return checkLength(key, text);
        }
        if (value instanceof Boolean flag) {
            return flag.toString();
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
            return number.doubleValue();
        }
        if (value instanceof Collection<?> list) {
            if (list.size() > MAX_LIST_SIZE) {
                throw new InvalidDocumentException("metadata '" + key + "' has " + list.size() + " items; at most " + MAX_LIST_SIZE);
            }
            if (!list.stream().allMatch(item -> item instanceof String)) {
                throw new InvalidDocumentException("metadata '" + key + "' must be a list of strings");
            }
            return List.copyOf(list.stream().map(item -> checkLength(key, (String) item)).toList());
        }
        throw new InvalidDocumentException("metadata '" + key + "' must be a string, number, boolean or list of strings, not "
                + dev.ragtune.problem.Failures.jsonType(value));
    }

    private static String checkLength(String key, String text) {
        if (text.length() > MAX_VALUE_CHARS) {
            throw new InvalidDocumentException("metadata '" + key + "' is longer than " + MAX_VALUE_CHARS + " characters");
        }
        String unfilterable = VectorSetFilterExpression.unquotableReason(text);
        if (unfilterable != null) {
            // a value no filter could ever name is refused rather than stored unreachable
            throw new InvalidDocumentException("metadata '" + key + "' cannot be filtered on: " + unfilterable);
        }
        return text;
    }
}
