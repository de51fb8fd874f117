package dev.breakaway.contracts.replay;

import dev.breakaway.core.model.GpsFix;
import java.util.List;

/** Where a replay sends fixes: ingest-api as devices would, or straight into Kinesis. */
public interface FixSink extends AutoCloseable {

    /**
     * Sends fixes and returns once they are written or given up on; a rider's fixes are written in
     * the order given.
     */
    void send(List<GpsFix> fixes) throws Exception;

    /** What happened to the fixes sent so far, for the user. */
    String summary();

    @Override
    default void close() throws Exception {}
}
