package dev.breakaway.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakaway.contracts.identity.DeviceTokens;
import dev.breakaway.ingest.IngestConfiguration;
import dev.breakaway.ingest.core.RejectReason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request, through the real service: each gets its status and machine-readable
 * reason, and nothing of any of them reaches the stream (checked last, on the emulator).
 */
class BadInputITCase {

    private static final String OTHER_RACE = "giro-2024-01";
    private static final String FINISHED_RACE = "tdf-2023-21";
    private static final String REVOKED = DeviceTokens.newToken();
    private static final String OTHER_RACE_TOKEN = DeviceTokens.newToken();
    private static final String FINISHED_RACE_TOKEN = DeviceTokens.newToken();
    private static IngestHarness ingest;

    @BeforeAll
    static void start() {
        ingest =
                new IngestHarness(
                        List.of("r1", "r2", "r3", "r4", "r5", "r6", "r7"),
                        config -> {
                            config.getLimits().setMaxFixesPerBatch(50);
                            config.getLimits()
                                    .setMaxBodySize(io.dropwizard.util.DataSize.kibibytes(16));
                            config.getLimits().setRequestBurst(8);
                            config.getLimits().setRequestsPerSecond(0.01);
                            List<IngestConfiguration.Race> races =
                                    new ArrayList<>(config.getRaces());
                            races.add(race(OTHER_RACE, 3600, 3600));
                            races.add(race(FINISHED_RACE, 90_000, -60));
                            config.setRaces(races);
                            List<IngestConfiguration.Device> devices =
                                    new ArrayList<>(config.getDevices());
                            devices.add(
                                    IngestHarness.device(REVOKED, IngestHarness.RACE, "r9", true));
                            devices.add(
                                    IngestHarness.device(
                                            OTHER_RACE_TOKEN, OTHER_RACE, "r1", false));
                            devices.add(
                                    IngestHarness.device(
                                            FINISHED_RACE_TOKEN, FINISHED_RACE, "r1", false));
                            config.setDevices(devices);
                        });
    }

    /** Last: none of the requests above was accepted, so the stream must hold nothing. */
    @AfterAll
    static void nothingOfAnyBadRequestReachedTheStream() {
        try {
            assertThat(ingest.fixesOnStream()).isEmpty();
        } finally {
            ingest.close();
        }
    }

    private static IngestConfiguration.Race race(String id, long startedAgo, long endsIn) {
        IngestConfiguration.Race race = new IngestConfiguration.Race();
        race.setRaceId(id);
        race.setAcceptFixesFrom(Instant.now().minusSeconds(startedAgo));
        race.setAcceptFixesUntil(Instant.now().plusSeconds(endsIn));
        return race;
    }

    private static String fix(String fields) {
        return "{\"fixes\": [{" + fields + "}]}";
    }

    private static String ts(long secondsAgo) {
        return "\"ts\": \"" + Instant.now().minusSeconds(secondsAgo) + "\"";
    }

    private static final String GOOD = fix(ts(5) + ", \"lat\": 47.1, \"lon\": 5.2");

