package dev.ragtune.answer;

/** The chat model could not answer: down, timing out, or rate limiting ragtune ({@code rateLimited}). */
public class ModelUnavailableException extends RuntimeException {

    private final boolean rateLimited;

    public ModelUnavailableException(String message, boolean rateLimited, Throwable cause) {
        super(message, cause);
        this.rateLimited = rateLimited;
    }

    public boolean rateLimited() {
        return rateLimited;
    }
}
