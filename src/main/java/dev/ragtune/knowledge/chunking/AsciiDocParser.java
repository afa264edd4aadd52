package dev.ragtune.knowledge.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AsciiDoc subset as used by the Git documentation: one- and two-line section titles, delimited blocks,
 * lists (including {@code term::} labelled lists), and markup-only lines that carry no content.
 */
final class AsciiDocParser implements DocumentParser {

    private static final Pattern HEADING = Pattern.compile("^(={1,6})[ \\t]+(\\S.*?)(?:[ \\t]+=+)?[ \\t]*$");
    private static final Pattern UNDERLINE = Pattern.compile("^([=\\-~^+])\\1+[ \\t]*$");
    private static final String UNDERLINE_LEVELS = "=-~^+";
    /** Listing, literal, sidebar, quote, example, passthrough and comment blocks; {@code |===} tables. */
    private static final Pattern DELIMITER = Pattern.compile("^(?:-{4,}|\\.{4,}|\\*{4,}|_{4,}|={4,}|\\+{4,}|/{4,}|\\|={3,}|`{3}.*)$");
    private static final Pattern ANCHOR = Pattern.compile("^\\[\\[[^\\]]*]]$");
    private static final Pattern BLOCK_ATTRIBUTES = Pattern.compile("^\\[(?:[A-Za-z#.%][\\w#.%-]*)?(?:,[^\\]]*)?]$");
    private static final Pattern ATTRIBUTE_ENTRY = Pattern.compile("^:!?[\\w-]+!?:(?:[ \\t].*)?$");
    private static final Pattern DIRECTIVE = Pattern.compile("^(?:ifdef|ifndef|ifeval|endif|include)::[^\\[]*\\[.*]$");
    private static final Pattern LIST_ITEM = Pattern.compile("^[ \\t]*(?:\\*{1,5}|-|\\.{1,5}|\\d+\\.|[a-z]\\.)[ \\t]+\\S.*$");
    private static final Pattern LABELLED_ITEM = Pattern.compile("^[ \\t]*\\S.*?(?::{2,4}|;;)(?:[ \\t]+\\S.*)?$");
    private static final Pattern TERM_ONLY = Pattern.compile("^[ \\t]*\\S.*?(?::{2,4}|;;)[ \\t]*$");

    @Override
    public List<Section> parse(String text, String title) {
        return new Run(text.split("\\R", -1), new SectionBuilder(title)).parse();
    }

    private static final class Run {
        private final String[] lines;
        private final SectionBuilder out;
        private final List<String> paragraph = new ArrayList<>();
        private Block.Kind paragraphKind = Block.Kind.PARAGRAPH;
        private int i;

        Run(String[] lines, SectionBuilder out) {
            this.lines = lines;
            this.out = out;
        }

        List<Section> parse() {
            while (i < lines.length) {
                parseLine(lines[i].stripTrailing());
            }
            flushParagraph();
            return out.build();
        }

        private void parseLine(String line) {
            String trimmed = line.strip();
            Matcher heading = HEADING.matcher(line);
            if (trimmed.isEmpty()) {
                if (!continuesWithDescription()) {
                    flushParagraph();
                }
                i++;
            } else if (line.startsWith("//") && !DELIMITER.matcher(line).matches()) {
                i++; // line comment
            } else if (isMarkupOnly(line)) {
                flushParagraph(); // these lines introduce the next block; they are never content themselves
                i++;
            } else if (heading.matches()) {
                flushParagraph();
                out.heading(heading.group(1).length() - 1, heading.group(2));
                i++;
            } else if (paragraph.isEmpty() && isTwoLineTitle(line)) {
                out.heading(UNDERLINE_LEVELS.indexOf(lines[i + 1].charAt(0)), trimmed);
                i += 2;
            } else if (DELIMITER.matcher(line).matches()) {
                flushParagraph();
                consumeDelimitedBlock(line);
            } else if (LIST_ITEM.matcher(line).matches() || LABELLED_ITEM.matcher(line).matches()) {
                flushParagraph();
                paragraphKind = Block.Kind.LIST_ITEM;
                paragraph.add(line);
                i++;
            } else {
                paragraph.add(line); // indentation matters: literal paragraphs hold diagrams and commands
                i++;
            }
        }

        private static boolean isMarkupOnly(String line) {
            return line.equals("+") || line.equals("--") || ANCHOR.matcher(line).matches()
                    || BLOCK_ATTRIBUTES.matcher(line).matches() || ATTRIBUTE_ENTRY.matcher(line).matches()
                    || DIRECTIVE.matcher(line).matches();
        }

        /** "Title" followed by "=====" (or -~^+) of about the same length, starting at column 0. */
        private boolean isTwoLineTitle(String line) {
            if (i + 1 >= lines.length || !Character.isLetterOrDigit(line.codePointAt(0)) && "`'\"".indexOf(line.charAt(0)) < 0) {
                return false;
            }
            String underline = lines[i + 1].stripTrailing();
            return UNDERLINE.matcher(underline).matches() && underline.length() >= 2
                    && Math.abs(underline.length() - line.codePointCount(0, line.length())) <= 2;
        }

        /**
         * In "term::" lists the description usually follows after a blank line, indented. Keeping both in one
         * list item stops a semantic split from separating an option from its explanation.
         */
        private boolean continuesWithDescription() {
            if (paragraphKind != Block.Kind.LIST_ITEM || paragraph.size() != 1
                    || !TERM_ONLY.matcher(paragraph.get(0)).matches()) {
                return false;
            }
            int next = i;
            while (next < lines.length && lines[next].isBlank()) {
                next++;
            }
            return next < lines.length && (lines[next].startsWith("\t") || lines[next].startsWith(" "));
        }

        private void consumeDelimitedBlock(String opener) {
            boolean fence = opener.startsWith("```");
            List<String> block = new ArrayList<>();
            block.add(opener);
            i++;
            while (i < lines.length) {
                String line = lines[i++].stripTrailing();
                block.add(line);
                if (fence ? line.equals("```") : line.equals(opener)) {
                    break;
                }
            }
            if (!opener.startsWith("////")) { // comment blocks are dropped
                out.add(Block.atomic(String.join("\n", block)));
            }
        }

        private void flushParagraph() {
            if (paragraph.isEmpty()) {
                return;
            }
            String text = String.join("\n", paragraph);
            out.add(paragraphKind == Block.Kind.LIST_ITEM ? Block.listItem(text) : Block.paragraph(text));
            paragraph.clear();
            paragraphKind = Block.Kind.PARAGRAPH;
        }
    }
}
