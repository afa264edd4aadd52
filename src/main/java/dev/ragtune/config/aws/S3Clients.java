package dev.ragtune.config.aws;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How ragtune builds its S3 clients (reindex sources, dataset storage): the one light HTTP client the package
 * carries, the default credentials chain (the Lambda role's, or AWS_* variables and profiles locally), and
 * path-style addressing when another S3-compatible endpoint is named.
 */
public final class S3Clients {

    private S3Clients() {
    }

    /** {@code timeout}: bounds each socket read and each API call, when given. */
    public static S3Client create(String region, Optional<URI> endpointOverride, Optional<Duration> timeout) {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        timeout.ifPresent(http::socketTimeout);
        S3ClientBuilder builder = S3Client.builder().region(Region.of(region)).httpClientBuilder(http);
        timeout.ifPresent(limit -> builder.overrideConfiguration(o -> o.apiCallTimeout(limit)));
        endpointOverride.ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder.build();
    }
}
