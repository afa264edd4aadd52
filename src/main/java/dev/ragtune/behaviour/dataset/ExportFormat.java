package dev.ragtune.behaviour.dataset;

import java.util.Arrays;
import java.util.Optional;

/** The JSONL shapes a dataset can be exported in. */
public enum ExportFormat {
    /** {"messages":[{"role","content"}]}: OpenAI supervised fine-tuning. */
    OPENAI_CHAT("openai-chat"),
    /** {"input":{"messages"},"preferred_output":[…],"non_preferred_output":[…]}: OpenAI preference (DPO) tuning. */
    OPENAI_DPO("openai-dpo"),
    /**
     * {"messages":[{"role","content"}]} for open toolkits: axolotl type chat_template, torchtune chat_dataset
     * with conversation_style openai, unsloth apply_chat_template.
     */
    CHAT_TEMPLATE("chat-template"),
    /** {"conversations":[{"from":"system|human|gpt","value"}]}: ShareGPT, for older configs. */
    SHAREGPT("sharegpt");

    private final String id;

    ExportFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<ExportFormat> of(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }
}
