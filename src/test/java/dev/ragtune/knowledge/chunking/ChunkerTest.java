package dev.ragtune.knowledge.chunking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

class ChunkerTest {

    /** Never merge sections: lets structure tests see every section's own heading path. */
    private static final ChunkingSettings NO_MERGING = new ChunkingSettings(350, 0, 0.90);
    private static final ChunkingSettings SMALL = new ChunkingSettings(80, 20, 0.90);
    /** A chunk made of exactly one delimited/fenced block or one pipe table. */
    private static final Pattern SINGLE_ATOMIC_BLOCK = Pattern.compile(
            "(?s)^(-{4,}|\\.{4,}|\\|={3,}|```)\\n.*\\n\\1$|^(\\|[^\\n]*\\n?)+$");

    private static EmbeddingModel bge;
    private static TokenCounter tokens;
    private CountingEmbeddingModel embeddings;

    @BeforeAll
    static void loadModel() {
        bge = new BgeSmallEnV15QuantizedEmbeddingModel();
        tokens = new TokenCounter();
    }

    @BeforeEach
    void countCalls() {
        embeddings = new CountingEmbeddingModel(bge);
    }

    private Chunker chunker(ChunkingSettings settings) {
        return new Chunker(settings, tokens, embeddings);
    }

    // ---------------------------------------------------------------- structure

