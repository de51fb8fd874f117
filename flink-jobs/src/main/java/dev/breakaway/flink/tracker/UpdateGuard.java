package dev.breakaway.flink.tracker;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boundary between one race's (or one rider's) logic and the job: an unexpected exception in
 * that logic (a bug, a state nobody foresaw) skips that one update, is counted in the operator's
 * {@value #METRIC} counter and logged with the race and rider, and every other race goes on.
 * Without it, one such exception fails the task, the job restarts from its checkpoint, meets the
 * same record again and fails again: one race stops every race on the job.
 *
 * <p>What the guard lets through, so that the job does restart: exceptions raised by Flink itself
 * ({@link FlinkRuntimeException} and its subclasses, which include a failure of a chained operator
 * downstream, any failure to emit through {@link #downstream} or {@link #emit}, and state access in
 * our adapters, see {@link StateAccessException}), checked exceptions (state backends, I/O) and
 * errors. The update that failed may have changed part of its key's state before it failed; the
 * next update starts from there.
 *
 * <p>Skips are logged at ERROR, one line with the race, the rider and the exception: the first of
 * each exception class with its stack trace, the others at most one line every 10 s per operator
 * instance, with the number skipped in between, so that a race failing on every fix of its 200
 * riders does not flood the log (the counter counts every one).
 */
public final class UpdateGuard {

    /** The counter's name in each guarded operator's metric group. */
    public static final String METRIC = "skippedUpdates";

    private static final Logger LOG = LoggerFactory.getLogger(UpdateGuard.class);

    /** At most one line this often per operator instance, besides each new exception class. */
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    /** One update of a race or rider: may throw what race logic throws. */
    @FunctionalInterface
    public interface Update {
        void run() throws Exception;
    }

    private final String operator;
    private final Counter skipped;
    private final LongSupplier nanoClock;
    private final Set<Class<?>> traced = new HashSet<>();
    private long lastLineNanos;
    private long unlogged;

    UpdateGuard(String operator, Counter skipped) {
        this(operator, skipped, System::nanoTime);
    }

    UpdateGuard(String operator, Counter skipped, LongSupplier nanoClock) {
        this.operator = Objects.requireNonNull(operator, "operator is null");
        this.skipped = Objects.requireNonNull(skipped, "skipped is null");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock is null");
        this.lastLineNanos = nanoClock.getAsLong() - LOG_INTERVAL_NANOS;
    }

    /** A guard counting in {@code metrics} (the operator's metric group). */
    public static UpdateGuard of(String operator, MetricGroup metrics) {
        return new UpdateGuard(operator, metrics.counter(METRIC));
    }

    /**
     * Runs one update of {@code raceId} (and {@code riderId}, or {@code null} for race-wide logic).
     *
     * @return whether it completed; {@code false} if it was skipped
     */
    public boolean run(String raceId, String riderId, Update update) throws Exception {
        try {
            update.run();
            return true;
        } catch (FlinkRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            skipped.inc();
            log(raceId, riderId, e);
            return false;
        }
    }

    private void log(String raceId, String riderId, RuntimeException e) {
        long now = nanoClock.getAsLong();
        boolean firstOfItsKind = traced.add(e.getClass());
        if (!firstOfItsKind && now - lastLineNanos < LOG_INTERVAL_NANOS) {
            unlogged++;
            return;
        }
        String more = unlogged == 0 ? "" : " (" + unlogged + " more skipped since the last line)";
        if (firstOfItsKind) {
            LOG.error(
                    "{}: skipped an update of race {} rider {}: {}{}",
                    operator,
                    raceId,
                    riderId,
                    e,
                    more,
                    e);
        } else {
            LOG.error(
                    "{}: skipped an update of race {} rider {}: {}{}",
                    operator,
                    raceId,
                    riderId,
                    e,
                    more);
        }
        lastLineNanos = now;
        unlogged = 0;
    }

    /**
     * {@code out}, with what its downstream throws marked as the job's failure: a guarded update
     * emits through it, so that a serializer or an operator further down never passes for a bug of
     * the race.
     */
    public <T> Collector<T> downstream(Collector<T> out) {
        return new Collector<>() {
            @Override
            public void collect(T record) {
                emit(() -> out.collect(record));
            }

            @Override
            public void close() {
                out.close();
            }
        };
    }

    /** Runs an emission (a side output) with its failures marked as the job's, see above. */
    public void emit(Runnable emission) {
        try {
            emission.run();
        } catch (FlinkRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DownstreamException(e);
        }
    }

    /** Updates skipped so far by this guard. */
    public long skipped() {
        return skipped.getCount();
    }

    /** Emitting a record failed downstream of the guarded logic: the job's failure. */
    public static final class DownstreamException extends FlinkRuntimeException {
        private static final long serialVersionUID = 1L;

        DownstreamException(Throwable cause) {
            super("emitting a record failed downstream", cause);
        }
    }

    /**
     * Reading or writing Flink state failed: the job's problem, not the race's, so the guard lets
     * it through and the job restarts.
     */
    public static final class StateAccessException extends FlinkRuntimeException {
        private static final long serialVersionUID = 1L;

        public StateAccessException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
