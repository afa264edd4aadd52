package dev.ragtune.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The API key format, {@code rt_<keyId>_<secret>}: the id finds the stored key in one lookup, the secret is
 * 256 random bits. Only the SHA-256 of the whole key is stored; a slow password hash buys nothing for keys
 * this random, and a fast one keeps each request's check cheap.
 */
public final class ApiKeys {

    private static final String PREFIX = "rt_";
    private static final int ID_BYTES = 8;
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key as presented: its id (safe to log) and the whole text (never logged). */
    public record Presented(String keyId, String key) {
        @Override
        public String toString() {
            return "Presented[keyId=" + keyId + "]";
        }
    }

    private ApiKeys() {
    }

    /** A new random key; the caller shows it once and stores only {@link #hash(String)}. */
    public static Presented generate() {
        byte[] id = new byte[ID_BYTES];
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String keyId = HexFormat.of().formatHex(id);
        return new Presented(keyId, PREFIX + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The key's id when the text has the shape of a ragtune key; empty otherwise. */
    public static Optional<Presented> parse(String text) {
        if (text == null || !text.startsWith(PREFIX) || text.length() > 200) {
            return Optional.empty();
        }
        int end = text.indexOf('_', PREFIX.length());
        if (end != PREFIX.length() + 2 * ID_BYTES || end == text.length() - 1) {
            return Optional.empty();
        }
        String keyId = text.substring(PREFIX.length(), end);
        for (int i = 0; i < keyId.length(); i++) {
            if (Character.digit(keyId.charAt(i), 16) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new Presented(keyId, text));
    }

    /** Whether a key id has the shape {@link #generate()} gives, so path parameters never reach Redis unchecked. */
    public static boolean isKeyId(String text) {
        return text != null && parse(PREFIX + text + "_x").isPresent();
    }

    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** Compares a presented key with a stored hash in time independent of where they differ. */
    public static boolean matches(String key, String storedHash) {
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(key), expected);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
