package dev.breakaway.ingest.kinesis;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.breakaway.ingest.core.FixPublisher;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Writes fixes to a Kinesis stream with PutRecords, batching the records of concurrent requests
 * together (up to 500 records or 5 MB a call).
 *
 * <p>Records are spread over {@code lanes} by partition key; each lane has one call in flight at a
 * time, so one rider's records are sent in the order they were published. Records the stream did
 * not take (a partial failure: throttling, an internal error) or a call that failed as a whole go
 * back to the front of their lane and are sent again after an exponential backoff with jitter,
 * until they are written or their publisher stops waiting (cancels them). A retried record may land
 * after a later record of the same rider that the stream took the first time: the tracker treats
 * such a fix as out of order, and history still has it.
 *
 * <p>A lane holds at most {@code maxQueuedRecords}; past that, publishing fails at once (the device
 * is told to come back later) instead of queueing without bound while Kinesis is away.
 */
public final class KinesisFixPublisher implements FixPublisher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisFixPublisher.class);

    /** Kinesis's limits for one PutRecords call. */
    static final int MAX_RECORDS_PER_CALL = 500;

    static final long MAX_BYTES_PER_CALL = 5L * 1024 * 1024;

    /** The publisher's settings. */
    public record Settings(
            String streamName,
            int lanes,
            int maxRecordsPerCall,
            int maxQueuedRecords,
            Duration minBackoff,
            Duration maxBackoff) {

        public Settings {
            Objects.requireNonNull(streamName, "streamName is null");
            if (lanes < 1
                    || maxRecordsPerCall < 1
                    || maxRecordsPerCall > MAX_RECORDS_PER_CALL
                    || maxQueuedRecords < maxRecordsPerCall) {
                throw new IllegalArgumentException(
                        "lanes ≥ 1, 1 ≤ maxRecordsPerCall ≤ 500, maxQueuedRecords ≥"
                                + " maxRecordsPerCall");
            }
        }
    }

    /** Raised into the futures of records that cannot be queued. */
    public static final class OverloadedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverloadedException(String message) {
            super(message, null, false, false);
        }
    }

    private final KinesisClient client;
    private final Settings settings;
    private final Lane[] lanes;
    private final Timer callTimer;
    private final Meter retriedRecords;
    private final Meter failedCalls;
    private final Histogram recordsPerCall;

    public KinesisFixPublisher(KinesisClient client, Settings settings, MetricRegistry metrics) {
        this.client = Objects.requireNonNull(client, "client is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.callTimer = metrics.timer("kinesis.put-records");
        this.retriedRecords = metrics.meter("kinesis.retried-records");
        this.failedCalls = metrics.meter("kinesis.failed-calls");
        this.recordsPerCall = metrics.histogram("kinesis.records-per-call");
        this.lanes = new Lane[settings.lanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i);
        }
        metrics.gauge(
                "kinesis.queued-records",
                () ->
                        () -> {
                            int queued = 0;
                            for (Lane lane : lanes) {
                                queued += lane.size();
                            }
                            return queued;
                        });
        for (Lane lane : lanes) {
            lane.thread.start();
        }
    }

    @Override
    public List<CompletableFuture<Void>> publish(List<Outgoing> records) {
        List<CompletableFuture<Void>> futures = new ArrayList<>(records.size());
        for (Outgoing record : records) {
            CompletableFuture<Void> future = new CompletableFuture<>();
            futures.add(future);
            Lane lane = lanes[Math.floorMod(record.partitionKey().hashCode(), lanes.length)];
            lane.offer(new Pending(record, future));
        }
        return futures;
    }

    @Override
    public int retryAfterSeconds() {
        long backoffMs = 0;
        for (Lane lane : lanes) {
            backoffMs = Math.max(backoffMs, lane.currentBackoffMs());
        }
        return (int) Math.max(1, (backoffMs + 999) / 1000);
    }

    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.stop();
        }
        for (Lane lane : lanes) {
            try {
                lane.thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private record Pending(Outgoing record, CompletableFuture<Void> future) {
        long size() {
            return record.data().length + record.partitionKey().length();
        }
    }

    private final class Lane implements Runnable {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final Condition stopping = lock.newCondition();
        private final ArrayDeque<Pending> queue = new ArrayDeque<>();
        private final Thread thread;
        private boolean stopped;
        private int consecutiveFailures;
        private volatile long backoffMs;

        Lane(int index) {
            thread = new Thread(this, "kinesis-lane-" + index);
            thread.setDaemon(true);
        }

        int size() {
            lock.lock();
            try {
                return queue.size();
            } finally {
                lock.unlock();
            }
        }

        long currentBackoffMs() {
            return backoffMs;
        }

        void offer(Pending pending) {
            lock.lock();
            try {
                if (stopped) {
                    pending.future.completeExceptionally(
                            new OverloadedException("ingest is shutting down"));
                    return;
                }
                if (queue.size() >= settings.maxQueuedRecords()) {
                    pending.future.completeExceptionally(
                            new OverloadedException(
                                    "Kinesis is behind: "
                                            + queue.size()
                                            + " records already wait on this lane"));
                    return;
                }
                queue.addLast(pending);
                changed.signal();
            } finally {
                lock.unlock();
            }
        }

        void stop() {
            lock.lock();
            try {
                stopped = true;
                changed.signalAll();
                stopping.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void run() {
            while (true) {
                List<Pending> batch = takeBatch();
                if (batch == null) {
                    return;
                }
                if (!batch.isEmpty()) {
                    send(batch);
                }
            }
        }

        /** The next batch, blocking for its first record; {@code null} once stopped. */
        private List<Pending> takeBatch() {
            lock.lock();
            try {
                while (queue.isEmpty() && !stopped) {
                    changed.awaitUninterruptibly();
                }
                if (stopped) {
                    for (Pending pending : queue) {
                        pending.future.completeExceptionally(
                                new OverloadedException("ingest is shutting down"));
                    }
                    queue.clear();
                    return null;
                }
                List<Pending> batch = new ArrayList<>();
                long bytes = 0;
                while (!queue.isEmpty() && batch.size() < settings.maxRecordsPerCall()) {
                    Pending next = queue.peekFirst();
                    if (next.future.isDone()) {
                        queue.pollFirst(); // abandoned by its publisher: not sent
                        continue;
                    }
                    if (bytes + next.size() > MAX_BYTES_PER_CALL && !batch.isEmpty()) {
                        break;
                    }
                    bytes += next.size();
                    batch.add(queue.pollFirst());
                }
                return batch;
            } finally {
                lock.unlock();
            }
        }

        private void send(List<Pending> batch) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
            for (Pending pending : batch) {
                entries.add(
                        PutRecordsRequestEntry.builder()
                                .partitionKey(pending.record.partitionKey())
                                .data(SdkBytes.fromByteArrayUnsafe(pending.record.data()))
                                .build());
            }
            recordsPerCall.update(batch.size());
            List<Pending> retry = new ArrayList<>();
            try (Timer.Context ignored = callTimer.time()) {
                PutRecordsResponse response =
                        client.putRecords(
                                r -> r.streamName(settings.streamName()).records(entries));
                List<PutRecordsResultEntry> results = response.records();
                for (int i = 0; i < batch.size(); i++) {
                    PutRecordsResultEntry result = i < results.size() ? results.get(i) : null;
                    if (result != null && result.errorCode() == null) {
                        batch.get(i).future.complete(null);
                    } else {
                        retry.add(batch.get(i));
                    }
                }
            } catch (SdkException e) {
                failedCalls.mark();
                LOG.warn("PutRecords of {} records failed: {}", batch.size(), e.toString());
                retry.addAll(batch);
            }
            if (retry.isEmpty()) {
                consecutiveFailures = 0;
                backoffMs = 0;
                return;
            }
            retriedRecords.mark(retry.size());
            requeueFront(retry);
            consecutiveFailures++;
            long capMs =
                    Math.min(
                            settings.maxBackoff().toMillis(),
                            settings.minBackoff().toMillis()
                                    << Math.min(consecutiveFailures - 1, 20));
            backoffMs = capMs;
            // full jitter: concurrent lanes and ingest instances do not retry in step
            long waitMs = ThreadLocalRandom.current().nextLong(capMs / 2, capMs + 1);
            pause(waitMs);
        }

        private void requeueFront(List<Pending> retry) {
            lock.lock();
            try {
                for (int i = retry.size() - 1; i >= 0; i--) {
                    Pending pending = retry.get(i);
                    if (!pending.future.isDone()) {
                        queue.addFirst(pending);
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        /** Waits before the next attempt; returns early when the publisher is closed. */
        private void pause(long millis) {
            lock.lock();
            try {
                long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
                while (nanos > 0 && !stopped) {
                    nanos = stopping.awaitNanos(nanos);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }
    }
}
