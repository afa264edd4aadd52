package dev.ragtune.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/** The rules of {@link OutboundConfig}, checked where a URL or a key reference is accepted and again before it is used. */
public class OutboundPolicy {

    private static final String EC2_IPV6_METADATA = "fd00:ec2:0:0:0:0:0:254";

    private final OutboundConfig config;

    public OutboundPolicy(OutboundConfig config) {
        this.config = config;
    }

    /** A model's or tuning provider's base URL: allow-listed, https (outside dev), no link-local target. */
    public void checkModelUrl(String field, String url) {
        URI uri = parse(field, url);
        if (!"https".equals(uri.getScheme()) && !config.allowHttp()) {
            throw new ForbiddenTargetException(field + " must be an https URL (plain http is allowed in dev mode only)");
        }
        if (config.allowedModelUrls().stream().noneMatch(url::startsWith)) {
            throw new ForbiddenTargetException(field + " is not in ragtune.outbound.allowed-model-urls; the operator adds the "
                    + "endpoints models may be served from there");
        }
        checkAddress(field, uri);
    }

    /** A page ragtune fetches (reindex HTTP sources, sitemap entries, redirects): http(s), no link-local target. */
    public void checkFetchUrl(String field, String url) {
        URI uri = parse(field, url);
        checkAddress(field, uri);
    }

    /** A model's key reference: only the configured prefixes (null or blank: the endpoint takes no key). */
    public void checkApiKeyRef(String ref) {
        if (ref == null || ref.isBlank()) {
            return;
        }
        if (config.apiKeyRefs().stream().noneMatch(ref::startsWith)) {
            throw new ForbiddenTargetException("apiKeyRef may only name " + String.join(", ", config.apiKeyRefs())
                    + "... (ragtune.outbound.api-key-refs); other configuration values and environment variables are never sent to a model");
        }
    }

    private static URI parse(String field, String url) {
        try {
            URI uri = url == null ? null : URI.create(url);
            if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new ForbiddenTargetException(field + " must be an http(s) URL with a host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ForbiddenTargetException(field + " is not a valid URL");
        }
    }

    /** Every address the host resolves to; a name that does not resolve is let through (the call itself will fail). */
    private void checkAddress(String field, URI uri) {
        if (config.allowLinkLocal()) {
            return;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return;
        }
        for (InetAddress address : addresses) {
            if (address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.getHostAddress().startsWith(EC2_IPV6_METADATA)) {
                throw new ForbiddenTargetException(field + " points at a link-local or cloud metadata address ("
                        + address.getHostAddress() + "); set ragtune.outbound.allow-link-local to allow it");
            }
        }
    }
}
