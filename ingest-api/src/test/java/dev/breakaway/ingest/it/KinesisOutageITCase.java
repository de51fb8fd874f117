package dev.breakaway.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.core.model.GpsFix;
import io.dropwizard.util.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kinesis emulator is stopped (SIGSTOP: every call hangs) in the middle of a ride. Requests get
 * 503 with Retry-After for what was not written; once it runs again, the device's retries are
 * accepted, and every fix ever acknowledged is on the stream exactly as sent.
 */
class KinesisOutageITCase {

    private static final Instant T0 = Instant.now().minusSeconds(900);
    private static IngestHarness ingest;

    @BeforeAll
    static void start() {
        ingest =
                new IngestHarness(
                        List.of("r1"),
                        config -> {
                            config.getKinesis().setAckTimeout(Duration.seconds(1));
                            config.getKinesis().setCallTimeout(Duration.milliseconds(500));
                            config.getLimits().setRequestsPerSecond(1_000);
                        });
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    /** A device as the rider page behaves: keeps every fix until the server acknowledges it. */
    private static final class Device {
        final List<GpsFix> pending = new ArrayList<>();
        final Set<GpsFix> acknowledged = new LinkedHashSet<>();
        final List<IngestHarness.Reply> replies = new ArrayList<>();
        int next;

        void record(int count) {
            for (int i = 0; i < count; i++, next++) {
                pending.add(
                        new GpsFix(
                                IngestHarness.RACE,
                                "r1",
                                T0.plusSeconds(next),
                                47.2 + next * 1e-4,
                                4.95,
                                300.0 + next % 17,
                                3.0 + next % 5,
                                null,
                                false));
            }
        }

        /** Sends the oldest 20 pending fixes once and forgets what the server acknowledged. */
        IngestHarness.Reply sendOnce() {
            List<GpsFix> batch = new ArrayList<>(pending.subList(0, Math.min(20, pending.size())));
            IngestHarness.Reply reply = ingest.postFixes("r1", batch);
            replies.add(reply);
            Set<GpsFix> done = new HashSet<>();
            JsonNode body = reply.body();
            if (body != null && body.has("accepted")) {
                body.get("accepted")
                        .forEach(
                                i -> {
                                    done.add(batch.get(i.asInt()));
                                    acknowledged.add(batch.get(i.asInt()));
                                });
                body.get("rejected").forEach(r -> done.add(batch.get(r.get("index").asInt())));
            }
            pending.removeAll(done);
            return reply;
        }
    }

    @Test
    void whileKinesisIsStoppedNothingIsAcknowledgedAndRetriesLoseNothing() {
        Device device = new Device();
        device.record(40);
        while (!device.pending.isEmpty()) {
            assertThat(device.sendOnce().status()).isEqualTo(200);
        }

        ingest.emulator.pause();
        List<IngestHarness.Reply> duringOutage = new ArrayList<>();
        try {
            device.record(30);
            for (int i = 0; i < 3; i++) {
                duringOutage.add(device.sendOnce());
            }
            IngestHarness.Reply health = ingest.get(true, "/healthcheck");
            assertThat(health.status()).isEqualTo(500);
            assertThat(health.body().at("/kinesis/healthy").asBoolean()).isFalse();
        } finally {
            ingest.emulator.resume();
        }
        assertThat(duringOutage)
                .allSatisfy(
                        reply -> {
                            assertThat(reply.status()).isEqualTo(503);
                            assertThat(Integer.parseInt(reply.retryAfter())).isPositive();
                            assertThat(reply.body().get("notWritten")).isNotEmpty();
                        });
        assertThat(device.pending).hasSize(30);

        device.record(10);
        await().atMost(java.time.Duration.ofSeconds(90))
                .pollInterval(java.time.Duration.ofMillis(250))
                .until(
                        () -> {
                            device.sendOnce();
                            return device.pending.isEmpty();
                        });

        List<GpsFix> onStream =
                ingest.fixesOnStream().stream().map(IngestEndToEndITCase::asSent).toList();
        assertThat(device.acknowledged).hasSize(80);
        JsonNode metrics = ingest.get(true, "/metrics").body();
        assertThat(metrics.at("/meters/kinesis.retried-records/count").asLong()).isPositive();
        assertThat(metrics.at("/meters/ingest.fixes.not-written/count").asLong()).isPositive();
        assertThat(onStream).containsAll(device.acknowledged);
        assertThat(new HashSet<>(onStream)).hasSameSizeAs(device.acknowledged);
        // the stream kept each rider's order where nothing was retried: the first 40 fixes
        assertThat(onStream.subList(0, 40))
                .containsExactlyElementsOf(new ArrayList<>(device.acknowledged).subList(0, 40));
    }
}
