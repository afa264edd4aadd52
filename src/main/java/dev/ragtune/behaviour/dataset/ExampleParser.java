package dev.ragtune.behaviour.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads training examples from OpenAI chat JSONL, from {user_input, expected_output} pairs and from
 * preference triples, and checks each the way OpenAI's data-preparation cookbook does. A malformed
 * example is reported with its line and left out; it never fails the whole request.
 */
public final class ExampleParser {

    private static final Set<String> ROLES = Set.of(ChatMessage.SYSTEM, ChatMessage.USER, ChatMessage.ASSISTANT);
    // "weight" (0/1, train on this turn or not) is OpenAI's; tool and function calls are not supported here.
    private static final Set<String> MESSAGE_KEYS = Set.of("role", "content", "name", "weight");
    private static final Set<String> PAIR_KEYS = Set.of("user_input", "expected_output");

    /** What one input held: the usable examples and preference pairs, and every malformed one. */
    public record Parsed(List<Example> examples, List<PreferencePair> preferences, List<FormatError> errors) {
        public static Parsed empty() {
            return new Parsed(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        public void addAll(Parsed other) {
            examples.addAll(other.examples);
            preferences.addAll(other.preferences);
            errors.addAll(other.errors);
        }
    }

    public enum Format {
        OPENAI_CHAT, PAIRS
    }

    private final ObjectMapper json;

    public ExampleParser(ObjectMapper json) {
        this.json = json;
    }

    /** One example per non-blank line; line numbers are 1-based over all lines, blank ones included. */
    public Parsed parseJsonl(String text, Format format, String persona) {
        Parsed parsed = Parsed.empty();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int number = i + 1;
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (JsonProcessingException e) {
                parsed.errors.add(new FormatError(number, FormatError.INVALID_JSON, "not valid JSON: " + e.getOriginalMessage()));
                continue;
            }
            if (format == Format.PAIRS) {
                pair(node, number, "line " + number, persona, parsed);
            } else {
                chat(node, number, "line " + number, persona, parsed);
            }
        }
        return parsed;
    }

    public Parsed parsePairs(List<JsonNode> pairs, String persona) {
        Parsed parsed = Parsed.empty();
        for (int i = 0; i < pairs.size(); i++) {
            pair(pairs.get(i), i + 1, "pairs[" + i + "]", persona, parsed);
        }
        return parsed;
    }

    public Parsed parsePreferences(List<JsonNode> preferences, String persona) {
        Parsed parsed = Parsed.empty();
        for (int i = 0; i < preferences.size(); i++) {
            preference(preferences.get(i), i + 1, "preferences[" + i + "]", persona, parsed);
        }
        return parsed;
    }

    private void chat(JsonNode node, int line, String ref, String persona, Parsed parsed) {
        if (node == null || !node.isObject()) {
            parsed.errors.add(new FormatError(line, FormatError.DATA_TYPE, ref + " is not a JSON object"));
            return;
        }
        JsonNode messages = node.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            parsed.errors.add(new FormatError(line, FormatError.MISSING_MESSAGES_LIST, ref + " has no non-empty \"messages\" list"));
            return;
        }
        Set<FormatError> errors = new LinkedHashSet<>();
        List<ChatMessage> result = messages(messages, line, errors);
        boolean hasAssistant = false;
        for (JsonNode message : messages) {
            hasAssistant |= ChatMessage.ASSISTANT.equals(message.path("role").asText(null));
        }
        if (!hasAssistant) {
            errors.add(new FormatError(line, FormatError.EXAMPLE_MISSING_ASSISTANT_MESSAGE, "no message has role \"assistant\""));
        }
        if (!errors.isEmpty()) {
            parsed.errors.addAll(errors);
            return;
        }
        parsed.examples.add(new Example(withPersona(result, persona), line, ref));
    }

