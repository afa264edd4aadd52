package dev.ragtune.knowledge.chunking;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** Collects blocks under the current heading path while a parser walks a document. */
final class SectionBuilder {

    private record Heading(int level, String title, boolean hidden) {
    }

    private final String normalizedDocumentTitle;
    private final List<Section> sections = new ArrayList<>();
    private final Deque<Heading> openHeadings = new ArrayDeque<>();
    private List<Block> currentBlocks = new ArrayList<>();
    private boolean seenHeadingOrContent;

    SectionBuilder(String documentTitle) {
        this.normalizedDocumentTitle = normalize(documentTitle);
    }

    /** Opens a section; {@code level} only needs to be ordered (smaller = outer), not contiguous. */
    void heading(int level, String title) {
        String cleanTitle = title.strip().replaceAll("\\s+", " ");
        if (cleanTitle.isEmpty()) {
            return;
        }
        closeCurrentSection();
        // A first heading that repeats the document title would only duplicate what the caller prepends.
        boolean hidden = !seenHeadingOrContent && !normalizedDocumentTitle.isEmpty()
                && normalize(cleanTitle).equals(normalizedDocumentTitle);
        seenHeadingOrContent = true;
        while (!openHeadings.isEmpty() && openHeadings.peek().level() >= level) {
            openHeadings.pop();
        }
        openHeadings.push(new Heading(level, cleanTitle, hidden));
    }

    void add(Block block) {
        if (block.text().isBlank()) {
            return;
        }
        seenHeadingOrContent = true;
        currentBlocks.add(block);
    }

    List<Section> build() {
        closeCurrentSection();
        return List.copyOf(sections);
    }

    private void closeCurrentSection() {
        if (!currentBlocks.isEmpty()) {
            sections.add(new Section(currentPath(), currentBlocks));
        }
        currentBlocks = new ArrayList<>();
    }

    private List<String> currentPath() {
        List<String> path = new ArrayList<>();
        // The deque is a stack (innermost first); walk it backwards for outermost-first order.
        for (Iterator<Heading> it = openHeadings.descendingIterator(); it.hasNext(); ) {
            Heading heading = it.next();
            if (!heading.hidden()) {
                path.add(heading.title());
            }
        }
        return path;
    }

    private static String normalize(String title) {
        return title == null ? "" : title.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