    /** One row: who sends what, where, and the status and reason expected. */
    static Stream<Arguments> badRequests() {
        StringBuilder many = new StringBuilder("{\"fixes\": [");
        for (int i = 0; i < 51; i++) {
            many.append(i == 0 ? "" : ",").append("{" + ts(5) + ", \"lat\": 1, \"lon\": 1}");
        }
        many.append("]}");
        String huge =
                "{\"fixes\": [{"
                        + ts(5)
                        + ", \"lat\": 1, \"lon\": 1, \"pad\": \""
                        + "x".repeat(20_000)
                        + "\"}]}";
        return Stream.of(
                row("r1", null, IngestHarness.RACE, GOOD, 401, RejectReason.MISSING_TOKEN),
                row(
                        "r1",
                        "Bearer not-a-token",
                        IngestHarness.RACE,
                        GOOD,
                        401,
                        RejectReason.INVALID_TOKEN),
                row(
                        "r1",
                        "Bearer " + REVOKED,
                        IngestHarness.RACE,
                        GOOD,
                        401,
                        RejectReason.REVOKED_TOKEN),
                row(
                        "r1",
                        "Bearer " + OTHER_RACE_TOKEN,
                        IngestHarness.RACE,
                        GOOD,
                        403,
                        RejectReason.TOKEN_NOT_FOR_RACE),
                row("r1", "r1", OTHER_RACE, GOOD, 403, RejectReason.TOKEN_NOT_FOR_RACE),
                row("r1", "r1", "no-such-race", GOOD, 404, RejectReason.UNKNOWN_RACE),
                row(
                        "r1",
                        "Bearer " + FINISHED_RACE_TOKEN,
                        FINISHED_RACE,
                        GOOD,
                        409,
                        RejectReason.RACE_NOT_LIVE),
                row(
                        "r2",
                        "r2",
                        IngestHarness.RACE,
                        "{\"fixes\": [",
                        400,
                        RejectReason.MALFORMED_JSON),
                row("r2", "r2", IngestHarness.RACE, "{\"fixes\": []}", 400, RejectReason.NO_FIXES),
                row(
                        "r2",
                        "r2",
                        IngestHarness.RACE,
                        many.toString(),
                        413,
                        RejectReason.TOO_MANY_FIXES),
                row("r2", "r2", IngestHarness.RACE, huge, 413, RejectReason.BODY_TOO_LARGE),
                row(
                        "r3",
                        "r3",
                        IngestHarness.RACE,
                        fix(ts(5) + ", \"lat\": 91, \"lon\": 5"),
                        422,
                        RejectReason.LAT_OUT_OF_RANGE),
                row(
                        "r3",
                        "r3",
                        IngestHarness.RACE,
                        fix(ts(5) + ", \"lat\": 47, \"lon\": 181"),
                        422,
                        RejectReason.LON_OUT_OF_RANGE),
                row(
                        "r3",
                        "r3",
                        IngestHarness.RACE,
                        fix(ts(5) + ", \"lat\": \"47,1\", \"lon\": 5"),
                        422,
                        RejectReason.MALFORMED_NUMBER),
                row(
                        "r3",
                        "r3",
                        IngestHarness.RACE,
                        fix("\"ts\": \"5 July\", \"lat\": 47, \"lon\": 5"),
                        422,
                        RejectReason.MALFORMED_TIMESTAMP),
                row(
                        "r3",
                        "r3",
                        IngestHarness.RACE,
                        fix(ts(-3600) + ", \"lat\": 47, \"lon\": 5"),
                        422,
                        RejectReason.TIMESTAMP_IN_FUTURE),
                row(
                        "r4",
                        "r4",
                        IngestHarness.RACE,
                        fix(ts(8 * 3600) + ", \"lat\": 47, \"lon\": 5"),
                        422,
                        RejectReason.TIMESTAMP_BEFORE_RACE),
                row(
                        "r4",
                        "r4",
                        IngestHarness.RACE,
                        fix(ts(5) + ", \"lat\": 47, \"lon\": 5, \"riderId\": \"r1\""),
                        422,
                        RejectReason.WRONG_RIDER),
                row(
                        "r4",
                        "r4",
                        IngestHarness.RACE,
                        fix(ts(5) + ", \"lat\": 47, \"lon\": 5, \"accuracyMeters\": -3"),
                        422,
                        RejectReason.ACCURACY_OUT_OF_RANGE),
                row(
                        "r4",
                        "r4",
                        IngestHarness.RACE,
                        fix(ts(5) + ", \"lat\": 47, \"lon\": 5, \"ele\": 20000"),
                        422,
                        RejectReason.ELEVATION_OUT_OF_RANGE),
                row(
                        "r4",
                        "r4",
                        IngestHarness.RACE,
                        "{\"fixes\": [42]}",
                        422,
                        RejectReason.NOT_AN_OBJECT),
                row(
                        "r5",
                        "r5",
                        IngestHarness.RACE,
                        fix("\"lat\": 47, \"lon\": 5"),
                        422,
                        RejectReason.MISSING_FIELD));
    }

