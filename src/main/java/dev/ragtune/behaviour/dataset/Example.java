package dev.ragtune.behaviour.dataset;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One normalised training example in chat form. {@code line} is its 1-based line in the uploaded JSONL
 * (or its 1-based position among pairs), 0 when it came from elsewhere; {@code ref} says where it came
 * from in words ("line 12", "pairs[3]", "feedback:ans-42").
 */
public record Example(List<ChatMessage> messages, int line, String ref) {

    public String systemPrompt() {
        return messages.stream().filter(m -> ChatMessage.SYSTEM.equals(m.role())).map(ChatMessage::content)
                .findFirst().orElse(null);
    }

    /** Everything the user said, in order; what the task is about. */
    public String userText() {
        return join(ChatMessage.USER);
    }

    public List<String> assistantTurns() {
        return messages.stream().filter(m -> ChatMessage.ASSISTANT.equals(m.role())).map(ChatMessage::content).toList();
    }

    /**
     * The example's content with case and white space folded: two examples with the same key are the same
     * example, so they always land in the same split and count as exact duplicates.
     */
    public String normalisedKey() {
        return messages.stream()
                .map(m -> m.role() + "\u0001" + fold(m.content()))
                .collect(Collectors.joining("\u0002"));
    }

    static String fold(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private String join(String role) {
        return messages.stream().filter(m -> role.equals(m.role())).map(ChatMessage::content)
                .collect(Collectors.joining("\n"));
    }
}
