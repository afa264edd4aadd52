package dev.ragtune.api.dto;

import dev.ragtune.model.ModelEndpoint;

import java.util.List;

/** The registry's entries and which one is the behaviour model, with the promotion history (current first). */
public record BehaviourView(List<ModelEndpoint> models, String behaviour, List<String> history) {
}
