package dev.ragtune.ask;

/** Answers a question on one route: knowledge, hybrid, behaviour, or retrieval-only when no model is configured. */
public interface Responder {

    Reply respond(AnswerInput input);
}
