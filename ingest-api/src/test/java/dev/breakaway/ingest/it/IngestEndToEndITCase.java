package dev.breakaway.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.devstack.KinesisStreams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Phones to Kinesis for real: HTTP batches (plain and gzip) and a WebSocket stream go in through
 * ingest-api on loopback; the same fixes come back out of the emulator's {@code gps-fixes} stream,
 * each rider's in the order sent, under the rider's partition key.
 */
class IngestEndToEndITCase {

    private static final Instant T0 = Instant.now().minusSeconds(600);
    private static IngestHarness ingest;

    @BeforeAll
    static void start() {
        ingest = new IngestHarness(List.of("r1", "r2", "r3", "r4"), config -> {});
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    /** A rider's fixes along a line near Nuits-Saint-Georges, one a second. */
    private static List<GpsFix> ride(String rider, int from, int count) {
        List<GpsFix> fixes = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            fixes.add(
                    new GpsFix(
                            IngestHarness.RACE,
                            rider,
                            T0.plusSeconds(i),
                            47.137 + i * 1e-4,
                            4.949 + rider.hashCode() % 7 * 1e-3,
                            250.0 + i,
                            4.0,
                            null,
                            false));
        }
        return fixes;
    }

    @Test
    void httpBatchesAndAWebSocketStreamReachTheStreamInOrderPerRider() throws Exception {
        List<GpsFix> r1 = ride("r1", 0, 60);
        List<GpsFix> r2 = ride("r2", 0, 40);
        List<GpsFix> r3 = ride("r3", 0, 50);

        for (int b = 0; b < 3; b++) {
            IngestHarness.Reply reply = ingest.postFixes("r1", r1.subList(b * 20, b * 20 + 20));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(reply.body().get("accepted")).hasSize(20);
        }
        for (int b = 0; b < 2; b++) {
            byte[] body = IngestHarness.batch(r2.subList(b * 20, b * 20 + 20));
            IngestHarness.Reply reply =
                    ingest.post(
                            "Bearer " + ingest.tokens.get("r2"), IngestHarness.RACE, body, true);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        }
        List<JsonNode> replies = streamOverWebSocket("r3", r3, 10);

        assertThat(replies).hasSize(5);
        for (int m = 0; m < 5; m++) {
            assertThat(replies.get(m).get("id").asInt()).isEqualTo(m);
            assertThat(replies.get(m).get("status").asInt()).isEqualTo(200);
            assertThat(replies.get(m).get("accepted")).hasSize(10);
        }

        List<Record> records;
        try (KinesisClient client = ingest.emulator.client()) {
            records = KinesisStreams.readAll(client, IngestHarness.STREAM);
        }
        Map<String, List<GpsFix>> byRider =
                records.stream()
                        .map(r -> Json.fromBytes(r.data().asByteArray(), GpsFix.class))
                        .collect(Collectors.groupingBy(GpsFix::riderId));
        assertThat(records)
                .allSatisfy(
                        r -> {
                            GpsFix fix = Json.fromBytes(r.data().asByteArray(), GpsFix.class);
                            assertThat(r.partitionKey())
                                    .isEqualTo(
                                            PartitionKeys.rider(IngestHarness.RACE, fix.riderId()));
                        });
        assertSameFixesInOrder(byRider.get("r1"), r1);
        assertSameFixesInOrder(byRider.get("r2"), r2);
        assertSameFixesInOrder(byRider.get("r3"), r3);
        assertThat(byRider.get("r1")).allSatisfy(f -> assertThat(f.receivedAt()).isNotNull());
    }

