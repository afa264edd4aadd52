package dev.ragtune.config.aws;

import java.net.URI;
import java.util.Optional;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

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
            SecretsManagerClientBuilder builder = SecretsManagerClient.builder().httpClient(http);
            region.ifPresent(builder::region);
            endpoint.ifPresent(builder::endpointOverride);
            secretsManager = builder.build();
        }
        try {
            String value = secretsManager.getSecretValue(request -> request.secretId(arn)).secretString();
            return required(value, "Secrets Manager secret " + arn + " has no SecretString");
        } catch (SdkException e) {
            throw new IllegalStateException("Could not read Secrets Manager secret " + arn + ": " + e.getMessage(), e);
        }
    }

    String parameter(String name) {
        if (ssm == null) {
            SsmClientBuilder builder = SsmClient.builder().httpClient(http);
            region.ifPresent(builder::region);
            endpoint.ifPresent(builder::endpointOverride);
            ssm = builder.build();
        }
        try {
            String value = ssm.getParameter(request -> request.name(name).withDecryption(true)).parameter().value();
            return required(value, "SSM parameter " + name + " has no value");
        } catch (SdkException e) {
            throw new IllegalStateException("Could not read SSM parameter " + name + ": " + e.getMessage(), e);
        }
    }

    private static String required(String value, String problem) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(problem);
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
