package dev.ragtune.reindex.source;

import com.sun.net.httpserver.HttpServer;
import dev.ragtune.outbound.OutboundConfig;
import dev.ragtune.outbound.OutboundPolicy;
import dev.ragtune.reindex.DocumentSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A reindex HTTP source never reaches a link-local or metadata address, whether a sitemap lists it or a page redirects there. */
class HttpSourceOutboundTest {

    private HttpServer site;
    private final AtomicInteger pageHits = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/page", exchange -> {
            pageHits.incrementAndGet();
            byte[] body = "# Page\n\nHello.".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/markdown");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        site.createContext("/hop", exchange -> {
            exchange.getResponseHeaders().add("Location", "/page");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        site.start();
    }

    @AfterEach
    void stop() {
        site.stop(0);
    }

    private HttpSource source(List<String> urls) {
        OutboundConfig rules = new OutboundConfig() {
            public List<String> allowedModelUrls() { return List.of(); }
            public boolean allowHttp() { return true; }
            public boolean allowLinkLocal() { return false; }
            public List<String> apiKeyRefs() { return List.of(); }
        };
        return new HttpSource("site", HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(), urls, null,
                Duration.ofSeconds(5), 100_000, new OutboundPolicy(rules));
    }

    private String base() {
        return "http://127.0.0.1:" + site.getAddress().getPort();
    }

    @Test
    void linkLocalTargetsAndRedirectsThereAreRefused() throws Exception {
        HttpSource source = source(List.of("http://169.254.169.254/latest/meta-data/", base() + "/moved", base() + "/hop"));
        List<DocumentSource.SourceEntry> entries = source.list();

        assertThatThrownBy(() -> source.fetch(entries.get(0), null)).isInstanceOf(DocumentSource.SourceException.class)
                .hasMessageContaining("link-local");
        assertThatThrownBy(() -> source.fetch(entries.get(1), null)).isInstanceOf(DocumentSource.SourceException.class)
                .hasMessageContaining("169.254.169.254");
        // an ordinary redirect is still followed
        assertThat(source.fetch(entries.get(2), null).text()).contains("Hello.");
        assertThat(pageHits.get()).isEqualTo(1);
    }
}
