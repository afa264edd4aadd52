package dev.ragtune.reindex.source;

import dev.ragtune.reindex.DocumentSource.Fetched;
import org.jsoup.Jsoup;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every source needs alike: include globs, the format from a file name or content type, and a title. */
public final class SourceDocuments {

    private static final Pattern MARKDOWN_TITLE = Pattern.compile("(?m)^ {0,3}# +(.+?)\\s*#*\\s*$");
    private static final Pattern ASCIIDOC_TITLE = Pattern.compile("(?m)^= +(.+?)\\s*$");

    private final List<PathMatcher> pathGlobs;
    private final List<PathMatcher> nameGlobs;

    public SourceDocuments(List<String> includes) {
        // a glob without '/' matches the file name at any depth, as .gitignore does
        this.pathGlobs = includes.stream().filter(g -> g.contains("/")).map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        this.nameGlobs = includes.stream().filter(g -> !g.contains("/")).map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    }

    public boolean included(String key) {
        Path path = Path.of(key);
        Path name = path.getFileName();
        return pathGlobs.stream().anyMatch(glob -> glob.matches(path))
                || (name != null && nameGlobs.stream().anyMatch(glob -> glob.matches(name)));
    }

    /** markdown, asciidoc, html or text from the extension, else from the content type; null lets ragtune detect it. */
    public static String format(String key, String contentType) {
        String lower = key.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        String extension = dot < 0 || dot < lower.lastIndexOf('/') ? "" : lower.substring(dot + 1);
        switch (extension) {
            case "md", "markdown":
                return "markdown";
            case "adoc", "asciidoc":
                return "asciidoc";
            case "html", "htm":
                return "html";
            case "txt":
                return "text";
            default:
                break;
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("text/html") || type.startsWith("application/xhtml")) {
            return "html";
        }
        if (type.startsWith("text/markdown")) {
            return "markdown";
        }
        if (type.startsWith("text/asciidoc")) {
            return "asciidoc";
        }
        return null;
    }

    /** The document's own title (HTML title, first Markdown or AsciiDoc heading), else the key's file name. */
    public static String title(String key, String text, String format) {
        String found = null;
        if ("html".equals(format)) {
            found = Jsoup.parse(text).title();
        } else if ("markdown".equals(format)) {
            found = first(MARKDOWN_TITLE.matcher(text));
        } else if ("asciidoc".equals(format)) {
            found = first(ASCIIDOC_TITLE.matcher(text));
        }
        if (found != null && !found.isBlank()) {
            return found.strip();
        }
        String trimmed = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    public static Fetched fetched(String key, String text, String contentType, String validator) {
        String format = format(key, contentType);
        return new Fetched(text, format, title(key, text, format), validator);
    }

    private static String first(Matcher matcher) {
        return matcher.find() ? matcher.group(1) : null;
    }
}