    private static Arguments row(
            String rider, String auth, String race, String body, int status, RejectReason reason) {
        return Arguments.of(reason, rider, auth, race, body, status);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void eachBadRequestGetsItsStatusAndReason(
            RejectReason reason, String rider, String auth, String race, String body, int status) {
        String header =
                auth == null
                        ? null
                        : auth.startsWith("Bearer ") ? auth : "Bearer " + ingest.tokens.get(auth);

        IngestHarness.Reply reply =
                ingest.post(header, race, body.getBytes(StandardCharsets.UTF_8), false);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        if (reason.perFix()) {
            assertThat(reply.body().get("accepted")).isEmpty();
            assertThat(reply.body().get("rejected").get(0).get("reason").asText())
                    .isEqualTo(reason.name());
            assertThat(reply.body().get("rejected").get(0).get("message").asText()).isNotBlank();
        } else {
            assertThat(reply.reason()).isEqualTo(reason.name());
            assertThat(reply.body().get("message").asText()).isNotBlank();
        }
    }

    @Test
    void aGzipBodyThatIsNotGzipIs415() {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        ingest.baseUrl()
                                                + "/v1/races/"
                                                + IngestHarness.RACE
                                                + "/fixes"))
                        .header("Authorization", "Bearer " + ingest.tokens.get("r5"))
                        .header("Content-Encoding", "br")
                        .POST(HttpRequest.BodyPublishers.ofString(GOOD))
                        .build();

        IngestHarness.Reply reply = ingest.send(request);

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.reason()).isEqualTo(RejectReason.UNSUPPORTED_ENCODING.name());
    }

    @Test
    void aDeviceThatSendsTooOftenIsToldToWait() {
        // burst 8, then one request per 100 s: the ninth request in a row is refused
        List<IngestHarness.Reply> replies = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            replies.add(
                    ingest.post(
                            "Bearer " + ingest.tokens.get("r7"),
                            IngestHarness.RACE,
                            "{\"fixes\": []}".getBytes(),
                            false));
        }

        assertThat(replies.subList(0, 8)).allSatisfy(r -> assertThat(r.status()).isEqualTo(400));
        assertThat(replies.get(8).status()).isEqualTo(429);
        assertThat(replies.get(8).reason()).isEqualTo(RejectReason.RATE_LIMITED.name());
        assertThat(Integer.parseInt(replies.get(8).retryAfter())).isPositive();
    }

    @Test
    void aTokenRevokedOnTheAdminPortIsRefusedAtOnce() {
        String token = ingest.tokens.get("r6");
        String hash = DeviceTokens.hash(token);
        IngestHarness.Reply revoke =
                ingest.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                ingest.adminUrl()
                                                        + "/tasks/revoke-device-token?tokenSha256="
                                                        + hash))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build());

        IngestHarness.Reply reply =
                ingest.post("Bearer " + token, IngestHarness.RACE, GOOD.getBytes(), false);

        assertThat(revoke.status()).isEqualTo(200);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.reason()).isEqualTo(RejectReason.REVOKED_TOKEN.name());
    }

    @Test
    void aWebSocketWithABadTokenIsRefusedAtTheUpgrade() {
        URI uri =
                URI.create(
                        ingest.baseUrl().replace("http", "ws")
                                + "/v1/races/"
                                + IngestHarness.RACE
                                + "/stream");

        assertThatThrownBy(
                        () ->
                                HttpClient.newHttpClient()
                                        .newWebSocketBuilder()
                                        .header("Authorization", "Bearer " + REVOKED)
                                        .buildAsync(uri, new WebSocket.Listener() {})
                                        .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }
}
