package dev.ragtune.knowledge.chunking;

/**
 * Text an embedding model can read. Strings made only of white space, control or format characters
 * (zero-width spaces, byte-order marks, no-break spaces) pass {@code isBlank()} checks but tokenise to
 * nothing, and the in-process model refuses them.
 */
public final class VisibleText {

    private VisibleText() {
    }

    public static boolean isPresent(String text) {
        if (text == null) {
            return false;
        }
        return text.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && Character.getType(c) != Character.CONTROL && Character.getType(c) != Character.FORMAT);
    }
}
