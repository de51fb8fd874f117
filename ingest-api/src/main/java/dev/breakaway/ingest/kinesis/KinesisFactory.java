package dev.breakaway.ingest.kinesis;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.breakaway.contracts.Streams;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/**
 * The {@code kinesis:} section of the configuration: where fixes go and how hard to try.
 *
 * <p>In AWS, leave {@code endpoint} and {@code accessKeyId} out: the default credential chain (the
 * task's role) and the regional endpoint are used.
 */
public class KinesisFactory {

    @NotEmpty private String streamName = Streams.GPS_FIXES;

    @NotEmpty private String region = "us-east-1";

    /** An endpoint override, e.g. the local emulator {@code http://127.0.0.1:4568}. */
    private String endpoint;

    /** Static credentials, for the local emulator only. */
    private String accessKeyId;

    private String secretAccessKey;

    @Min(1)
    @Max(64)
    private int lanes = 4;

    @Min(1)
    @Max(500)
    private int maxRecordsPerCall = 500;

    @Min(500)
    private int maxQueuedRecordsPerLane = 50_000;

    /** How long a request waits for the stream to confirm its fixes before answering 503. */
    @NotNull private Duration ackTimeout = Duration.seconds(3);

    /** Timeout of one PutRecords call. */
    @NotNull private Duration callTimeout = Duration.seconds(2);

    @NotNull private Duration minBackoff = Duration.milliseconds(100);

    @NotNull private Duration maxBackoff = Duration.seconds(2);

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
    public String getEndpoint() {
        return endpoint;
    }

    @JsonProperty
    public void setEndpoint(String endpoint) {
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

    @JsonProperty
    public int getLanes() {
        return lanes;
    }

    @JsonProperty
    public void setLanes(int lanes) {
        this.lanes = lanes;
    }

    @JsonProperty
    public int getMaxRecordsPerCall() {
        return maxRecordsPerCall;
    }

    @JsonProperty
    public void setMaxRecordsPerCall(int maxRecordsPerCall) {
        this.maxRecordsPerCall = maxRecordsPerCall;
    }

    @JsonProperty
    public int getMaxQueuedRecordsPerLane() {
        return maxQueuedRecordsPerLane;
    }

    @JsonProperty
    public void setMaxQueuedRecordsPerLane(int maxQueuedRecordsPerLane) {
        this.maxQueuedRecordsPerLane = maxQueuedRecordsPerLane;
    }

    @JsonProperty
    public Duration getAckTimeout() {
        return ackTimeout;
    }

    @JsonProperty
    public void setAckTimeout(Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
    }

    @JsonProperty
    public Duration getCallTimeout() {
        return callTimeout;
    }

    @JsonProperty
    public void setCallTimeout(Duration callTimeout) {
        this.callTimeout = callTimeout;
    }

    @JsonProperty
    public Duration getMinBackoff() {
        return minBackoff;
    }

    @JsonProperty
    public void setMinBackoff(Duration minBackoff) {
        this.minBackoff = minBackoff;
    }

    @JsonProperty
    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    @JsonProperty
    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    /**
     * A client that makes one attempt per call (the publisher retries, record by record) with
     * bounded timeouts.
     */
    public KinesisClient buildClient() {
        java.time.Duration call = callTimeout.toJavaDuration();
        KinesisClientBuilder builder =
                KinesisClient.builder()
                        .region(Region.of(region))
                        .credentialsProvider(credentials())
                        .httpClientBuilder(
                                ApacheHttpClient.builder()
                                        .maxConnections(lanes + 4)
                                        .connectionTimeout(java.time.Duration.ofSeconds(1))
                                        .socketTimeout(call))
                        .overrideConfiguration(
                                o ->
                                        o.retryStrategy(AwsRetryStrategy.doNotRetry())
                                                .apiCallTimeout(call)
                                                .apiCallAttemptTimeout(call));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    public KinesisFixPublisher buildPublisher(KinesisClient client, MetricRegistry metrics) {
        return new KinesisFixPublisher(
                client,
                new KinesisFixPublisher.Settings(
                        streamName,
                        lanes,
                        maxRecordsPerCall,
                        maxQueuedRecordsPerLane,
                        minBackoff.toJavaDuration(),
                        maxBackoff.toJavaDuration()),
                metrics);
    }

    private AwsCredentialsProvider credentials() {
        if (accessKeyId != null && !accessKeyId.isBlank()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
