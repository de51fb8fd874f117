package dev.breakaway.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.breakaway.admin.core.AdminException;
import dev.breakaway.admin.core.DefinitionPublisher;
import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.control.RaceControlPublisher;
import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * Where race definitions are published: the {@code race-control} stream. In AWS leave out the
 * endpoint and keys (the task role); locally the emulator's endpoint and any keys.
 */
public class RaceControlFactory {

    @NotEmpty private String streamName = Streams.RACE_CONTROL;
    @NotEmpty private String region = "us-east-1";
    private URI endpoint;
    private String accessKeyId;
    private String secretAccessKey;

    /** How long a publication may take, retries included, before the change is refused (503). */
    @jakarta.validation.constraints.NotNull
    private io.dropwizard.util.Duration publishTimeout = io.dropwizard.util.Duration.seconds(10);

    @JsonProperty
    public io.dropwizard.util.Duration getPublishTimeout() {
        return publishTimeout;
    }

    @JsonProperty
    public void setPublishTimeout(io.dropwizard.util.Duration publishTimeout) {
        this.publishTimeout = publishTimeout;
    }

    @JsonProperty
    public String getStreamName() {
        return streamName;
    }

    @JsonProperty
    public void setStreamName(String streamName) {
        this.streamName = streamName;
    }

    @JsonProperty
    public String getRegion() {
        return region;
    }

    @JsonProperty
    public void setRegion(String region) {
        this.region = region;
    }

    @JsonProperty
    public URI getEndpoint() {
        return endpoint;
    }

    @JsonProperty
    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    @JsonProperty
    public String getAccessKeyId() {
        return accessKeyId;
    }

    @JsonProperty
    public void setAccessKeyId(String accessKeyId) {
        this.accessKeyId = accessKeyId;
    }

    @JsonProperty
    public String getSecretAccessKey() {
        return secretAccessKey;
    }

    @JsonProperty
    public void setSecretAccessKey(String secretAccessKey) {
        this.secretAccessKey = secretAccessKey;
    }

    public KinesisClient buildClient() {
        KinesisClientBuilder builder =
                KinesisClient.builder()
                        .region(Region.of(region))
                        .credentialsProvider(credentials())
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .overrideConfiguration(
                                o ->
                                        o.apiCallTimeout(publishTimeout.toJavaDuration())
                                                .apiCallAttemptTimeout(
                                                        publishTimeout
                                                                .toJavaDuration()
                                                                .dividedBy(3)));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private AwsCredentialsProvider credentials() {
        if (accessKeyId != null && secretAccessKey != null) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** A publisher on the client; a failure to publish is a 503 and the change is not made. */
    public DefinitionPublisher buildPublisher(KinesisClient client) {
        RaceControlPublisher publisher = new RaceControlPublisher(client, streamName);
        return definition -> {
            try {
                publisher.publish(definition);
            } catch (SdkException e) {
                throw new AdminException(
                        503,
                        "PUBLISH_FAILED",
                        "the race definition could not be published on "
                                + streamName
                                + " (nothing was changed; try again): "
                                + e.getMessage());
            }
        };
    }
}
