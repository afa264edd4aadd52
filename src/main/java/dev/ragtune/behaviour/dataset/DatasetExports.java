package dev.ragtune.behaviour.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/** Writes one split of a dataset as JSONL, one example per line, in the shape a trainer expects. */
public final class DatasetExports {

    private static final Map<String, String> SHAREGPT_ROLES = Map.of(
            ChatMessage.SYSTEM, "system", ChatMessage.USER, "human", ChatMessage.ASSISTANT, "gpt");

    private final ObjectMapper json;

    public DatasetExports(ObjectMapper json) {
        this.json = json;
    }

    public String export(Dataset dataset, ExportFormat format, Dataset.Split split) {
        StringBuilder out = new StringBuilder();
        if (format == ExportFormat.OPENAI_DPO) {
            dataset.preferences(split).forEach(pair -> line(out, dpo(pair)));
        } else {
            dataset.examples(split).forEach(example -> line(out, format == ExportFormat.SHAREGPT
                    ? shareGpt(example.messages()) : chat(example.messages())));
        }
        return out.toString();
    }

    /** The number of lines {@link #export} writes. */
    public static int lines(Dataset dataset, ExportFormat format, Dataset.Split split) {
        return format == ExportFormat.OPENAI_DPO ? dataset.preferences(split).size() : dataset.examples(split).size();
    }

    private ObjectNode chat(List<ChatMessage> messages) {
        ObjectNode line = json.createObjectNode();
        line.set("messages", messages(messages));
        return line;
    }

    private ObjectNode dpo(PreferencePair pair) {
        ObjectNode line = json.createObjectNode();
        line.putObject("input").set("messages", messages(pair.prompt()));
        line.set("preferred_output", messages(List.of(ChatMessage.assistant(pair.preferred()))));
        line.set("non_preferred_output", messages(List.of(ChatMessage.assistant(pair.rejected()))));
        return line;
    }

    private ObjectNode shareGpt(List<ChatMessage> messages) {
        ObjectNode line = json.createObjectNode();
        ArrayNode conversation = line.putArray("conversations");
        messages.forEach(m -> conversation.addObject().put("from", SHAREGPT_ROLES.get(m.role())).put("value", m.content()));
        return line;
    }

    private ArrayNode messages(List<ChatMessage> messages) {
        ArrayNode array = json.createArrayNode();
        messages.forEach(m -> array.addObject().put("role", m.role()).put("content", m.content()));
        return array;
    }

    private void line(StringBuilder out, ObjectNode node) {
        try {
            out.append(json.writeValueAsString(node)).append('\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
