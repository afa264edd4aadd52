package dev.ragtune.config.aws;

import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Secrets Manager and SSM reads for the config source: clients made on first use and closed together. */
final class AwsSecretReader implements AutoCloseable {

    private final Optional<Region> region;
    private final Optional<URI> endpoint;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private SecretsManagerClient secretsManager;
    private SsmClient ssm;

    AwsSecretReader(Optional<String> region, Optional<URI> endpoint) {
        this.region = region.map(Region::of);
        this.endpoint = endpoint;
    }

    String secret(String arn) {
        if (secretsManager == null) {
            secretsManager = configured(SecretsManagerClient.builder()).build();
        }
        return read("Secrets Manager secret " + arn,
                () -> secretsManager.getSecretValue(request -> request.secretId(arn)).secretString());
    }

    String parameter(String name) {
        if (ssm == null) {
            ssm = configured(SsmClient.builder()).build();
        }
        return read("SSM parameter " + name,
                () -> ssm.getParameter(request -> request.name(name).withDecryption(true)).parameter().value());
    }

    private <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configured(B builder) {
        builder.httpClient(http);
        region.ifPresent(builder::region);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    /** The value, or an exception naming what could not be read (and the AWS error), never a value. */
    private static String read(String what, Supplier<String> call) {
        String value;
        try {
            value = call.get();
        } catch (SdkException e) {
            throw new IllegalStateException("Could not read " + what + ": " + e.getMessage(), e);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(what + " has no value");
        }
        return value.strip();
    }

    @Override
    public void close() {
        if (secretsManager != null) {
            secretsManager.close();
        }
        if (ssm != null) {
            ssm.close();
        }
        http.close();
    }
}