    @Test
    void theAdminPortReportsWhatWasAcceptedAndRejectedAndKinesisHealth() {
        IngestHarness.Reply before = ingest.get(true, "/metrics");
        long acceptedBefore = meterCount(before.body(), "ingest.fixes.accepted");
        String bad = "{\"fixes\": [{\"ts\": \"" + T0 + "\", \"lat\": 95, \"lon\": 1}]}";
        ingest.post("Bearer " + ingest.tokens.get("r4"), IngestHarness.RACE, bad.getBytes(), false);
        assertThat(ingest.postFixes("r4", ride("r4", 0, 5)).status()).isEqualTo(200);

        JsonNode metrics = ingest.get(true, "/metrics").body();
        IngestHarness.Reply health = ingest.get(true, "/healthcheck");

        assertThat(meterCount(metrics, "ingest.fixes.accepted")).isEqualTo(acceptedBefore + 5);
        assertThat(meterCount(metrics, "ingest.fixes.rejected.LAT_OUT_OF_RANGE")).isEqualTo(1);
        assertThat(metrics.at("/timers/kinesis.put-records/count").asLong()).isPositive();
        assertThat(metrics.at("/timers/kinesis.put-records/p99").asDouble()).isPositive();
        assertThat(metrics.at("/meters/kinesis.retried-records")).isNotNull();
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().at("/kinesis/healthy").asBoolean()).isTrue();
        assertThat(health.body().at("/kinesis/message").asText()).contains("ACTIVE");
    }

    @Test
    void theOpenApiDescriptionIsServed() {
        IngestHarness.Reply json = ingest.get(false, "/v1/openapi.json");

        assertThat(json.status()).isEqualTo(200);
        assertThat(json.body().at("/openapi").asText()).startsWith("3.");
        assertThat(json.body().at("/paths").has("/v1/races/{raceId}/fixes")).isTrue();
        assertThat(ingest.get(false, "/v1/openapi.yaml").status()).isEqualTo(200);
    }

    @Test
    void theRiderPageIsServed() {
        IngestHarness.Reply page = ingest.get(false, "/rider/");

        assertThat(page.status()).isEqualTo(200);
    }

    private static long meterCount(JsonNode metrics, String name) {
        return metrics.at("/meters/" + name.replace("/", "~1") + "/count").asLong();
    }

    /** Sent and read back: the same position and time, bound to the rider, in the same order. */
    static void assertSameFixesInOrder(List<GpsFix> onStream, List<GpsFix> sent) {
        assertThat(onStream).isNotNull();
        assertThat(onStream.stream().map(IngestEndToEndITCase::asSent).toList())
                .containsExactlyElementsOf(sent);
    }

    static GpsFix asSent(GpsFix f) {
        return new GpsFix(
                f.raceId(),
                f.riderId(),
                f.timestamp(),
                f.lat(),
                f.lon(),
                f.elevationMeters(),
                f.accuracyMeters(),
                null,
                false);
    }

    /**
     * Sends all the messages at once (the server reads the next only after replying to the previous
     * one) and collects the replies.
     */
    private static List<JsonNode> streamOverWebSocket(
            String rider, List<GpsFix> fixes, int perMessage) throws Exception {
        LinkedBlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
        WebSocket socket =
                HttpClient.newHttpClient()
                        .newWebSocketBuilder()
                        .header("Authorization", "Bearer " + ingest.tokens.get(rider))
                        .buildAsync(
                                URI.create(
                                        ingest.baseUrl().replace("http", "ws")
                                                + "/v1/races/"
                                                + IngestHarness.RACE
                                                + "/stream"),
                                new Collector(replies))
                        .get(10, TimeUnit.SECONDS);
        int messages = fixes.size() / perMessage;
        CompletableFuture<WebSocket> sent = CompletableFuture.completedFuture(socket);
        for (int m = 0; m < messages; m++) {
            String batch =
                    new String(
                            IngestHarness.batch(
                                    fixes.subList(m * perMessage, (m + 1) * perMessage)));
            String message = "{\"id\": " + m + ", " + batch.substring(1);
            sent = sent.thenCompose(ws -> ws.sendText(message, true));
        }
        sent.get(10, TimeUnit.SECONDS);
        List<JsonNode> received = new ArrayList<>();
        for (int m = 0; m < messages; m++) {
            JsonNode reply = replies.poll(30, TimeUnit.SECONDS);
            assertThat(reply).as("reply " + m).isNotNull();
            received.add(reply);
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        return received;
    }

    /** Collects the text messages of a socket as JSON. */
    static final class Collector implements WebSocket.Listener {
        private final LinkedBlockingQueue<JsonNode> replies;
        private final StringBuilder partial = new StringBuilder();

        Collector(LinkedBlockingQueue<JsonNode> replies) {
            this.replies = replies;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                replies.add(Json.fromBytes(partial.toString().getBytes(), JsonNode.class));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
