package dev.breakaway.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.contracts.identity.DeviceTokens;
import dev.breakaway.core.model.GpsFix;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class IngestServiceTest {

    private static final Instant NOW = Instant.parse("2024-07-05T12:00:00Z");
    private static final String TOKEN = DeviceTokens.newToken();
    private static final String OTHER_RACE_TOKEN = DeviceTokens.newToken();
    private static final String REVOKED_TOKEN = DeviceTokens.newToken();
    private static final String FINISHED_RACE_TOKEN = DeviceTokens.newToken();

    private final FakePublisher publisher = new FakePublisher();
    private final long[] nanos = {0};

    private final DeviceRegistry devices =
            new DeviceRegistry(
                    List.of(
                            new DeviceGrant(DeviceTokens.hash(TOKEN), "tdf-7", "r1", false),
                            new DeviceGrant(
                                    DeviceTokens.hash(OTHER_RACE_TOKEN), "tdf-8", "r1", false),
                            new DeviceGrant(DeviceTokens.hash(REVOKED_TOKEN), "tdf-7", "r2", true),
                            new DeviceGrant(
                                    DeviceTokens.hash(FINISHED_RACE_TOKEN), "tdf-1", "r3", false)),
                    java.util.Map.of(
                            "tdf-7",
                            new RaceWindow("tdf-7", NOW.minusSeconds(3600), NOW.plusSeconds(3600)),
                            "tdf-8",
                            new RaceWindow("tdf-8", NOW.minusSeconds(3600), NOW.plusSeconds(3600)),
                            "tdf-1",
                            new RaceWindow(
                                    "tdf-1", NOW.minusSeconds(90_000), NOW.minusSeconds(1))));

    private IngestService service(FakePublisher publisher, IngestLimits limits) {
        return new IngestService(
                devices,
                new RateLimiter(1, 2, () -> nanos[0]),
                limits,
                publisher,
                Duration.ofMillis(200),
                Clock.fixed(NOW, ZoneOffset.UTC),
                IngestService.Listener.NONE);
    }

    private IngestService service() {
        return service(publisher, IngestLimits.defaults());
    }

    private static String fix(int second) {
        return "{\"ts\": \"2024-07-05T11:59:" + (10 + second) + "Z\", \"lat\": 47.1, \"lon\": 5.2}";
    }

    private static byte[] batch(String... fixes) {
        return ("{\"fixes\": [" + String.join(",", fixes) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private RejectReason refusalOf(String header, String raceId) {
        IngestService.Authorization auth = service().authorize(header, raceId);
        return auth instanceof IngestService.Refused refused ? refused.refusal().reason() : null;
    }

    @Test
    void tokensAreCheckedAgainstTheRaceOfTheRequest() {
        assertThat(refusalOf(null, "tdf-7")).isEqualTo(RejectReason.MISSING_TOKEN);
        assertThat(refusalOf("Token " + TOKEN, "tdf-7")).isEqualTo(RejectReason.MISSING_TOKEN);
        assertThat(refusalOf("Bearer " + TOKEN + "x", "tdf-7"))
                .isEqualTo(RejectReason.INVALID_TOKEN);
        assertThat(refusalOf("Bearer " + REVOKED_TOKEN, "tdf-7"))
                .isEqualTo(RejectReason.REVOKED_TOKEN);
        assertThat(refusalOf("Bearer " + OTHER_RACE_TOKEN, "tdf-7"))
                .isEqualTo(RejectReason.TOKEN_NOT_FOR_RACE);
        assertThat(refusalOf("Bearer " + TOKEN, "nope")).isEqualTo(RejectReason.UNKNOWN_RACE);
        assertThat(refusalOf("Bearer " + TOKEN, "tdf-7")).isNull();
    }

    @Test
    void aRaceOutsideItsWindowIsNotLive() {
        assertThat(refusalOf("Bearer " + FINISHED_RACE_TOKEN, "tdf-1"))
                .isEqualTo(RejectReason.RACE_NOT_LIVE);
    }

    @Test
    void eachDeviceIsRateLimitedAndToldWhenToComeBack() {
        IngestService service = service();
        IngestService.Authorized device =
                (IngestService.Authorized) service.authorize("Bearer " + TOKEN, "tdf-7");

        assertThat(service.admit(device)).isNull();
        assertThat(service.admit(device)).isNull();
        IngestRefusal third = service.admit(device);
        nanos[0] = 1_000_000_000L;

        assertThat(third.reason()).isEqualTo(RejectReason.RATE_LIMITED);
        assertThat(third.retryAfterSeconds()).isEqualTo(1);
        assertThat(service.admit(device)).isNull();
    }

    @Test
    void aRevokedTokenIsRefusedOnItsNextRequest() {
        IngestService service = service();
        IngestService.Authorized connected =
                (IngestService.Authorized) service.authorize("Bearer " + TOKEN, "tdf-7");

        devices.revoke(DeviceTokens.hash(TOKEN));

        assertThat(service.admit(connected).reason()).isEqualTo(RejectReason.REVOKED_TOKEN);
    }

    @Test
    void bodiesAreBoundedAsSentAndOnceInflated() throws IOException {
        IngestLimits small =
                new IngestLimits(3, 400, 1_000, Duration.ofSeconds(30), Duration.ofMinutes(1));
        IngestService service = service(publisher, small);
        byte[] big = batch(fix(1), fix(2), fix(3), fix(4), fix(5), fix(6), fix(7), fix(8));
        byte[] bomb = gzip(("{\"fixes\": [" + " ".repeat(5_000) + fix(1) + "]}").getBytes());

        assertThat(reasonOf(service.read(new ByteArrayInputStream(big), false, big.length)))
                .isEqualTo(RejectReason.BODY_TOO_LARGE);
        assertThat(reasonOf(service.read(new ByteArrayInputStream(big), false, -1)))
                .isEqualTo(RejectReason.BODY_TOO_LARGE);
        assertThat(bomb.length).isLessThan(400);
        assertThat(reasonOf(service.read(new ByteArrayInputStream(bomb), true, bomb.length)))
                .isEqualTo(RejectReason.BODY_TOO_LARGE);
        byte[] four = batch(fix(1), fix(2), fix(3), fix(4));
        assertThat(reasonOf(service.read(new ByteArrayInputStream(gzip(four)), true, -1)))
                .isEqualTo(RejectReason.TOO_MANY_FIXES);
        byte[] three = batch(fix(1), fix(2), fix(3));
        assertThat(service.read(new ByteArrayInputStream(gzip(three)), true, -1).fixes())
                .hasSize(3);
    }

    @Test
    void bodiesThatAreNotBatchesAreRefusedWithTheirReason() {
        IngestService service = service();

        assertThat(reasonOf(service.parse("{\"fixes\": [".getBytes())))
                .isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(reasonOf(service.parse("[]".getBytes()))).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(reasonOf(service.parse("{\"fixes\": {}}".getBytes())))
                .isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(reasonOf(service.parse("{\"fixes\": []}".getBytes())))
                .isEqualTo(RejectReason.NO_FIXES);
        assertThat(reasonOf(service.read(new ByteArrayInputStream("plain".getBytes()), true, -1)))
                .isEqualTo(RejectReason.UNSUPPORTED_ENCODING);
    }

    @Test
    void oneBadFixDoesNotRejectItsBatchAndOnlyValidFixesAreWritten() {
        IngestService service = service();
        IngestService.Authorized device =
                (IngestService.Authorized) service.authorize("Bearer " + TOKEN, "tdf-7");
        byte[] body =
                batch(
                        fix(1),
                        "{\"ts\": \"2024-07-05T11:59:12Z\", \"lat\": 95, \"lon\": 5}",
                        fix(3));

        BatchResult result = service.submit(device, service.parse(body).fixes()).join();

        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.accepted()).containsExactly(0, 2);
        assertThat(result.rejected())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.index()).isEqualTo(1);
                            assertThat(r.reason()).isEqualTo(RejectReason.LAT_OUT_OF_RANGE);
                        });
        assertThat(result.notWritten()).isEmpty();
        assertThat(publisher.confirmed)
                .allSatisfy(r -> assertThat(r.partitionKey()).isEqualTo("tdf-7/r1"));
        assertThat(publisher.confirmedFixes())
                .extracting(GpsFix::timestamp)
                .containsExactly(
                        Instant.parse("2024-07-05T11:59:11Z"),
                        Instant.parse("2024-07-05T11:59:13Z"));
        assertThat(publisher.confirmedFixes())
                .allSatisfy(
                        f -> {
                            assertThat(f.riderId()).isEqualTo("r1");
                            assertThat(f.receivedAt()).isEqualTo(NOW);
                        });
    }

    @Test
    void aBatchWithNoValidFixIs422() {
        IngestService service = service();
        IngestService.Authorized device =
                (IngestService.Authorized) service.authorize("Bearer " + TOKEN, "tdf-7");

        BatchResult result =
                service.submit(device, service.parse(batch("{\"lat\": 1}")).fixes()).join();

        assertThat(result.httpStatus()).isEqualTo(422);
        assertThat(publisher.futures).isEmpty();
    }

    @Test
    void whatTheStreamDidNotConfirmIsNotAcknowledged() {
        FakePublisher partial = new FakePublisher().failing(n -> n != 1);
        IngestService service = service(partial, IngestLimits.defaults());
        IngestService.Authorized device =
                (IngestService.Authorized) service.authorize("Bearer " + TOKEN, "tdf-7");

        BatchResult result =
                service.submit(device, service.parse(batch(fix(1), fix(2), fix(3))).fixes()).join();

        assertThat(result.httpStatus()).isEqualTo(503);
        assertThat(result.accepted()).containsExactly(0, 2);
        assertThat(result.notWritten()).containsExactly(1);
        assertThat(result.retryAfterSeconds()).isEqualTo(7);
    }

    @Test
    void fixesNotConfirmedWithinTheAckTimeoutAreReportedAndAbandoned() {
        FakePublisher stuck = new FakePublisher().hold();
        IngestService service = service(stuck, IngestLimits.defaults());
        IngestService.Authorized device =
                (IngestService.Authorized) service.authorize("Bearer " + TOKEN, "tdf-7");

        BatchResult result =
                service.submit(device, service.parse(batch(fix(1), fix(2))).fixes()).join();

        assertThat(result.httpStatus()).isEqualTo(503);
        assertThat(result.accepted()).isEmpty();
        assertThat(result.notWritten()).containsExactly(0, 1);
        assertThat(stuck.futures).allSatisfy(f -> assertThat(f).isCancelled());
    }

    private static RejectReason reasonOf(IngestService.ParsedBody parsed) {
        return parsed.refusal() == null ? null : parsed.refusal().reason();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
