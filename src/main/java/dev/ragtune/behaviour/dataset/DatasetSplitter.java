package dev.ragtune.behaviour.dataset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Splits by a hash of each item's normalised content and the seed: an item's split depends on nothing
 * else, so identical items always share a split and submitting the same data again gives the same split.
 */
public final class DatasetSplitter {

    public record Split<T>(List<T> train, List<T> validation) {
    }

    private DatasetSplitter() {
    }

    public static <T> Split<T> split(List<T> items, Function<T, String> key, double validationShare, long seed) {
        List<T> train = new ArrayList<>();
        List<T> validation = new ArrayList<>();
        String lowestKey = null;
        double lowest = Double.MAX_VALUE;
        long distinct = items.stream().map(key).distinct().count();
        for (T item : items) {
            String k = key.apply(item);
            double position = position(k, seed);
            if (position < validationShare) {
                validation.add(item);
            } else {
                train.add(item);
            }
            if (position < lowest) {
                lowest = position;
                lowestKey = k;
            }
        }
        // Small sets can draw no validation example by chance: the content whose hash lies lowest goes
        // (still a function of content and seed only, and with all its duplicates).
        if (validation.isEmpty() && validationShare > 0 && distinct >= 2 && validationShare * distinct >= 1) {
            String chosen = lowestKey;
            train.removeIf(item -> {
                if (key.apply(item).equals(chosen)) {
                    validation.add(item);
                    return true;
                }
                return false;
            });
        }
        return new Split<>(train, validation);
    }

    /** A number in [0, 1) from SHA-256 of seed and key. */
    static double position(String key, long seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((seed + "\u0000" + key).getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 7; i++) {
                bits = (bits << 8) | (digest[i] & 0xff);
            }
            return bits / (double) (1L << 56);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
