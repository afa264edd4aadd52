package dev.ragtune.ask;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;

import java.util.List;

/**
 * The turns of one session before this question, as the model and the answer record see them. Without a
 * session there is no memory: nothing is read, nothing remembered.
 */
public final class Conversation {

    /** What the prompts say when there is no earlier turn. */
    public static final String NO_HISTORY = "(none)";

    private final ChatMemory memory;
    private final List<ChatMessage> history;

    Conversation(ChatMemory memory) {
        this.memory = memory;
        this.history = memory == null ? List.of() : List.copyOf(memory.messages());
    }

    /** A first question with no session: the advisor's probes and session-less requests. */
    public static Conversation none() {
        return new Conversation(null);
    }

    public List<ChatMessage> history() {
        return history;
    }

    public boolean isEmpty() {
        return history.isEmpty();
    }

    /** "User: ...\nAssistant: ..." as the prompts take it; {@link #NO_HISTORY} for a first question. */
    public String text() {
        if (history.isEmpty()) {
            return NO_HISTORY;
        }
        StringBuilder text = new StringBuilder();
        for (ChatMessage message : history) {
            text.append(message instanceof UserMessage ? "User" : "Assistant").append(": ")
                    .append(JtokkitTokenCountEstimator.textOf(message)).append('\n');
        }
        return text.toString().stripTrailing();
    }

    String lastUserQuestion() {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i) instanceof UserMessage user) {
                return JtokkitTokenCountEstimator.textOf(user);
            }
        }
        return "";
    }

    List<AnswerRecord.Turn> turns() {
        return history.stream()
                .map(m -> new AnswerRecord.Turn(m instanceof UserMessage ? "user" : "assistant", JtokkitTokenCountEstimator.textOf(m)))
                .toList();
    }

    /** Adds this question and its answer; called only once an answer was given, so a failed ask leaves memory as it was. */
    void remember(String question, String answer) {
        if (memory != null) {
            memory.add(UserMessage.from(question));
            memory.add(AiMessage.from(answer));
        }
    }
}
