package dev.ragtune.behaviour.dataset;

/**
 * A malformed example, named as OpenAI's data-preparation checks name it (data_type,
 * missing_messages_list, message_missing_key, message_unrecognized_key, unrecognized_role,
 * missing_content, example_missing_assistant_message), plus invalid_json for a line that is not JSON.
 * {@code line} is 1-based in the uploaded JSONL, or the 1-based position among pairs or preferences.
 */
public record FormatError(int line, String code, String detail) {

    public static final String INVALID_JSON = "invalid_json";
    public static final String DATA_TYPE = "data_type";
    public static final String MISSING_MESSAGES_LIST = "missing_messages_list";
    public static final String MESSAGE_MISSING_KEY = "message_missing_key";
    public static final String MESSAGE_UNRECOGNIZED_KEY = "message_unrecognized_key";
    public static final String UNRECOGNIZED_ROLE = "unrecognized_role";
    public static final String MISSING_CONTENT = "missing_content";
    public static final String EXAMPLE_MISSING_ASSISTANT_MESSAGE = "example_missing_assistant_message";

    @Override
    public String toString() {
        return "line " + line + ": " + code + " (" + detail + ")";
    }
}
