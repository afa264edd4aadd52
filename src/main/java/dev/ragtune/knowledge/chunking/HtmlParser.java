package dev.ragtune.knowledge.chunking;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/** HTML via jsoup: h1-h6 open sections, pre and table are atomic, other block elements become paragraphs. */
final class HtmlParser implements DocumentParser {

    private static final Set<String> IGNORED = Set.of(
            "script", "style", "noscript", "template", "head", "svg", "iframe", "object", "button", "select");

    @Override
    public List<Section> parse(String text, String title) {
        Document document = Jsoup.parse(text);
        Run run = new Run(new SectionBuilder(title));
        run.visit(document.body() != null ? document.body() : document);
        run.flush();
        return run.out.build();
    }

    /** Walks the DOM in document order, buffering inline text until a block boundary. */
    private static final class Run {
        private final SectionBuilder out;
        private final StringBuilder inline = new StringBuilder();
        private Block.Kind inlineKind = Block.Kind.PARAGRAPH;

        Run(SectionBuilder out) {
            this.out = out;
        }

        void visit(Node node) {
            if (node instanceof TextNode textNode) {
                // Source line breaks are ordinary whitespace in HTML; only <br> breaks a line.
                inline.append(textNode.getWholeText().replace('\u00A0', ' ').replaceAll("\\s+", " "));
            } else if (node instanceof Element element) {
                visitElement(element);
            }
        }

        private void visitElement(Element element) {
            String tag = element.normalName();
            if (IGNORED.contains(tag)) {
                return;
            }
            if (tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6') {
                flush();
                out.heading(tag.charAt(1) - '0', element.text());
            } else if (tag.equals("pre")) {
                flush();
                out.add(Block.atomic(element.wholeText().stripTrailing().replaceAll("^\\s*\\R", "")));
            } else if (tag.equals("table")) {
                flush();
                out.add(Block.atomic(renderTable(element)));
            } else if (tag.equals("br")) {
                inline.append('\n');
            } else {
                visitContainer(element, tag);
            }
        }

        private void visitContainer(Element element, String tag) {
            boolean block = element.isBlock() || tag.equals("li") || tag.equals("dt") || tag.equals("dd");
            if (!block) {
                element.childNodes().forEach(this::visit);
                return;
            }
            flush();
            Block.Kind outerKind = inlineKind;
            inlineKind = tag.equals("li") || tag.equals("dt") || tag.equals("dd")
                    ? Block.Kind.LIST_ITEM : inlineKind;
            element.childNodes().forEach(this::visit);
            flush();
            inlineKind = outerKind;
        }

        void flush() {
            String text = collapseWhitespace(inline.toString());
            inline.setLength(0);
            if (!text.isEmpty()) {
                out.add(new Block(inlineKind, text));
            }
        }

        /** Text nodes are already collapsed; tidy the spaces around line breaks from {@code <br>}. */
        private static String collapseWhitespace(String raw) {
            return raw.replaceAll(" *\n *", "\n").replaceAll(" {2,}", " ").strip();
        }

        /** Tables become pipe rows, which both readers and embedding models understand. */
        private static String renderTable(Element table) {
            return table.select("tr").stream()
                    .map(row -> row.children().stream()
                            .filter(cell -> cell.normalName().equals("td") || cell.normalName().equals("th"))
                            .map(cell -> cell.text().replace("|", "\\|"))
                            .collect(Collectors.joining(" | ", "| ", " |")))
                    .collect(Collectors.joining("\n"));
        }
    }
}
