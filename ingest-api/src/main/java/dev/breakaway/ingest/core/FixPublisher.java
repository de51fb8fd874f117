package dev.breakaway.ingest.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where accepted fixes go: the {@code gps-fixes} stream. */
public interface FixPublisher {

    /** One record for the stream. */
    record Outgoing(String partitionKey, byte[] data) {}

    /**
     * Starts writing the records, in order per partition key. Each future completes when the stream
     * has accepted its record, and only then; exceptionally if it cannot be written now. A caller
     * that stops waiting cancels the futures it no longer wants: records not yet sent are then
     * dropped (some already sent may still land, hence at-least-once).
     */
    List<CompletableFuture<Void>> publish(List<Outgoing> records);

    /** How long a device should wait before sending again what could not be written, seconds. */
    int retryAfterSeconds();
}
