package dev.ragtune.problem;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** A failure of a remote system in words a client can act on, never a class name of ragtune's or its libraries'. */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return "its host name does not resolve";
            }
            if (cause instanceof ConnectException) {
                return "the connection was refused";
            }
            if (cause instanceof TimeoutException || cause instanceof InterruptedIOException
                    || cause instanceof java.net.http.HttpTimeoutException) {
                return "no answer in time";
            }
            if (cause instanceof javax.net.ssl.SSLException) {
                return "the TLS handshake failed";
            }
        }
        return "the connection failed";
    }

    /** A JSON value's type in JSON's own words. */
    public static String jsonType(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof CharSequence) {
            return "string";
        }
        if (value instanceof java.util.Collection<?> || value.getClass().isArray()) {
            return "array";
        }
        return "object";
    }
}
