package dev.ragtune.behaviour;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The "Ava from Acme Support" fixture (src/test/resources/behaviour/ava-support.jsonl): 39 clean chat
 * examples over six tasks (password, billing, shipping, bug reports, account deletion, team; one of them multi-turn) and planted
 * defects at known lines.
 */
public final class AvaDataset {

    public static final String PERSONA = "You are Ava from Acme Support. You are warm and concise, you always offer a clear next step, "
            + "and you never promise refunds: the billing team decides them.";

    public static final int INVALID_JSON = 7;
    public static final int NOT_A_DICT = 14;
    public static final int MISSING_MESSAGES = 21;
    public static final int BAD_ROLE = 28;
    public static final int EMPTY_CONTENT = 35;
    public static final int NO_ASSISTANT = 41;
    /** The only example of its task (switching the app to German). */
    public static final int THIN_TASK = 45;
    /** Repeats line 1 in other words. */
    public static final int NEAR_DUPLICATE = 46;
    public static final int NEAR_DUPLICATE_OF = 1;
    public static final int EMAIL = 47;
    public static final int PHONE = 48;
    public static final int CARD = 49;
    /** A rude, dismissive reply. */
    public static final int RUDE = 50;
    /** A pasted log of about 4,500 tokens. */
    public static final int OVER_LONG = 51;
    public static final int LINES = 52;

    public static final Set<Integer> MALFORMED = Set.of(INVALID_JSON, NOT_A_DICT, MISSING_MESSAGES, BAD_ROLE, EMPTY_CONTENT, NO_ASSISTANT);
    public static final Set<Integer> DEFECTS = Set.of(THIN_TASK, NEAR_DUPLICATE, EMAIL, PHONE, CARD, RUDE, OVER_LONG);
    /** Lines of the 40 clean examples. */
    public static final Set<Integer> CLEAN = IntStream.rangeClosed(1, LINES).boxed()
            .filter(l -> !MALFORMED.contains(l) && !DEFECTS.contains(l)).collect(Collectors.toSet());

    private AvaDataset() {
    }

    public static String jsonl() {
        try (InputStream in = AvaDataset.class.getResourceAsStream("/behaviour/ava-support.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    public static List<Integer> lines(List<?> items, java.util.function.Function<Object, Integer> line) {
        return items.stream().map(line).toList();
    }
}
