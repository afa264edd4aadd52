package dev.ragtune.behaviour.dataset;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What a caller submits: JSONL text (OpenAI chat lines or {user_input, expected_output} lines) and/or
 * pairs and preference triples as JSON, optionally joined by rated answers from the feedback store.
 * Items are kept as raw JSON so a malformed one is reported rather than failing the whole request.
 */
public record DatasetRequest(String name, String persona, ExampleParser.Format format, String jsonl, List<JsonNode> pairs,
        List<JsonNode> preferences, boolean includeFeedback, Double validationShare, Long seed) {
}