    @Test
    void markdownHeadingPathsFollowNesting() {
        String doc = """
                Intro before any heading.

                # Installing

                Overview of the installation.

                ## On Linux

                Use the package manager.

                ### Debian

                Run apt.

                ## On macOS

                Use Homebrew.

                Usage
                =====

                Start the service.
                """;
        List<Chunk> chunks = chunker(NO_MERGING).chunk("Manual", doc, DocumentFormat.MARKDOWN);

        assertThat(chunks).extracting(Chunk::headingPath).containsExactly(
                List.of(),
                List.of("Installing"),
                List.of("Installing", "On Linux"),
                List.of("Installing", "On Linux", "Debian"),
                List.of("Installing", "On macOS"),
                List.of("Usage"));
        assertThat(chunks).extracting(Chunk::text).containsExactly(
                "Intro before any heading.", "Overview of the installation.", "Use the package manager.",
                "Run apt.", "Use Homebrew.", "Start the service.");
        assertThat(chunks).extracting(Chunk::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(embeddings.calls()).isZero();
    }

    @Test
    void firstHeadingRepeatingTheTitleIsLeftOutOfHeadingPaths() {
        String doc = "# Manual\n\nWelcome.\n\n## Setup\n\nInstall it.\n";
        List<Chunk> chunks = chunker(NO_MERGING).chunk("Manual", doc, DocumentFormat.MARKDOWN);

        assertThat(chunks).extracting(Chunk::headingPath).containsExactly(List.of(), List.of("Setup"));
    }

    @Test
    void asciiDocHeadingPathsFromARealNestedGitPage() throws IOException {
        String doc = resource("my-first-contribution-start.adoc");
        List<Chunk> chunks = chunker(NO_MERGING)
                .chunk("My First Contribution to the Git Project", doc, DocumentFormat.ASCIIDOC);

        assertThat(chunks).extracting(Chunk::headingPath).containsExactly(
                List.of("Summary"),
                List.of("Summary", "Prerequisites"),
                List.of("Summary", "Related Reading"),
                List.of("Summary", "Getting Help"),
                List.of("Summary", "Getting Help", "git@vger.kernel.org"),
                List.of("Summary", "Getting Help",
                        "https://groups.google.com/forum/#!forum/git-mentoring[git-mentoring@googlegroups.com]"),
                List.of("Summary", "Getting Help", "https://web.libera.chat/#git-devel[#git-devel] on Libera Chat"),
                List.of("Getting Started", "Clone the Git Repository"));
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.text())
                .doesNotContain("[[", ":sectanchors:", "==", "My First Contribution"));
        assertThat(chunks.get(2).text()).isEqualTo("""
                This tutorial aims to summarize the following documents, but the reader may find
                useful additional context:

                - `Documentation/SubmittingPatches`
                - `Documentation/howto/new-command.txt`""");
        assertThat(chunks.get(7).text()).endsWith("""
                ----
                $ git clone https://github.com/git/git git
                $ cd git
                ----""");
    }

    @Test
    void gitStashPageKeepsSectionsBlocksAndDiagrams() throws IOException {
        List<Chunk> chunks = chunker(ChunkingSettings.defaults())
                .chunk("git-stash(1)", TestDocs.gitStash(), DocumentFormat.ASCIIDOC);

        assertThat(chunks).extracting(chunk -> chunk.headingPath().get(0)).containsOnly(
                "NAME", "DESCRIPTION", "COMMANDS", "OPTIONS", "DISCUSSION", "EXAMPLES", "SEE ALSO");
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.text()).doesNotContain("[verse]", "git-stash(1)"));
        // NAME is smaller than minTokens and absorbs SYNOPSIS, whose heading is kept as a line of text.
        assertThat(chunks.get(0).headingPath()).containsExactly("NAME");
        assertThat(chunks.get(0).text()).startsWith("git-stash - Stash the changes").contains("\nSYNOPSIS\n");
        // An indented literal paragraph (an ASCII-art graph) keeps its layout.
        assertThat(chunks).anySatisfy(chunk -> assertThat(chunk.text()).contains(
                "\n\n            .----W\n           /    /\n     -----H----I\n\n"));
        assertThat(chunks).anySatisfy(chunk -> assertThat(chunk.text()).contains("""
                ----------------------------------------------------------------
                git fsck --unreachable |
                grep commit | cut -d\\  -f3 |
                xargs git log --merges --no-walk --grep=WIP
                ----------------------------------------------------------------"""));
    }

    @Test
    void fencedCodeWithHashLinesStaysWholeEvenInOversizedSections() {
        String fence = """
                ```bash
                # not a heading
                export RAGTUNE_HOME=/opt/ragtune
                for f in one two three four five six seven eight nine ten; do
                  ./bin/ragtune ingest --collection docs --file "$RAGTUNE_HOME/$f.md" --format markdown --verbose
                done
                # also not a heading
                ```""";
        String doc = "## Ingest\n\n"
                + "Ingestion reads files from disk. Each file becomes a document. Documents are chunked by headings. "
                + "Chunks are embedded in batches. The batches are written to Redis.\n\n"
                + fence + "\n\n"
                + "After ingestion, the collection is searchable. Queries use the same embedding model. "
                + "Results are ranked by cosine similarity. Low scores are filtered out.\n";
        List<Chunk> chunks = chunker(SMALL).chunk("Guide", doc, DocumentFormat.MARKDOWN);

        assertThat(tokens.count(doc)).isGreaterThan(SMALL.maxTokens());
        assertThat(chunks).extracting(Chunk::text).contains(fence);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.headingPath()).containsExactly("Ingest"));
    }

    @Test
    void tableLargerThanMaxTokensStaysOneChunk() {
        StringBuilder table = new StringBuilder("| Option | Default | Meaning |\n|---|---|---|");
        for (int row = 1; row <= 25; row++) {
            table.append("\n| `option.").append(row).append("` | ").append(row * 10)
                    .append(" | Controls behaviour number ").append(row).append(" |");
        }
        String doc = "# Reference\n\nThe options are listed below. Defaults suit most installs.\n\n"
                + table + "\n\nRestart the service after changing options.\n";
        List<Chunk> chunks = chunker(SMALL).chunk("Guide", doc, DocumentFormat.MARKDOWN);

        Chunk tableChunk = chunks.stream().filter(c -> c.text().contains("| Option |")).findFirst().orElseThrow();
        assertThat(tableChunk.text()).isEqualTo(table.toString());
        assertThat(tableChunk.tokenCount()).isGreaterThan(SMALL.maxTokens());
        assertThat(chunks).hasSize(3);
    }

    @Test
    void asciiDocTableIsAtomic() {
        StringBuilder table = new StringBuilder("|===\n| Variable | Purpose");
        for (int row = 1; row <= 25; row++) {
            table.append("\n| GIT_VAR_").append(row).append(" | Sets behaviour ").append(row).append(" of the tool");
        }
        table.append("\n|===");
        String doc = "== Environment\n\nThese variables are read at start-up.\n\n" + table + "\n";
        List<Chunk> chunks = chunker(SMALL).chunk("Env", doc, DocumentFormat.ASCIIDOC);

        assertThat(chunks).extracting(Chunk::text).contains(table.toString());
    }

    @Test
    void htmlSectionsAtomicBlocksAndCleanText() {
        String html = """
                <!DOCTYPE html>
                <html><head><title>Ignored</title><style>p { color: red; }</style></head>
                <body>
                <script>var secret = "hidden";</script>
                <p>Intro &amp; welcome&nbsp;here.</p>
                <h1>Setup</h1>
                <p>Install the <b>agent</b>
                   first.</p>
                <h2>Linux</h2>
                <ul><li>Download it.</li><li>Run it.</li></ul>
                <pre>
                # not a heading
                make   install
                </pre>
                <table><tr><th>Key</th><th>Value</th></tr><tr><td>port</td><td>8080</td></tr></table>
                <h2>Windows</h2>
                <div>Use the <a href="x.msi">MSI</a>.<br>Then reboot.</div>
                </body></html>
                """;
        List<Chunk> chunks = chunker(NO_MERGING).chunk("Agent", html, DocumentFormat.HTML);

        assertThat(chunks).extracting(Chunk::headingPath).containsExactly(
                List.of(), List.of("Setup"), List.of("Setup", "Linux"), List.of("Setup", "Windows"));
        assertThat(chunks).extracting(Chunk::text).containsExactly(
                "Intro & welcome here.",
                "Install the agent first.",
                "Download it.\nRun it.\n\n# not a heading\nmake   install\n\n| Key | Value |\n| port | 8080 |",
                "Use the MSI.\nThen reboot.");
    }

    @Test
    void plainTextIsOneSectionWithParagraphBreaks() {
        String text = "First paragraph line one\nline two.\n\n\nSecond paragraph.\n";
        List<Chunk> chunks = chunker(ChunkingSettings.defaults()).chunk("Note", text, DocumentFormat.TEXT);

        assertThat(chunks).singleElement().satisfies(chunk -> {
            assertThat(chunk.headingPath()).isEmpty();
            assertThat(chunk.text()).isEqualTo("First paragraph line one\nline two.\n\nSecond paragraph.");
            assertThat(chunk.tokenCount()).isEqualTo(tokens.count(chunk.text()));
        });
    }

    // ---------------------------------------------------------------- merging

    @Test
    void smallSectionsMergeUnderTheirCommonParent() {
        String longParagraph = "Windows installs use the signed MSI package from the releases page. ".repeat(6);
        String doc = "# Setup\n\nShort.\n\n## Linux\n\nUse apt.\n\n## Mac\n\nUse brew.\n\n## Windows\n\n"
                + longParagraph + "\n\n# Usage\n\n" + longParagraph.replace("Windows installs", "Every run");
        List<Chunk> chunks = chunker(ChunkingSettings.defaults()).chunk("Manual", doc, DocumentFormat.MARKDOWN);

        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).headingPath()).containsExactly("Setup");
        assertThat(chunks.get(0).text())
                .isEqualTo("Short.\n\nLinux\n\nUse apt.\n\nMac\n\nUse brew.\n\nWindows\n\n" + longParagraph.strip());
        assertThat(chunks.get(1).headingPath()).containsExactly("Usage");
    }

    @Test
    void smallTopLevelSiblingsMergeUnderTheFirstSectionsPath() {
        List<Chunk> chunks = chunker(ChunkingSettings.defaults())
                .chunk("Doc", "# A\n\nTiny.\n\n# B\n\nAlso tiny.\n", DocumentFormat.MARKDOWN);

        assertThat(chunks).singleElement().satisfies(chunk -> {
            assertThat(chunk.headingPath()).containsExactly("A");
            assertThat(chunk.text()).isEqualTo("Tiny.\n\nB\n\nAlso tiny.");
        });
    }

    // ---------------------------------------------------------------- invariants

    @Test
    void chunksRespectMaxTokensUnlessAtomicAndAreNeverEmpty() throws IOException {
        for (ChunkingSettings settings : List.of(ChunkingSettings.defaults(), new ChunkingSettings(120, 30, 0.9), SMALL)) {
            List<Chunk> chunks = chunker(settings).chunk("git-stash(1)", TestDocs.gitStash(), DocumentFormat.ASCIIDOC);

            assertThat(chunks).extracting(Chunk::index).containsExactlyElementsOf(
                    IntStream.range(0, chunks.size()).boxed().toList());
            assertThat(chunks).allSatisfy(chunk -> {
                assertThat(chunk.text()).isNotBlank();
                assertThat(chunk.tokenCount()).isEqualTo(tokens.count(chunk.text()));
                if (chunk.tokenCount() > settings.maxTokens()) {
                    assertThat(chunk.text()).matches(SINGLE_ATOMIC_BLOCK);
                }
            });
        }
    }

    @Test
    void runOnProseWithoutSentenceEndsIsStillCutToTheBudget() {
        String runOn = "word ".repeat(400);
        List<Chunk> chunks = chunker(SMALL).chunk("Run-on", runOn, DocumentFormat.TEXT);

        assertThat(chunks).hasSizeGreaterThan(4);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.tokenCount()).isLessThanOrEqualTo(80));
        assertThat(TestDocs.words(chunks.stream().map(Chunk::text).collect(Collectors.joining(" "))))
                .isEqualTo(TestDocs.words(runOn));
    }

    @Test
    void noContentIsLostOrDuplicated() throws IOException {
        String doc = TestDocs.gitStash();
        List<String> lines = List.of(doc.split("\n", -1));
        StringBuilder body = new StringBuilder();
        StringBuilder headings = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean underlinedNext = i + 1 < lines.size() && lines.get(i + 1).matches("([=\\-~^+])\\1+")
                    && Math.abs(lines.get(i + 1).length() - line.length()) <= 2 && !line.isBlank();
            if (underlinedNext) {
                headings.append(line).append('\n');
                i++;
            } else if (!line.equals("[verse]") && !line.startsWith("include::")) { // deliberately dropped markup
                body.append(line).append('\n');
            }
        }
        for (ChunkingSettings settings : List.of(ChunkingSettings.defaults(), SMALL)) {
            List<Chunk> chunks = chunker(settings).chunk("git-stash(1)", doc, DocumentFormat.ASCIIDOC);
            Map<String, Integer> chunkWords = TestDocs.words(
                    chunks.stream().map(Chunk::text).collect(Collectors.joining("\n")));

            assertThat(TestDocs.missing(TestDocs.words(body.toString()), chunkWords)).as("lost words").isEmpty();
            Map<String, Integer> allowed = new TreeMap<>(TestDocs.words(body.toString()));
            TestDocs.words(headings.toString()).forEach((word, count) -> allowed.merge(word, count, Integer::sum));
            assertThat(TestDocs.missing(chunkWords, allowed)).as("duplicated or invented words").isEmpty();
        }
    }

    @Test
    void markdownKeepsAllWords() {
        String doc = """
                Preface text with *emphasis* and a [link](https://example.com/a).

                # Alpha

                - item one
                - item two
                  continued

                Then run:

                    indented code line

                ## Beta

                | h1 | h2 |
                |----|----|
                | c1 | c2 |

                ~~~
                # inside tilde fence
                ~~~
                """;
        List<Chunk> chunks = chunker(NO_MERGING).chunk("Doc", doc, DocumentFormat.MARKDOWN);
        String headingLines = "# Alpha\n## Beta\n";
        String body = doc.replace("# Alpha\n", "").replace("## Beta\n", "");

        Map<String, Integer> chunkWords = TestDocs.words(chunks.stream().map(Chunk::text).collect(Collectors.joining("\n")));
        assertThat(chunkWords).isEqualTo(TestDocs.words(body));
        assertThat(TestDocs.words(String.join(" ", chunks.stream().flatMap(c -> c.headingPath().stream()).toList())))
                .containsOnlyKeys(TestDocs.words(headingLines).keySet());
        assertThat(chunks.stream().filter(c -> c.text().contains("indented code line")).findFirst().orElseThrow().text())
                .contains("    indented code line");
    }

    // ---------------------------------------------------------------- embeddings

    @Test
    void documentWhoseSectionsAllFitNeverCallsTheEmbeddingModel() throws IOException {
        chunker(new ChunkingSettings(2000, 60, 0.9)).chunk("git-stash(1)", TestDocs.gitStash(), DocumentFormat.ASCIIDOC);
        chunker(ChunkingSettings.defaults()).chunk("Manual", "# A\n\nText.\n\n## B\n\nMore text.\n", DocumentFormat.MARKDOWN);

        assertThat(embeddings.calls()).isZero();
    }

    @Test
    void splittingEmbedsOnlyTheSentencesBesideCandidateCuts() throws IOException {
        String doc = TestDocs.gitStash();
        ChunkingSettings settings = ChunkingSettings.defaults();
        int sentencesInOversizedSections = new AsciiDocParser().parse(doc, "git-stash(1)").stream()
                .filter(section -> tokens.count(section.text()) > settings.maxTokens())
                .mapToInt(section -> new SentenceSplitter().split(section.text()).size())
                .sum();

        List<Chunk> chunks = chunker(settings).chunk("git-stash(1)", doc, DocumentFormat.ASCIIDOC);

        assertThat(sentencesInOversizedSections).isGreaterThan(0);
        assertThat(embeddings.calls()).isPositive().isLessThan(chunks.size());
        assertThat(embeddings.segments()).isLessThan(sentencesInOversizedSections * 3 / 4);
    }

    @Test
    void oversizedProseIsSplitAtTheTopicChange() {
        List<String> bread = List.of(
                "Bread dough needs flour, water, salt and yeast.",
                "Knead the dough for ten minutes until it becomes smooth and elastic.",
                "Let it rise in a warm kitchen until it has doubled in size.",
                "Shape the loaf gently so the gas bubbles are not pressed out.",
                "Bake it in a hot oven until the crust turns deep golden brown.",
                "Cool the bread on a rack before slicing so the crumb can set.");
        List<String> firewall = List.of(
                "A Linux firewall filters network packets with nftables or iptables rules.",
                "Allow incoming SSH connections on port 22 before enabling the firewall.",
                "Set the default policy of the input chain to drop all other traffic.",
                "Open port 443 so that the HTTPS server accepts connections.",
                "Save the ruleset so it is restored automatically after a reboot.",
                "List the active rules with the nft command to verify the configuration.");
        String paragraph = String.join(" ", bread) + " " + String.join(" ", firewall);
        List<Chunk> chunks = chunker(SMALL).chunk("Notes", paragraph, DocumentFormat.TEXT);

        assertThat(tokens.count(paragraph)).isGreaterThan(SMALL.maxTokens());
        assertThat(embeddings.calls()).isPositive();
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(2);
        List<String> topics = new ArrayList<>();
        for (Chunk chunk : chunks) {
            boolean hasBread = bread.stream().anyMatch(chunk.text()::contains);
            boolean hasFirewall = firewall.stream().anyMatch(chunk.text()::contains);
            assertThat(hasBread && hasFirewall).as("chunk mixes topics: %s", chunk.text()).isFalse();
            assertThat(chunk.tokenCount()).isLessThanOrEqualTo(SMALL.maxTokens());
            topics.add(hasBread ? "bread" : "firewall");
        }
        assertThat(String.join(" ", topics)).matches("(bread )+firewall( firewall)*");
        assertThat(chunks.stream().map(Chunk::text).collect(Collectors.joining(" "))).isEqualTo(paragraph);
    }

    @Test
    void chunkingIsDeterministic() throws IOException {
        String doc = TestDocs.gitStash();
        List<Chunk> first = chunker(SMALL).chunk("git-stash(1)", doc, DocumentFormat.ASCIIDOC);
        List<Chunk> second = chunker(SMALL).chunk("git-stash(1)", doc, DocumentFormat.ASCIIDOC);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void blankInputGivesNoChunks() {
        assertThat(chunker(SMALL).chunk("Empty", "  \n\n ", DocumentFormat.MARKDOWN)).isEmpty();
        assertThat(chunker(SMALL).chunk("Empty", "[[anchor]]\n:toc:\n", DocumentFormat.ASCIIDOC)).isEmpty();
    }

    @Test
    void invisibleCharactersNeitherBreakSplittingNorBecomeChunks() {
        // seen in AWS docs: zero-width spaces and no-break spaces alone on a line, inside long sections
        String sentences = "The table stores items. Each item has a key. Queries read items by key. ".repeat(12);
        String doc = "# Items\n\n" + sentences + "\n\n\u200b\n\n\u00a0\u200b\n\n" + sentences + "\n\n\ufeff\n";
        List<Chunk> chunks = new Chunker(SMALL, tokens, bge).chunk("Items", doc, DocumentFormat.MARKDOWN);
        assertThat(chunks).isNotEmpty().allSatisfy(chunk -> assertThat(VisibleText.isPresent(chunk.text())).isTrue());
    }

    @Test
    void settingsAreValidated() {
        assertThat(ChunkingSettings.defaults()).isEqualTo(new ChunkingSettings(350, 60, 0.4));
        assertThatThrownBy(() -> new ChunkingSettings(100, 100, 0.9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkingSettings(0, 0, 0.9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkingSettings(100, 10, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChunkingSettings(100, 10, 0.0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ChunkerTest.class.getResourceAsStream("/chunking/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
