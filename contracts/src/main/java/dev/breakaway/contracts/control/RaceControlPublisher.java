package dev.breakaway.contracts.control;

import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.core.model.RaceDefinition;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Publishes race definitions on {@code race-control}: the one way a race reaches the tracker (the
 * demo, the replay tool, and the admin API with its issue). Not thread-safe beyond what its client
 * is; the client stays the caller's.
 */
public final class RaceControlPublisher {

    private final KinesisClient kinesis;
    private final String stream;

    public RaceControlPublisher(KinesisClient kinesis, String stream) {
        this.kinesis = Objects.requireNonNull(kinesis, "kinesis is null");
        this.stream = Objects.requireNonNull(stream, "stream is null");
    }

    /** Writes the definition; returns once Kinesis has it. */
    public void publish(RaceDefinition race) {
        kinesis.putRecord(
                r ->
                        r.streamName(stream)
                                .partitionKey(PartitionKeys.race(race.raceId()))
                                .data(SdkBytes.fromByteArray(RaceControl.encode(race))));
    }
}
