package dev.ragtune.knowledge.chunking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    private final SentenceSplitter splitter = new SentenceSplitter();

    private List<String> sentences(String text) {
        return splitter.split(text).stream().map(s -> text.substring(s.start(), s.end())).toList();
    }

    @Test
    void splitsOnSentenceEnds() {
        assertThat(sentences("First one. Second one! Third one? Fourth."))
                .containsExactly("First one.", "Second one!", "Third one?", "Fourth.");
    }

    @Test
    void keepsAbbreviationsVersionsAndFileNamesTogether() {
        String text = "Use a pager, e.g. Less or more. Git 2.39 reads config.txt first. "
                + "Options (i.e. flags) follow, cf. Fig. 3 for details. Done.";
        assertThat(sentences(text)).containsExactly(
                "Use a pager, e.g. Less or more.",
                "Git 2.39 reads config.txt first.",
                "Options (i.e. flags) follow, cf. Fig. 3 for details.",
                "Done.");
    }

    @Test
    void doesNotSplitBeforeLowercaseOrInsideReferences() {
        String text = "See stash@{2.hours.ago} and etc. for more. The end.";
        assertThat(sentences(text)).containsExactly("See stash@{2.hours.ago} and etc. for more.", "The end.");
    }

    @Test
    void keepsClosingQuotesAndParenthesesWithTheSentence() {
        assertThat(sentences("He said \"stop.\" Then left. (It was late.) Next."))
                .containsExactly("He said \"stop.\"", "Then left.", "(It was late.)", "Next.");
    }
}
