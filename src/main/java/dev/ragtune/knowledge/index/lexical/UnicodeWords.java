package dev.ragtune.knowledge.index.lexical;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into words by Unicode's word-boundary rules (UAX #29), the segmentation Lucene's
 * StandardTokenizer applies: letters and digits stay together across an inner apostrophe, period or
 * colon ("don't", "node.js", "3.5", "1,000"), an underscore joins ("foo_bar"), a hyphen splits; every
 * ideograph, Hiragana character and emoji is a word of its own; Thai, Lao, Khmer and Myanmar runs stay whole.
 *
 * <p>Kept to what the index needs, so the Lambda package does not carry Lucene (5.5 MB) for one analyzer;
 * {@code LexicalAnalyzerTest} holds it to Lucene's output.
 */
final class UnicodeWords {

    /** Lucene's longest token: longer runs are cut into pieces of this length. */
    private static final int MAX_WORD_LENGTH = 255;

    private enum Kind { LETTER, NUMBER, KATAKANA, SOUTHEAST_ASIAN, CONNECTOR, MID_LETTER, MID_NUMBER, MID_EITHER, ALONE, EXTEND, OTHER }

    private UnicodeWords() {
    }

    static List<String> split(String text) {
        int[] points = text.codePoints().toArray();
        Kind[] kinds = new Kind[points.length];
        for (int i = 0; i < points.length; i++) {
            kinds[i] = kindOf(points[i]);
        }
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < points.length) {
            int start = i;
            Kind kind = kinds[i++];
            if (kind == Kind.ALONE) {
                // marks, variation selectors and emoji joined by zero-width joiners belong to the symbol
                while (i < points.length && (kinds[i] == Kind.EXTEND
                        || points[i - 1] == 0x200D && kinds[i] == Kind.ALONE && points[i] >= 0x2600)) {
                    i++;
                }
                words.add(new String(points, start, i - start));
                continue;
            }
            if (!startsWord(kind)) {
                continue;
            }
            Kind last = kind;
            while (i < points.length) {
                Kind next = kinds[i];
                if (next == Kind.EXTEND || joins(last, next)) {
                    last = next == Kind.EXTEND ? last : next;
                    i++;
                    continue;
                }
                int after = i + 1;
                while (after < points.length && kinds[after] == Kind.EXTEND) {
                    after++;
                }
                if (after < points.length && joinsAcross(last, next, kinds[after])) {
                    last = kinds[after];
                    i = after + 1;
                    continue;
                }
                break;
            }
            if (hasWordCharacter(kinds, start, i)) {
                for (int from = start; from < i; from += MAX_WORD_LENGTH) {
                    words.add(new String(points, from, Math.min(MAX_WORD_LENGTH, i - from)));
                }
            }
        }
        return words;
    }

    private static boolean startsWord(Kind kind) {
        return kind == Kind.LETTER || kind == Kind.NUMBER || kind == Kind.KATAKANA || kind == Kind.SOUTHEAST_ASIAN
                || kind == Kind.CONNECTOR;
    }

    private static boolean joins(Kind last, Kind next) {
        return switch (next) {
            case LETTER, NUMBER -> last == Kind.LETTER || last == Kind.NUMBER || last == Kind.CONNECTOR;
            case KATAKANA -> last == Kind.KATAKANA || last == Kind.CONNECTOR;
            case SOUTHEAST_ASIAN -> last == Kind.SOUTHEAST_ASIAN;
            case CONNECTOR -> true;
            default -> false;
        };
    }

    /** "don't", "node.js", "a:b" (letters around a mid-letter mark), "3.5", "1,000" (digits around a mid-number one). */
    private static boolean joinsAcross(Kind last, Kind middle, Kind then) {
        boolean letters = last == Kind.LETTER && then == Kind.LETTER && (middle == Kind.MID_LETTER || middle == Kind.MID_EITHER);
        boolean numbers = last == Kind.NUMBER && then == Kind.NUMBER && (middle == Kind.MID_NUMBER || middle == Kind.MID_EITHER);
        return letters || numbers;
    }

    private static boolean hasWordCharacter(Kind[] kinds, int from, int to) {
        for (int i = from; i < to; i++) {
            if (kinds[i] != Kind.CONNECTOR && kinds[i] != Kind.EXTEND) {
                return true;
            }
        }
        return false;
    }

    private static Kind kindOf(int c) {
        switch (c) {
            case '\'', '.', '\u2018', '\u2019', '\u2024', '\uFE52', '\uFF07', '\uFF0E':
                return Kind.MID_EITHER;
            case ':', '\u00B7', '\u0387', '\u05F4', '\u2027', '\uFE13', '\uFE55', '\uFF1A':
                return Kind.MID_LETTER;
            case ',', ';', '\u037E', '\u0589', '\u060C', '\u060D', '\u066C', '\u07F8', '\u2044', '\uFE10', '\uFE14', '\uFE50',
                    '\uFE54', '\uFF0C', '\uFF1B':
                return Kind.MID_NUMBER;
            case '\u200B':
                return Kind.OTHER;
            case '\u05F3': // Hebrew geresh counts as a letter
                return Kind.LETTER;
            case '\u200D', '\uFE0F':
                return Kind.EXTEND;
            default:
                break;
        }
        if (c >= 0x1F3FB && c <= 0x1F3FF) { // skin tones
            return Kind.EXTEND;
        }
        int type = Character.getType(c);
        if (type == Character.CONNECTOR_PUNCTUATION) {
            return Kind.CONNECTOR;
        }
        if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.FORMAT) {
            return Kind.EXTEND;
        }
        if (type == Character.OTHER_SYMBOL && (c >= 0x2600 && c <= 0x27BF || c >= 0x1F000 || c == 0xA9 || c == 0xAE || c == 0x2122)) {
            return Kind.ALONE; // emoji
        }
        if (Character.isDigit(c)) {
            return Kind.NUMBER;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        if (script == Character.UnicodeScript.KATAKANA) {
            return Kind.KATAKANA;
        }
        if (Character.isIdeographic(c) || script == Character.UnicodeScript.HIRAGANA) {
            return Kind.ALONE;
        }
        if (script == Character.UnicodeScript.THAI || script == Character.UnicodeScript.LAO || script == Character.UnicodeScript.KHMER
                || script == Character.UnicodeScript.MYANMAR) {
            return Kind.SOUTHEAST_ASIAN;
        }
        return Character.isLetter(c) ? Kind.LETTER : Kind.OTHER;
    }
}
