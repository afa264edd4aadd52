package dev.ragtune.routing;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** Where a question goes: the base model with sources, the tuned model alone, or the tuned model with sources. */
public enum Route {
    /** Base model + retrieved sources. */
    KNOWLEDGE,
    /** The promoted tuned model, no retrieval. */
    BEHAVIOUR,
    /** The promoted tuned model + retrieved sources. */
    HYBRID;

    /** The name clients and configuration use: knowledge, behaviour, hybrid. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id();
    }

    /** The route a client names (in a path or a body); an unknown name is a 404 naming the routes. */
    public static Route named(String name) {
        return Arrays.stream(values()).filter(route -> route.id().equals(name)).findFirst()
                .orElseThrow(() -> new RoutingException(404, "no route '" + name + "'; routes are " + Arrays.toString(values())));
    }
}
