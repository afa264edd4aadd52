package dev.ragtune.behaviour.report;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.ragtune.behaviour.dataset.ChatMessage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Counts the tokens of chat examples the way OpenAI's cookbook does (num_tokens_from_messages): 3 per
 * message, the role and content tokens, 1 more per name, and 3 priming the reply. The encoding is chosen
 * per base model (o200k_base for gpt-4o and gpt-4.1, cl100k_base for older ones). Thread-safe.
 */
public final class ChatTokens {

    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int REPLY_PRIMING = 3;

    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    private final Map<EncodingType, Encoding> byType = new ConcurrentHashMap<>();
    private final Function<String, EncodingType> encodingOfModel;

    /** {@code encodingOfModel} maps a base model name to its jtokkit encoding (o200k_base, cl100k_base). */
    public ChatTokens(Function<String, EncodingType> encodingOfModel) {
        this.encodingOfModel = encodingOfModel;
    }

    public String encodingName(String model) {
        return encodingOfModel.apply(model).getName();
    }

    public int example(List<ChatMessage> messages, String model) {
        Encoding encoding = encoding(model);
        int tokens = REPLY_PRIMING;
        for (ChatMessage message : messages) {
            tokens += TOKENS_PER_MESSAGE + encoding.countTokensOrdinary(message.role()) + encoding.countTokensOrdinary(message.content());
        }
        return tokens;
    }

    /** The cookbook's num_assistant_tokens_from_messages: only what the model learns to say. */
    public int assistant(List<ChatMessage> messages, String model) {
        Encoding encoding = encoding(model);
        return messages.stream().filter(m -> ChatMessage.ASSISTANT.equals(m.role()))
                .mapToInt(m -> encoding.countTokensOrdinary(m.content())).sum();
    }

    public int text(String text, String model) {
        return encoding(model).countTokensOrdinary(text);
    }

    private Encoding encoding(String model) {
        return byType.computeIfAbsent(encodingOfModel.apply(model), registry::getEncoding);
    }
}
