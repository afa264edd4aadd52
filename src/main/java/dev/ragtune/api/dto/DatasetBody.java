package dev.ragtune.api.dto;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * POST /finetune/datasets as JSON. jsonl: OpenAI chat lines (format openai-chat, the default) or
 * {user_input, expected_output} lines (format pairs); pairs and preferences as JSON arrays. Items stay raw
 * JSON so a malformed one is reported by position instead of failing the request.
 */
public record DatasetBody(String name, String persona, String format, String jsonl, List<JsonNode> pairs, List<JsonNode> preferences,
        Boolean includeFeedback, Double validationShare, Long seed) {
}
