package dev.ragtune.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real documentation web site for reindex tests: pages with ETags that answer conditional GETs with 304,
 * and a sitemap.xml listing them. Counts full page responses and 304s so tests can see what was refetched.
 */
public final class DocsSiteStub {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, String> pages = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> fullResponses = new ConcurrentHashMap<>();
    private final AtomicInteger notModified = new AtomicInteger();

    public DocsSiteStub() {
        server = vertx.createHttpServer().requestHandler(request -> {
            String path = request.path();
            if (path.equals("/sitemap.xml")) {
                request.response().putHeader("content-type", "application/xml").end(sitemap());
                return;
            }
            String page;
            synchronized (this) {
                page = pages.get(path);
            }
            if (page == null) {
                request.response().setStatusCode(404).end("not found");
                return;
            }
            String etag = "\"" + sha1(page) + "\"";
            if (etag.equals(request.getHeader("If-None-Match"))) {
                notModified.incrementAndGet();
                request.response().setStatusCode(304).putHeader("ETag", etag).end();
                return;
            }
            fullResponses.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            request.response().putHeader("content-type", "text/html; charset=utf-8").putHeader("ETag", etag).end(page);
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the docs site stub", e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The key ragtune derives from a page's URL (scheme dropped). */
    public String key(String path) {
        return "127.0.0.1:" + server.actualPort() + path;
    }

    public synchronized void page(String path, String html) {
        pages.put(path, html);
    }

    /** Removes the page from the site and from the sitemap. */
    public synchronized void remove(String path) {
        pages.remove(path);
    }

    /** Lists a page in the sitemap that the site does not serve (a broken link). */
    public synchronized void brokenLink(String path) {
        pages.put(path, null);
    }

    public int fullResponses(String path) {
        AtomicInteger count = fullResponses.get(path);
        return count == null ? 0 : count.get();
    }

    public int notModified() {
        return notModified.get();
    }

    public synchronized void reset() {
        pages.clear();
        fullResponses.clear();
        notModified.set(0);
    }

    private synchronized String sitemap() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        pages.keySet().forEach(path -> xml.append("  <url><loc>").append(baseUrl()).append(path).append("</loc></url>\n"));
        return xml.append("</urlset>\n").toString();
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void close() {
        server.close();
        vertx.close();
    }
}
