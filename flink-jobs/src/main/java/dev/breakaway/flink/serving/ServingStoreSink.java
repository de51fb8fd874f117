package dev.breakaway.flink.serving;

import dev.breakaway.contracts.serving.ScriptCall;
import dev.breakaway.contracts.serving.ServingStore;
import dev.breakaway.contracts.serving.ServingWrites;
import dev.breakaway.flink.tracker.EncodedRaceUpdate;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;

/**
 * Writes the tracker's updates (standings, passages, race definitions) to the live serving store
 * (Redis), one versioned script per update ({@link ServingWrites}), asynchronously on one Lettuce
 * connection. {@code flush} (every checkpoint and at the end) waits for every write: a checkpoint
 * completes only once the store has what came before it. Writes are idempotent, so the replay after
 * a restore changes nothing the store already has.
 */
public final class ServingStoreSink implements Sink<EncodedRaceUpdate> {

    private static final long serialVersionUID = 1L;

    /** Writes in flight before {@code write} waits for the oldest: memory stays bounded. */
    static final int MAX_IN_FLIGHT = 1_000;

    private final String redisUri;
    private final Duration timeout;

    public ServingStoreSink(String redisUri, Duration timeout) {
        this.redisUri = Objects.requireNonNull(redisUri, "redisUri is null");
        this.timeout = Objects.requireNonNull(timeout, "timeout is null");
    }

    @Override
    @SuppressWarnings("deprecation") // Flink 1.20 still calls this one
    public SinkWriter<EncodedRaceUpdate> createWriter(InitContext context) {
        return new Writer(
                redisUri,
                timeout,
                context.metricGroup().counter("servingStoreWrites"),
                context.metricGroup().counter("servingStoreStaleSkipped"));
    }

    static final class Writer implements SinkWriter<EncodedRaceUpdate> {
        private final RedisClient client;
        private final StatefulRedisConnection<String, String> connection;
        private final RedisAsyncCommands<String, String> redis;
        private final Duration timeout;
        private final Counter writes;
        private final Counter stale;
        private final ArrayDeque<RedisFuture<?>> inFlight = new ArrayDeque<>();

        Writer(String redisUri, Duration timeout, Counter writes, Counter stale) {
            this.client = RedisClient.create(redisUri);
            this.connection = client.connect();
            this.redis = connection.async();
            this.timeout = timeout;
            this.writes = writes;
            this.stale = stale;
        }

        @Override
        public void write(EncodedRaceUpdate update, Context context)
                throws IOException, InterruptedException {
            ScriptCall call =
                    ServingWrites.of(
                            update.raceId(), update.type(), update.version(), update.json());
            RedisFuture<Long> result =
                    redis.eval(
                            call.script(),
                            ScriptOutputType.INTEGER,
                            call.keys().toArray(String[]::new),
                            call.args().toArray(String[]::new));
            result.thenAccept(
                    written -> {
                        if (written != null && written == 1L) {
                            writes.inc();
                        } else {
                            stale.inc();
                        }
                    });
            inFlight.add(result);
            inFlight.add(
                    redis.zadd(
                            ServingStore.RACES,
                            (double) System.currentTimeMillis(),
                            update.raceId()));
            while (inFlight.size() > MAX_IN_FLIGHT) {
                await(inFlight.poll());
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            while (!inFlight.isEmpty()) {
                await(inFlight.poll());
            }
        }

        private void await(RedisFuture<?> future) throws IOException, InterruptedException {
            try {
                future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("the serving store did not take an update", e);
            }
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