    private List<ChatMessage> messages(JsonNode messages, int line, Set<FormatError> errors) {
        List<ChatMessage> result = new ArrayList<>();
        for (int m = 0; m < messages.size(); m++) {
            JsonNode message = messages.get(m);
            String where = "message " + (m + 1);
            if (!message.isObject()) {
                errors.add(new FormatError(line, FormatError.DATA_TYPE, where + " is not a JSON object"));
                continue;
            }
            if (!message.has("role") || !message.has("content")) {
                errors.add(new FormatError(line, FormatError.MESSAGE_MISSING_KEY, where + " lacks \"role\" or \"content\""));
            }
            for (Iterator<String> keys = message.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!MESSAGE_KEYS.contains(key)) {
                    errors.add(new FormatError(line, FormatError.MESSAGE_UNRECOGNIZED_KEY, where + " has unrecognised key \"" + key + "\""));
                }
            }
            String role = message.path("role").asText(null);
            if (message.has("role") && !ROLES.contains(role)) {
                errors.add(new FormatError(line, FormatError.UNRECOGNIZED_ROLE,
                        where + " has role \"" + message.get("role").asText() + "\", not system, user or assistant"));
            }
            JsonNode content = message.get("content");
            if (message.has("content") && (!content.isTextual() || content.asText().isBlank())) {
                errors.add(new FormatError(line, FormatError.MISSING_CONTENT, where + " has empty or non-text content"));
            }
            if (ROLES.contains(role) && content != null && content.isTextual() && !content.asText().isBlank()) {
                result.add(new ChatMessage(role, content.asText()));
            }
        }
        return result;
    }

    private void pair(JsonNode node, int line, String ref, String persona, Parsed parsed) {
        if (node == null || !node.isObject()) {
            parsed.errors.add(new FormatError(line, FormatError.DATA_TYPE, ref + " is not a JSON object"));
            return;
        }
        Set<FormatError> errors = new LinkedHashSet<>();
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!PAIR_KEYS.contains(key)) {
                errors.add(new FormatError(line, FormatError.MESSAGE_UNRECOGNIZED_KEY, ref + " has unrecognised key \"" + key + "\""));
            }
        }
        String input = text(node, "user_input", line, ref, errors);
        String output = text(node, "expected_output", line, ref, errors);
        if (!errors.isEmpty()) {
            parsed.errors.addAll(errors);
            return;
        }
        parsed.examples.add(new Example(withPersona(List.of(ChatMessage.user(input), ChatMessage.assistant(output)), persona), line, ref));
    }

    private void preference(JsonNode node, int line, String ref, String persona, Parsed parsed) {
        if (node == null || !node.isObject()) {
            parsed.errors.add(new FormatError(line, FormatError.DATA_TYPE, ref + " is not a JSON object"));
            return;
        }
        Set<FormatError> errors = new LinkedHashSet<>();
        List<ChatMessage> prompt;
        if (node.has("messages")) {
            JsonNode messages = node.get("messages");
            if (!messages.isArray() || messages.isEmpty()) {
                parsed.errors.add(new FormatError(line, FormatError.MISSING_MESSAGES_LIST, ref + " has no non-empty \"messages\" list"));
                return;
            }
            prompt = messages(messages, line, errors);
        } else {
            String text = text(node, "prompt", line, ref, errors);
            prompt = text == null ? List.of() : List.of(ChatMessage.user(text));
        }
        String preferred = text(node, "preferred", line, ref, errors);
        String rejected = text(node, "rejected", line, ref, errors);
        if (!prompt.isEmpty() && !ChatMessage.USER.equals(prompt.get(prompt.size() - 1).role())) {
            errors.add(new FormatError(line, FormatError.UNRECOGNIZED_ROLE, ref + ": the prompt must end with a user message"));
        }
        if (!errors.isEmpty()) {
            parsed.errors.addAll(errors);
            return;
        }
        parsed.preferences.add(new PreferencePair(withPersona(prompt, persona), preferred, rejected, line, ref));
    }

    private static String text(JsonNode node, String field, int line, String ref, Set<FormatError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FormatError(line, FormatError.MESSAGE_MISSING_KEY, ref + " lacks \"" + field + "\""));
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(new FormatError(line, FormatError.MISSING_CONTENT, ref + " has empty or non-text \"" + field + "\""));
            return null;
        }
        return value.asText();
    }

    /** The persona becomes the system prompt of examples that bring none of their own. */
    static List<ChatMessage> withPersona(List<ChatMessage> messages, String persona) {
        if (persona == null || persona.isBlank() || messages.stream().anyMatch(m -> ChatMessage.SYSTEM.equals(m.role()))) {
            return List.copyOf(messages);
        }
        List<ChatMessage> result = new ArrayList<>(messages.size() + 1);
        result.add(ChatMessage.system(persona));
        result.addAll(messages);
        return List.copyOf(result);
    }
}
