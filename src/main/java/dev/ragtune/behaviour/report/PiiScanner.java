package dev.ragtune.behaviour.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data a training set should not teach a model: email addresses, phone numbers and
 * payment card numbers (only digit runs that pass the Luhn check, so order numbers are not flagged).
 */
public final class PiiScanner {

    public enum Kind {
        EMAIL, PHONE, CARD
    }

    public record Finding(Kind kind, String masked) {
    }

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    // A run of digits with separators, optionally led by + or a bracketed area code; checked further below.
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])(?:\\+|\\()?\\d[\\d ().-]{6,}\\d(?!\\w)");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");

    private PiiScanner() {
    }

    public static List<Finding> scan(String text) {
        return matches(text).stream().map(m -> new Finding(m.kind(), m.masked())).toList();
    }

    /** The text with every finding replaced by its masked form, for anything a report shows. */
    public static String mask(String text) {
        StringBuilder masked = new StringBuilder(text);
        List<Match> found = new ArrayList<>(matches(text));
        found.sort((a, b) -> Integer.compare(b.start(), a.start()));
        int limit = Integer.MAX_VALUE;
        for (Match match : found) {
            if (match.end() <= limit) {
                masked.replace(match.start(), match.end(), match.masked());
                limit = match.start();
            }
        }
        return masked.toString();
    }

    /** What a report shows of a text: one line, cut at {@code maxChars}, personal data masked. */
    public static String maskedExcerpt(String text, int maxChars) {
        String flat = mask(text).strip().replaceAll("\\s+", " ");
        return flat.length() <= maxChars ? flat : flat.substring(0, maxChars) + "…";
    }

    private record Match(Kind kind, int start, int end, String masked) {
    }

    private static List<Match> matches(String text) {
        List<Match> findings = new ArrayList<>();
        Matcher email = EMAIL.matcher(text);
        while (email.find()) {
            String value = email.group();
            findings.add(new Match(Kind.EMAIL, email.start(), email.end(), value.charAt(0) + "***" + value.substring(value.indexOf('@'))));
        }
        // cards are blanked (same length) before looking for phone numbers, so a card is not a phone too
        StringBuilder withoutCards = new StringBuilder(text);
        Matcher card = CARD.matcher(text);
        while (card.find()) {
            String digits = card.group().replaceAll("\\D", "");
            if (luhn(digits)) {
                findings.add(new Match(Kind.CARD, card.start(), card.end(), "****" + digits.substring(digits.length() - 4)));
                withoutCards.replace(card.start(), card.end(), " ".repeat(card.end() - card.start()));
            }
        }
        Matcher phone = PHONE.matcher(withoutCards);
        while (phone.find()) {
            String value = phone.group().strip();
            String digits = value.replaceAll("\\D", "");
            long separators = value.chars().filter(c -> c == ' ' || c == '-' || c == '.' || c == '(').count();
            boolean shaped = value.startsWith("+") || value.startsWith("(") || separators >= 2;
            if (digits.length() >= 9 && digits.length() <= 15 && shaped && !DATE.matcher(value).matches()) {
                findings.add(new Match(Kind.PHONE, phone.start(), phone.end(), "***" + digits.substring(digits.length() - 4)));
            }
        }
        return findings;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return digits.length() >= 13 && sum % 10 == 0;
    }
}
