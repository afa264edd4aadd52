package dev.ragtune.behaviour;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A support dataset of any size as OpenAI chat JSONL, from a fixed seed: questions composed of varied support
 * vocabulary, so that (unlike copies of one line) few pairs of user inputs are near each other, with planted repeats:
 * every {@code PLANT_EVERY}-th line repeats an earlier line's user input exactly (the whole example copied) or reworded
 * (one word swapped and punctuation changed). {@link #planted()} says which line repeats which.
 */
public final class SyntheticDataset {

    private static final int PLANT_EVERY = 97;
    private static final String[] ACTIONS = {"reset", "change", "cancel", "export", "renew", "upgrade", "downgrade", "delete", "restore",
            "share", "download", "verify", "connect", "disconnect", "merge", "rename", "archive", "transfer", "invite", "remove"};
    private static final String[] THINGS = {"password", "invoice", "subscription", "workspace", "API token", "billing address", "team seat",
            "mobile app", "calendar sync", "two-factor code", "data export", "webhook", "custom domain", "SSO login", "shared folder",
            "payment card", "audit log", "usage report", "support ticket", "backup", "integration with Slack", "trial plan",
            "email notifications", "project template", "guest account"};
    private static final String[] CONTEXTS = {"after the last update", "on my phone", "from the admin console", "for the whole team",
            "before the renewal date", "while travelling abroad", "on the Enterprise plan", "without losing history",
            "in the EU region", "for a former employee", "on Windows", "using the CLI", "with a company card", "during the outage",
            "for our auditors", "on the free tier"};
    private static final String[] FEELINGS = {"", "I'm in a hurry. ", "This is the third time I ask. ", "Quick question: ",
            "Hi there! ", "Sorry to bother you. ", "My manager needs this today. ", ""};
    private static final String[] STEPS = {"open Settings", "choose the right workspace", "select the item", "confirm with your password",
            "wait for the confirmation e-mail", "refresh the page", "check the audit log", "contact your admin"};

    private final List<String> lines = new ArrayList<>();
    private final Map<Integer, Integer> planted = new TreeMap<>();
    private final Map<Integer, Boolean> exact = new TreeMap<>();

    public SyntheticDataset(int size, long seed) {
        Random random = new Random(seed);
        ObjectMapper json = new ObjectMapper();
        List<String> questions = new ArrayList<>();
        for (int line = 1; line <= size; line++) {
            String question;
            String answer;
            if (line % PLANT_EVERY == 0) {
                int of = 1 + random.nextInt(line - 1);
                boolean copy = (line / PLANT_EVERY) % 2 == 0;
                planted.put(line, of);
                exact.put(line, copy);
                if (copy) {
                    lines.add(lines.get(of - 1));
                    questions.add(questions.get(of - 1));
                    continue;
                }
                question = reworded(questions.get(of - 1));
                answer = answer(random);
            } else {
                question = pick(random, FEELINGS) + "How do I " + pick(random, ACTIONS) + " the " + pick(random, THINGS) + " "
                        + pick(random, CONTEXTS) + (random.nextBoolean() ? "?" : ", and what happens to the " + pick(random, THINGS) + "?");
                answer = answer(random);
            }
            questions.add(question);
            ObjectNode example = json.createObjectNode();
            ArrayNode messages = example.putArray("messages");
            messages.addObject().put("role", "user").put("content", question);
            messages.addObject().put("role", "assistant").put("content", answer);
            lines.add(example.toString());
        }
    }

    private static String answer(Random random) {
        StringBuilder answer = new StringBuilder("Happy to help! ");
        int steps = 2 + random.nextInt(3);
        for (int s = 1; s <= steps; s++) {
            answer.append(s).append(". ").append(capital(pick(random, STEPS))).append(". ");
        }
        return answer.append("If anything is unclear, reply here and I will walk you through it.").toString();
    }

    /** The same request in slightly other words: a greeting word swapped, the question mark doubled. */
    private static String reworded(String question) {
        return question.replace("How do I", "How can I") + "?";
    }

    public String jsonl() {
        return String.join("\n", lines) + "\n";
    }

    public int size() {
        return lines.size();
    }

    /** Line of each planted repeat, to the line it repeats. */
    public Map<Integer, Integer> planted() {
        return planted;
    }

    /** Whether the planted repeat at this line is an exact copy. */
    public boolean exact(int line) {
        return exact.get(line);
    }

    private static String pick(Random random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    private static String capital(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
