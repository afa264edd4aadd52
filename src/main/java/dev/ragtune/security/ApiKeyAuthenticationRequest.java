package dev.ragtune.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The text a caller sent as an API key; never logged, see {@link #toString()}. */
public final class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    public ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return "ApiKeyAuthenticationRequest[key hidden]";
    }
}
