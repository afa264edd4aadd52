package dev.ragtune.knowledge.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CommonMark/GFM subset: ATX and setext headings, fences, indented code, pipe tables, lists, paragraphs. */
final class MarkdownParser implements DocumentParser {

    private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE_OPEN = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");
    private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
    private static final Pattern THEMATIC_BREAK = Pattern.compile("^ {0,3}([-*_])(?:[ \\t]*\\1){2,}[ \\t]*$");
    private static final Pattern LIST_ITEM = Pattern.compile("^\\s*(?:[-*+]|\\d{1,9}[.)])[ \\t]+\\S.*$");
    private static final Pattern INDENTED_CODE = Pattern.compile("^(?: {4}|\\t).*$");
    private static final Pattern TABLE_DELIMITER_ROW = Pattern.compile("^[ \\t]*\\|?[ \\t:|-]*-[ \\t:|-]*$");

    @Override
    public List<Section> parse(String text, String title) {
        return new Run(text.split("\\R", -1), new SectionBuilder(title)).parse();
    }

    /** Per-document cursor and paragraph buffer. */
    private static final class Run {
        private final String[] lines;
        private final SectionBuilder out;
        private final List<String> paragraph = new ArrayList<>();
        private Block.Kind paragraphKind = Block.Kind.PARAGRAPH;
        private Block.Kind lastFlushedKind;
        private int i;

        Run(String[] lines, SectionBuilder out) {
            this.lines = lines;
            this.out = out;
        }

        List<Section> parse() {
            while (i < lines.length) {
                parseLine(lines[i]);
            }
            flushParagraph();
            return out.build();
        }

        private void parseLine(String line) {
            Matcher atx = ATX_HEADING.matcher(line);
            Matcher fence = FENCE_OPEN.matcher(line);
            Matcher underline = SETEXT_UNDERLINE.matcher(line);
            if (line.isBlank()) {
                flushParagraph();
                i++;
            } else if (atx.matches()) {
                flushParagraph();
                out.heading(atx.group(1).length(), atx.group(2) == null ? "" : atx.group(2));
                i++;
            } else if (fence.matches() && !(fence.group(1).startsWith("`") && fence.group(2).contains("`"))) {
                flushParagraph();
                consumeFence(fence.group(1));
            } else if (startsTable()) {
                flushParagraph();
                consumeTable();
            } else if (underline.matches() && !paragraph.isEmpty() && paragraphKind == Block.Kind.PARAGRAPH) {
                int level = underline.group(1).charAt(0) == '=' ? 1 : 2;
                String heading = String.join(" ", paragraph);
                paragraph.clear();
                out.heading(level, heading);
                i++;
            } else if (THEMATIC_BREAK.matcher(line).matches()) {
                flushParagraph(); // a horizontal rule is pure decoration
                i++;
            } else if (paragraph.isEmpty() && INDENTED_CODE.matcher(line).matches()
                    && lastFlushedKind != Block.Kind.LIST_ITEM) {
                consumeIndentedCode();
            } else if (LIST_ITEM.matcher(line).matches()) {
                flushParagraph();
                paragraphKind = Block.Kind.LIST_ITEM;
                paragraph.add(line.stripTrailing());
                i++;
            } else {
                if (paragraph.isEmpty()) {
                    paragraphKind = Block.Kind.PARAGRAPH;
                }
                paragraph.add(paragraphKind == Block.Kind.LIST_ITEM ? line.stripTrailing() : line.strip());
                i++;
            }
        }

        private void flushParagraph() {
            if (paragraph.isEmpty()) {
                return;
            }
            String text = String.join("\n", paragraph);
            out.add(paragraphKind == Block.Kind.LIST_ITEM ? Block.listItem(text) : Block.paragraph(text));
            lastFlushedKind = paragraphKind;
            paragraph.clear();
            paragraphKind = Block.Kind.PARAGRAPH;
        }

        /** Everything up to the matching closing fence (or the end of the document) is one code block. */
        private void consumeFence(String opener) {
            char fenceChar = opener.charAt(0);
            Pattern closer = Pattern.compile("^ {0,3}" + Pattern.quote(String.valueOf(fenceChar))
                    + "{" + opener.length() + ",}[ \\t]*$");
            List<String> block = new ArrayList<>();
            block.add(lines[i++].stripTrailing());
            while (i < lines.length) {
                String line = lines[i++].stripTrailing();
                block.add(line);
                if (closer.matcher(line).matches()) {
                    break;
                }
            }
            addAtomic(block);
        }

        private boolean startsTable() {
            String line = lines[i].strip();
            if (line.startsWith("|")) {
                return true;
            }
            return line.contains("|") && i + 1 < lines.length && isDelimiterRow(lines[i + 1]);
        }

        private static boolean isDelimiterRow(String line) {
            return line.contains("|") && line.contains("-") && TABLE_DELIMITER_ROW.matcher(line).matches();
        }

        private void consumeTable() {
            boolean pipeLeading = lines[i].strip().startsWith("|");
            List<String> rows = new ArrayList<>();
            while (i < lines.length) {
                String line = lines[i].strip();
                boolean isRow = pipeLeading ? line.startsWith("|") : !line.isEmpty() && line.contains("|");
                if (!isRow) {
                    break;
                }
                rows.add(line);
                i++;
            }
            addAtomic(rows);
        }

        /** Indented lines (and blank lines between them) form one code block. */
        private void consumeIndentedCode() {
            List<String> block = new ArrayList<>();
            int lastCodeLine = i;
            int start = i;
            while (i < lines.length && (lines[i].isBlank() || INDENTED_CODE.matcher(lines[i]).matches())) {
                if (!lines[i].isBlank()) {
                    lastCodeLine = i;
                }
                i++;
            }
            for (int k = start; k <= lastCodeLine; k++) {
                block.add(lines[k].stripTrailing());
            }
            i = lastCodeLine + 1;
            addAtomic(block);
        }

        private void addAtomic(List<String> blockLines) {
            out.add(Block.atomic(String.join("\n", blockLines)));
            lastFlushedKind = Block.Kind.ATOMIC;
        }
    }
}
