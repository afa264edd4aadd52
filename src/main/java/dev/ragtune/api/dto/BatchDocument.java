package dev.ragtune.api.dto;

import java.util.Map;

/** One item of POST /documents/batch: a document body with its id. */
public record BatchDocument(String id, String title, String text, String format, String url, Map<String, Object> metadata) {
}
