package dev.breakaway.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import java.util.Objects;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Healthy when the fixes stream answers and is writable (ACTIVE or UPDATING). */
public class KinesisHealthCheck extends HealthCheck {

    private final KinesisClient client;
    private final String streamName;

    public KinesisHealthCheck(KinesisClient client, String streamName) {
        this.client = Objects.requireNonNull(client, "client is null");
        this.streamName = Objects.requireNonNull(streamName, "streamName is null");
    }

    @Override
    protected Result check() {
        StreamStatus status =
                client.describeStreamSummary(r -> r.streamName(streamName))
                        .streamDescriptionSummary()
                        .streamStatus();
        if (status == StreamStatus.ACTIVE || status == StreamStatus.UPDATING) {
            return Result.healthy("stream %s is %s", streamName, status);
        }
        return Result.unhealthy("stream %s is %s", streamName, status);
    }
}
