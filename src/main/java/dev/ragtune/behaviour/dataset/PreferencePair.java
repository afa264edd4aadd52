package dev.ragtune.behaviour.dataset;

import java.util.List;

/**
 * For preference (DPO) tuning: a prompt (the conversation up to the answer) with the answer to prefer
 * and the one to avoid.
 */
public record PreferencePair(List<ChatMessage> prompt, String preferred, String rejected, int line, String ref) {

    /** Pairs with the same prompt always land in the same split. */
    public String normalisedKey() {
        return new Example(prompt, line, ref).normalisedKey();
    }
}
