package dev.ragtune.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ```bash blocks of a Markdown file, split into commands the way a shell reads them: quotes, line continuations,
 * $VAR and $(...), comments. Only the subset the documentation uses is understood (curl, jq, variable assignments);
 * {@link DocsExamplesTest} runs them and fails on anything else, so a doc cannot show a command it does not run.
 *
 * <p>Blocks without a curl command are not examples of the API and are left out, as is a block whose opening fence
 * follows the line {@code <!-- not run: reason -->}.
 */
final class ShellExamples {

    /** One ```bash block: where it starts and its text. */
    record Block(Path file, int line, String text) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /** A piece of a word: literal text, a variable to expand, or a command substitution. */
    sealed interface Part permits Literal, Variable, Substitution {
    }

    record Literal(String text) implements Part {
    }

    record Variable(String name) implements Part {
    }

    record Substitution(List<Command> pipeline) implements Part {
    }

    /** A shell word: parts joined without spaces, e.g. '{"id": "'$DS'"}'. */
    record Word(List<Part> parts) {
        String expand(Map<String, String> variables, java.util.function.Function<List<Command>, String> run) {
            StringBuilder text = new StringBuilder();
            for (Part part : parts) {
                if (part instanceof Literal literal) {
                    text.append(literal.text());
                } else if (part instanceof Variable variable) {
                    if (!variables.containsKey(variable.name())) {
                        throw new AssertionError("$" + variable.name() + " is used but never set");
                    }
                    text.append(variables.get(variable.name()));
                } else if (part instanceof Substitution substitution) {
                    text.append(run.apply(substitution.pipeline()));
                }
            }
            return text.toString();
        }

        /** The word's literal text when it has no expansion (command names, options). */
        String literal() {
            return parts.stream().allMatch(p -> p instanceof Literal) ? parts.stream().map(p -> ((Literal) p).text()).reduce("", String::concat) : null;
        }
    }

    /** One command of a pipeline; {@code comment} is what follows it on its line(s) and before the next command. */
    record Command(List<Word> words, String redirect, int line, StringBuilder comment) {
        String name() {
            return words.isEmpty() ? "" : words.get(0).literal();
        }
    }

    static List<Block> blocks(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```bash")) {
                boolean skipped = i > 0 && lines.get(i - 1).strip().startsWith("<!-- not run:");
                StringBuilder text = new StringBuilder();
                int start = i + 1;
                for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                // blocks without curl start the application or show other tools; they are not HTTP examples
                if (!skipped && text.toString().contains("curl ")) {
                    blocks.add(new Block(file, start + 1, text.toString()));
                }
            }
        }
        return blocks;
    }

    /** The block's pipelines, in order. */
    static List<List<Command>> parse(String text, int firstLine) {
        return new Parser(text, firstLine).pipelines(false);
    }

    private static final class Parser {
        private final String text;
        private int at;
        private int line;

        Parser(String text, int line) {
            this.text = text;
            this.line = line;
        }

        /** Pipelines until the end (or, inside $(...), until the closing parenthesis). */
        List<List<Command>> pipelines(boolean nested) {
            List<List<Command>> pipelines = new ArrayList<>();
            List<Command> pipeline = new ArrayList<>();
            List<Word> words = new ArrayList<>();
            StringBuilder inlineComment = new StringBuilder();
            String redirect = null;
            boolean redirecting = false;
            Command last = null;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (nested && c == ')') {
                    at++;
                    break;
                }
                if (c == '\\' && at + 1 < text.length() && text.charAt(at + 1) == '\n') {
                    at += 2;
                    line++;
                } else if (c == ' ' || c == '\t') {
                    at++;
                } else if (c == '\n' || c == ';') {
                    at++;
                    if (!words.isEmpty()) {
                        last = new Command(words, redirect, line, new StringBuilder(inlineComment));
                        pipeline.add(last);
                        pipelines.add(pipeline);
                        pipeline = new ArrayList<>();
                        words = new ArrayList<>();
                        redirect = null;
                        inlineComment.setLength(0);
                    }
                    if (c == '\n') {
                        line++;
                    }
                } else if (c == '#') {
                    int end = text.indexOf('\n', at);
                    end = end < 0 ? text.length() : end;
                    String comment = text.substring(at + 1, end) + "\n";
                    // an inline comment belongs to the command on its line, a comment line to the command before it
                    if (!words.isEmpty()) {
                        inlineComment.append(comment);
                    } else if (last != null) {
                        last.comment().append(comment);
                    }
                    at = end;
                } else if (c == '|') {
                    at++;
                    pipeline.add(new Command(words, redirect, line, new StringBuilder()));
                    words = new ArrayList<>();
                    redirect = null;
                } else if (c == '>') {
                    at++;
                    redirecting = true;
                } else {
                    Word word = word();
                    if (redirecting) {
                        redirect = word.literal() != null ? word.literal() : "expanded";
                        redirecting = false;
                    } else {
                        words.add(word);
                    }
                }
            }
            if (!words.isEmpty()) {
                pipeline.add(new Command(words, redirect, line, new StringBuilder(inlineComment)));
            }
            if (!pipeline.isEmpty()) {
                pipelines.add(pipeline);
            }
            return pipelines;
        }

        private Word word() {
            List<Part> parts = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == ' ' || c == '\t' || c == '\n' || c == '|' || c == ';' || c == '>' || c == ')') {
                    break;
                }
                if (c == '\'') {
                    int end = text.indexOf('\'', at + 1);
                    String quoted = text.substring(at + 1, end);
                    line += (int) quoted.chars().filter(ch -> ch == '\n').count();
                    literal.append(quoted);
                    at = end + 1;
                } else if (c == '"') {
                    at++;
                    while (text.charAt(at) != '"') {
                        char d = text.charAt(at);
                        if (d == '\\' && "\"\\$`".indexOf(text.charAt(at + 1)) >= 0) {
                            literal.append(text.charAt(at + 1));
                            at += 2;
                        } else if (d == '$') {
                            flush(literal, parts);
                            parts.add(dollar());
                        } else {
                            if (d == '\n') {
                                line++;
                            }
                            literal.append(d);
                            at++;
                        }
                    }
                    at++;
                } else if (c == '\\' && at + 1 < text.length() && text.charAt(at + 1) != '\n') {
                    literal.append(text.charAt(at + 1));
                    at += 2;
                } else if (c == '\\') {
                    break;
                } else if (c == '$') {
                    flush(literal, parts);
                    parts.add(dollar());
                } else {
                    literal.append(c);
                    at++;
                }
            }
            flush(literal, parts);
            return new Word(parts);
        }

        private static final Pattern NAME = Pattern.compile("\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

        private Part dollar() {
            at++;
            if (text.charAt(at) == '(') {
                at++;
                List<List<Command>> pipelines = pipelines(true);
                if (pipelines.size() != 1) {
                    throw new AssertionError("line " + line + ": $(...) must hold one pipeline");
                }
                return new Substitution(pipelines.get(0));
            }
            Matcher name = NAME.matcher(text).region(at, text.length());
            if (!name.lookingAt()) {
                throw new AssertionError("line " + line + ": a lone $");
            }
            at = name.end();
            return new Variable(name.group(1));
        }

        private static void flush(StringBuilder literal, List<Part> parts) {
            if (!literal.isEmpty()) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
        }
    }

    private ShellExamples() {
    }
}
