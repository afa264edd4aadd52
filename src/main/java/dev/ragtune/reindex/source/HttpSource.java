package dev.ragtune.reindex.source;

import dev.ragtune.outbound.ForbiddenTargetException;
import dev.ragtune.outbound.OutboundPolicy;
import dev.ragtune.problem.Failures;
import dev.ragtune.reindex.DocumentSource;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A list of pages or the pages of a sitemap.xml, fetched with conditional GETs (If-None-Match /
 * If-Modified-Since) so an unchanged page costs a 304 and no embedding. The JDK client is used because the
 * URLs are arbitrary: a Quarkus REST client is bound to one base URL.
 */
public record HttpSource(String name, HttpClient http, List<String> urls, String sitemapUrl, Duration timeout, int maxBytes,
        OutboundPolicy policy) implements DocumentSource {

    /** Redirects followed at most, each hop checked like the first URL (a sitemap entry may point anywhere). */
    private static final int MAX_REDIRECTS = 5;

    /** Separates the stored ETag from the stored Last-Modified in a validator. */
    private static final String SEPARATOR = "\n";

    @Override
    public List<SourceEntry> list() throws SourceException {
        if (sitemapUrl == null) {
            return urls.stream().map(url -> new SourceEntry(key(url), null, url)).toList();
        }
        HttpResponse<byte[]> response = get(sitemapUrl, null);
        if (response.statusCode() != 200) {
            throw new SourceException("sitemap " + sitemapUrl + " answered HTTP " + response.statusCode());
        }
        Document sitemap = Jsoup.parse(new String(response.body(), StandardCharsets.UTF_8), sitemapUrl, Parser.xmlParser());
        List<SourceEntry> entries = new ArrayList<>();
        for (Element url : sitemap.select("url")) {
            String location = url.selectFirst("loc") == null ? "" : url.selectFirst("loc").text().strip();
            if (location.isEmpty()) {
                continue;
            }
            // <lastmod> is only a hint; the conditional GET decides, so the listing carries no version
            entries.add(new SourceEntry(key(location), null, location));
        }
        return entries;
    }

    @Override
    public Fetched fetch(SourceEntry entry, String validator) throws SourceException {
        HttpResponse<byte[]> response = get(entry.url(), validator);
        if (response.statusCode() == 304) {
            return Fetched.NOT_MODIFIED;
        }
        if (response.statusCode() != 200) {
            throw new SourceException(entry.url() + " answered HTTP " + response.statusCode());
        }
        if (response.body().length > maxBytes) {
            throw new SourceException(entry.url() + " is larger than " + maxBytes + " bytes (ragtune.reindex.max-document-bytes)");
        }
        String etag = response.headers().firstValue("ETag").orElse("");
        String lastModified = response.headers().firstValue("Last-Modified").orElse("");
        String next = etag.isEmpty() && lastModified.isEmpty() ? null : etag + SEPARATOR + lastModified;
        Optional<String> contentType = response.headers().firstValue("Content-Type");
        String path = URI.create(entry.url()).getPath();
        return SourceDocuments.fetched(path == null ? "" : path, new String(response.body(), StandardCharsets.UTF_8),
                contentType.orElse(null), next);
    }

    private HttpResponse<byte[]> get(String url, String validator) throws SourceException {
        String target = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            try {
                policy.checkFetchUrl("page", target);
            } catch (ForbiddenTargetException e) {
                throw new SourceException(target + ": " + e.getMessage(), e);
            }
            HttpResponse<byte[]> response = send(target, validator);
            int status = response.statusCode();
            java.util.Optional<String> location = response.headers().firstValue("Location");
            if (status < 300 || status >= 400 || status == 304 || location.isEmpty()) {
                return response;
            }
            target = URI.create(target).resolve(location.get()).toString();
        }
        throw new SourceException(url + " redirects more than " + MAX_REDIRECTS + " times");
    }

    private HttpResponse<byte[]> send(String url, String validator) throws SourceException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
            if (validator != null) {
                String[] parts = validator.split(SEPARATOR, -1);
                if (!parts[0].isEmpty()) {
                    request.header("If-None-Match", parts[0]);
                }
                if (parts.length > 1 && !parts[1].isEmpty()) {
                    request.header("If-Modified-Since", parts[1]);
                }
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IllegalArgumentException e) {
            throw new SourceException("invalid URL " + url, e);
        } catch (IOException e) {
            throw new SourceException("cannot fetch " + url + ": " + Failures.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while fetching " + url, e);
        }
    }

    /** The URL without its scheme, with characters a document id cannot hold replaced by '_'. */
    static String key(String url) {
        String withoutScheme = url.replaceFirst("(?i)^https?://", "");
        String key = withoutScheme.replaceAll("[^A-Za-z0-9._:/@+=-]", "_");
        return key.endsWith("/") ? key + "index" : key;
    }
}
