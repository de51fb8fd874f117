package dev.breakaway.replay.analyze;

import dev.breakaway.core.model.GpsFix;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Fixes in their delivery order, handed out at {@code speed} times the race's pace: a fix is not
 * given before the wall clock has moved, since the first fix, the race time from the first fix to
 * the newest fix delivered so far (a fix delivered late or out of order comes at once, as it does
 * from a shard). The live job's operators then see what they see live: records at most a moment
 * ahead of event time, not a whole race read ahead of its watermark.
 */
final class PacedFixes implements GeneratorFunction<Long, GpsFix> {

    private final FromElementsGeneratorFunction<GpsFix> fixes;
    private final double speed;
    private transient long startNanos;
    private transient long firstMillis;
    private transient long newestMillis;

    PacedFixes(FromElementsGeneratorFunction<GpsFix> fixes, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive: " + speed);
        }
        this.fixes = fixes;
        this.speed = speed;
    }

    @Override
    public void open(SourceReaderContext readerContext) throws Exception {
        fixes.open(readerContext);
        newestMillis = Long.MIN_VALUE;
    }

    @Override
    public void close() throws Exception {
        fixes.close();
    }

    @Override
    public GpsFix map(Long index) throws Exception {
        GpsFix fix = fixes.map(index);
        long millis = fix.timestamp().toEpochMilli();
        if (newestMillis == Long.MIN_VALUE) {
            startNanos = System.nanoTime();
            firstMillis = millis;
        }
        if (millis > newestMillis) {
            newestMillis = millis;
            long due = startNanos + (long) ((newestMillis - firstMillis) * 1e6 / speed);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
        }
        return fix;
    }
}
