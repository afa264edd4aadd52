package dev.ragtune.behaviour.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Persona checks the embedding cannot make (bge-small scores a rude, a French and a leaked-template reply as close to the
 * set as a clean one): the reply's language, text leaked from a template, a chat format or the instructions, and a
 * shouting tone.
 * <p>
 * Language is told by the function words a reply uses, for the languages support sets are commonly written in. A
 * library would be preferable, but Lingua's jar is 80 MB (over Lambda's whole package limit) and the optimaize detector
 * is unmaintained and pulls an old Guava; a reply's function words are a reliable signal at these lengths (measured on
 * the planted set, see docs/behaviour.md).
 */
public final class PersonaChecks {

    private static final Map<String, Set<String>> FUNCTION_WORDS = Map.of(
            "en", Set.of("the", "and", "is", "are", "you", "your", "to", "of", "it", "that", "this", "with", "for", "have", "will",
                    "can", "please", "on", "in", "we", "be", "if", "or", "what", "i'm", "i'll", "don't", "it's", "let"),
            "fr", Set.of("le", "la", "les", "des", "est", "et", "vous", "votre", "pour", "une", "dans", "que", "pas", "avec", "nous",
                    "sur", "merci", "du", "au", "je", "ce", "qui", "sont", "êtes", "pouvez", "bonjour"),
            "de", Set.of("der", "die", "das", "und", "ist", "sie", "ihr", "ihre", "nicht", "mit", "für", "ein", "eine", "auf", "bitte",
                    "wir", "zu", "ich", "den", "dem", "sich", "auch", "können", "danke", "hallo"),
            "es", Set.of("el", "los", "las", "es", "y", "usted", "su", "para", "una", "con", "que", "por", "no", "está", "gracias",
                    "del", "al", "lo", "puede", "hola", "como", "pero"),
            "it", Set.of("il", "di", "che", "è", "per", "una", "con", "non", "sono", "grazie", "suo", "questo", "gli", "della", "può",
                    "ciao", "anche", "come"),
            "pt", Set.of("os", "é", "você", "para", "uma", "com", "que", "não", "obrigado", "seu", "está", "do", "da", "em", "olá",
                    "pode", "como", "mas"),
            "nl", Set.of("de", "het", "een", "en", "is", "van", "je", "u", "niet", "met", "voor", "dat", "op", "bedankt", "uw", "ik",
                    "kunt", "wij", "hallo"));
    /** Fewer function words than this and a reply is too short to tell its language. */
    private static final int MIN_HITS = 3;

    private static final List<Pattern> LEAK_MARKERS = List.of(
            Pattern.compile("\\{\\{[^}]{0,40}}}"),                              // {{customer_name}}
            Pattern.compile("\\{[a-z]+(?:_[a-z]+)+}"),                          // {ticket_id}
            Pattern.compile("\\[[A-Z][A-Z_ ]{2,30}]"),                          // [CUSTOMER NAME]
            Pattern.compile("<[A-Z][A-Z_]{2,30}>"),                             // <AGENT_NAME>
            Pattern.compile("<\\|[a-z_]{2,30}\\|>|\\[/?INST]|<</?SYS>>"),        // chat-template tokens
            Pattern.compile("(?im)^\\s*#{2,}\\s*(instruction|response|system|input|output)\\b"),
            Pattern.compile("(?im)^\\s*(ticket(?: id| #| number)?|priority|assignee|internal note|macro)\\s*:"),
            Pattern.compile("(?i)\\bas an ai(?: language)? model\\b|\\b(?:my|the) system prompt\\b|\\bmy instructions (?:say|are|tell)\\b"));
    private static final Pattern SHOUTED_WORD = Pattern.compile("\\b\\p{Lu}{4,}\\b");
    private static final Pattern WORD = Pattern.compile("[\\p{L}']+");
    /** Words of the system prompt a reply may repeat in a row before it counts as reciting its instructions. */
    private static final int ECHO_WORDS = 8;

    private PersonaChecks() {
    }

    /** The language of a reply by its function words ("en", "fr", ...), empty when too short or unclear to tell. */
    public static Optional<String> language(String text) {
        Map<String, Integer> hits = new HashMap<>();
        Matcher words = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (words.find()) {
            String word = words.group();
            FUNCTION_WORDS.forEach((language, list) -> {
                if (list.contains(word)) {
                    hits.merge(language, 1, Integer::sum);
                }
            });
        }
        List<Map.Entry<String, Integer>> ranked = hits.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).toList();
        if (ranked.isEmpty() || ranked.get(0).getValue() < MIN_HITS) {
            return Optional.empty();
        }
        // words shared by neighbouring languages ("que", "de") must not decide alone
        if (ranked.size() > 1 && ranked.get(0).getValue() < 1.5 * ranked.get(1).getValue()) {
            return Optional.empty();
        }
        return Optional.of(ranked.get(0).getKey());
    }

    /** What in a reply was leaked from a template, a chat format or its instructions, as short quotes. */
    public static List<String> leaks(String reply, String systemPrompt) {
        List<String> found = new ArrayList<>();
        for (Pattern marker : LEAK_MARKERS) {
            Matcher match = marker.matcher(reply);
            if (match.find()) {
                found.add(match.group().strip());
            }
        }
        echo(reply, systemPrompt).ifPresent(found::add);
        return found;
    }

    /** Shouting: two or more words in capitals (acronyms are shorter), or stacked exclamation marks. */
    public static List<String> shouting(String reply) {
        List<String> found = new ArrayList<>();
        Matcher shouted = SHOUTED_WORD.matcher(reply);
        List<String> words = new ArrayList<>();
        while (shouted.find()) {
            words.add(shouted.group());
        }
        if (words.size() >= 2) {
            found.add(String.join(" ", words.subList(0, Math.min(4, words.size()))));
        }
        if (reply.contains("!!") || reply.contains("?!")) {
            found.add(reply.contains("!!") ? "!!" : "?!");
        }
        return found;
    }

    /** Eight or more words of the system prompt in a row: the reply recites its instructions. */
    private static Optional<String> echo(String reply, String systemPrompt) {
        if (systemPrompt == null || systemPrompt.isBlank()) {
            return Optional.empty();
        }
        List<String> prompt = words(systemPrompt);
        String replyText = " " + String.join(" ", words(reply)) + " ";
        for (int start = 0; start + ECHO_WORDS <= prompt.size(); start++) {
            String run = String.join(" ", prompt.subList(start, start + ECHO_WORDS));
            if (replyText.contains(" " + run + " ")) {
                return Optional.of(run + " …");
            }
        }
        return Optional.empty();
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")).filter(w -> !w.isEmpty()).toList();
    }
}
