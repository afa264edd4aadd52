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
        List<Finding> findings = new ArrayList<>();
        Matcher email = EMAIL.matcher(text);
        while (email.find()) {
            String value = email.group();
            findings.add(new Finding(Kind.EMAIL, value.charAt(0) + "***" + value.substring(value.indexOf('@'))));
        }
        String withoutCards = text;
        Matcher card = CARD.matcher(text);
        while (card.find()) {
            String digits = card.group().replaceAll("\\D", "");
            if (luhn(digits)) {
                findings.add(new Finding(Kind.CARD, "****" + digits.substring(digits.length() - 4)));
                withoutCards = withoutCards.replace(card.group(), " ");
            }
        }
        Matcher phone = PHONE.matcher(withoutCards);
        while (phone.find()) {
            String value = phone.group().strip();
            String digits = value.replaceAll("\\D", "");
            long separators = value.chars().filter(c -> c == ' ' || c == '-' || c == '.' || c == '(').count();
            boolean shaped = value.startsWith("+") || value.startsWith("(") || separators >= 2;
            if (digits.length() >= 9 && digits.length() <= 15 && shaped && !DATE.matcher(value).matches()) {
                findings.add(new Finding(Kind.PHONE, "***" + digits.substring(digits.length() - 4)));
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
