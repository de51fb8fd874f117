package dev.breakaway.contracts.replay;

import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.kinesis.KinesisRecords;
import dev.breakaway.core.model.GpsFix;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Fixes straight onto the {@code gps-fixes} stream, with the tracker's partition key. */
public final class KinesisFixSink implements FixSink {

    private final KinesisClient client;
    private final String stream;
    private final AtomicLong written = new AtomicLong();

    public KinesisFixSink(KinesisClient client, String stream) {
        this.client = client;
        this.stream = stream;
    }

    @Override
    public void send(List<GpsFix> fixes) {
        KinesisRecords.putAll(client, stream, fixes, PartitionKeys::rider, Json::toBytes);
        written.addAndGet(fixes.size());
    }

    @Override
    public String summary() {
        return written.get() + " fixes written to " + stream;
    }
}
