package dev.breakaway.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.breakaway.contracts.identity.DeviceTokens;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.devstack.OidcServer;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.logging.common.FileAppenderFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OsmAnd protocol of Traccar Client through a running ingest-api: fixes on the stream with
 * speed and bearing, the acknowledgement rules, the credential kept out of the access log, and
 * revocation reaching an open WebSocket.
 */
class OsmAndITCase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static IngestHarness harness;
    private static Path accessLog;

    @BeforeAll
    static void start() throws Exception {
        accessLog = Files.createTempFile("ingest-access-", ".log");
        harness =
                new IngestHarness(
                        List.of("r1", "r2", "r3"),
                        config -> {
                            // a file access log with no format of its own, as an operator would
                            // configure one: the service gives it the safe line
                            FileAppenderFactory<ch.qos.logback.access.common.spi.IAccessEvent>
                                    file = new FileAppenderFactory<>();
                            file.setCurrentLogFilename(accessLog.toString());
                            file.setArchive(false);
                            LogbackAccessRequestLogFactory requestLog =
                                    new LogbackAccessRequestLogFactory();
                            requestLog.setAppenders(List.of(file));
                            DefaultServerFactory server =
                                    (DefaultServerFactory) config.getServerFactory();
                            server.setRequestLogFactory(requestLog);
                            config.setServerFactory(server);
                        });
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static HttpResponse<String> osmAnd(String method, String query) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/osmand?" + query));
        request =
                method.equals("POST")
                        ? request.POST(HttpRequest.BodyPublishers.noBody())
                        : request.GET();
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postJson(String body) throws Exception {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/osmand"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void traccarClientFixesReachTheStreamAndTheCredentialNeverTheLog() throws Exception {
        String token = harness.tokens.get("r1");
        Instant t =
                Instant.now().minusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        HttpResponse<String> get =
                osmAnd(
                        "GET",
                        "id="
                                + token
                                + "&timestamp="
                                + t.getEpochSecond()
                                + "&lat=47.1397&lon=4.95142&speed=20&bearing=271.5&altitude=245"
                                + "&accuracy=4&batt=77");
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        assertThat(get.body()).contains("\"accepted\":[0]");
        HttpResponse<String> post =
                osmAnd(
                        "POST",
                        "id="
                                + token
                                + "&timestamp="
                                + t.plusSeconds(1).toEpochMilli()
                                + "&lat=47.1398&lon=4.95150");
        assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
        // Traccar Client 9 and later: a JSON body, the credential as device_id, speed in m/s
        String json =
                "{\"location\": {\"timestamp\": \""
                        + t.plusSeconds(2)
                        + "\", \"coords\": {\"latitude\": 47.1399, \"longitude\": 4.95160,"
                        + " \"accuracy\": 3.5, \"speed\": 11.5, \"heading\": 270,"
                        + " \"altitude\": 246}, \"is_moving\": true, \"battery\": {\"level\":"
                        + " 0.77, \"is_charging\": false}}, \"device_id\": \""
                        + token
                        + "\"}";
        HttpResponse<String> fromJson = postJson(json);
        assertThat(fromJson.statusCode()).as(fromJson.body()).isEqualTo(200);
        assertThat(fromJson.body()).contains("\"accepted\":[0]");
        // the parameters in a form body
        HttpResponse<String> form =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()
                        .send(
                                HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/osmand"))
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .POST(
                                                HttpRequest.BodyPublishers.ofString(
                                                        "id="
                                                                + token
                                                                + "&timestamp="
                                                                + t.plusSeconds(3).getEpochSecond()
                                                                + "&lat=47.1400&lon=4.95170"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
        HttpResponse<String> notALocation = postJson("{\"device_id\": \"" + token + "\"}");
        assertThat(notALocation.statusCode()).isEqualTo(400);
        assertThat(notALocation.body()).contains("MALFORMED_JSON").contains("no location");

        List<GpsFix> onStream =
                await().atMost(Duration.ofSeconds(20))
                        .until(
                                () ->
                                        harness.fixesOnStream().stream()
                                                .filter(f -> f.riderId().equals("r1"))
                                                .toList(),
                                f -> f.size() == 4);
        assertThat(onStream)
                .filteredOn(f -> f.timestamp().equals(t.plusSeconds(2)))
                .singleElement()
                .satisfies(f -> assertThat(f.speedMps()).isEqualTo(11.5));
        GpsFix first =
                onStream.stream().filter(f -> f.timestamp().equals(t)).findFirst().orElseThrow();
        assertThat(first.raceId()).isEqualTo(IngestHarness.RACE);
        assertThat(first.speedMps()).isCloseTo(20 * 1852.0 / 3600, within(1e-6));
        assertThat(first.bearingDeg()).isEqualTo(271.5);
        assertThat(first.elevationMeters()).isEqualTo(245.0);
        assertThat(first.accuracyMeters()).isEqualTo(4.0);

        // the access log has the requests, never the credential
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(accessLog).contains("/v1/osmand"));
        String log = Files.readString(accessLog);
        assertThat(log).contains("GET /v1/osmand").contains("POST /v1/osmand");
        assertThat(log).doesNotContain(token).doesNotContain("id=");
    }

    @Test
    void aFixRefusedForGoodIsAcknowledgedSoTheAppMovesOnAndBadCredentialsAre401() throws Exception {
        String token = harness.tokens.get("r2");
        // latitude out of range: refused for good, answered 200 with the reason
        HttpResponse<String> bad =
                osmAnd(
                        "GET",
                        "id="
                                + token
                                + "&timestamp="
                                + Instant.now().getEpochSecond()
                                + "&lat=123&lon=4");
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("LAT_OUT_OF_RANGE").contains("\"accepted\":[]");
        // no id, an unknown id
        assertThat(osmAnd("GET", "lat=1&lon=1&timestamp=1").statusCode()).isEqualTo(401);
        HttpResponse<String> unknown =
                osmAnd("GET", "id=" + DeviceTokens.newToken() + "&lat=1&lon=1&timestamp=1");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("INVALID_TOKEN");
    }

    @Test
    void aRevocationClosesTheDevicesOpenWebSocket() throws Exception {
        String token = harness.tokens.get("r3");
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket =
                HTTP.newWebSocketBuilder()
                        .header("Authorization", "Bearer " + token)
                        .buildAsync(
                                URI.create(
                                        harness.baseUrl().replace("http", "ws")
                                                + "/v1/races/"
                                                + IngestHarness.RACE
                                                + "/stream"),
                                new WebSocket.Listener() {
                                    @Override
                                    public CompletionStage<?> onClose(
                                            WebSocket webSocket, int statusCode, String reason) {
                                        closed.complete(statusCode);
                                        return null;
                                    }
                                })
                        .get();
        assertThat(closed).isNotDone();

        // the device sends nothing more: the server closes the socket all the same
        HttpResponse<String> revoke =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                harness.adminUrl()
                                                        + "/tasks/revoke-device-token?tokenSha256="
                                                        + DeviceTokens.hash(token)))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(revoke.body()).contains("revoked");

        assertThat(closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1008);
        socket.abort();
    }

    @Test
    void aUsersSignInTokenIsNoDeviceCredentialWhateverItsRole() throws Exception {
        try (OidcServer issuer = OidcServer.start(0)) {
            for (String group : List.of("admin", "official", "analyst", "rider")) {
                String token = issuer.token("u-" + group, List.of(group));
                IngestHarness.Reply json =
                        harness.post(
                                "Bearer " + token,
                                IngestHarness.RACE,
                                IngestHarness.batch(
                                        List.of(
                                                new GpsFix(
                                                        IngestHarness.RACE,
                                                        "r1",
                                                        Instant.now(),
                                                        47.1,
                                                        4.9,
                                                        null,
                                                        null,
                                                        null,
                                                        false,
                                                        null,
                                                        null))),
                                false);
                assertThat(json.status()).as(group).isEqualTo(401);
                assertThat(json.reason()).isEqualTo("INVALID_TOKEN");
                assertThat(
                                osmAnd("GET", "id=" + token + "&lat=47.1&lon=4.9&timestamp=1")
                                        .statusCode())
                        .as(group)
                        .isEqualTo(401);
            }
        }
    }
}
