package dev.breakaway.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.GpsFix;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FixValidatorTest {

    private static final Instant NOW = Instant.parse("2024-07-05T12:00:00Z");
    private static final RaceWindow WINDOW =
            new RaceWindow("tdf-7", NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(8)));
    private static final FixValidator VALIDATOR = new FixValidator(IngestLimits.defaults());

    private static FixValidator.Checked check(String json) {
        JsonNode node = Json.fromBytes(json.getBytes(), JsonNode.class);
        return VALIDATOR.check(3, node, "tdf-7", "r42", WINDOW, NOW);
    }

    static Stream<Arguments> badFixes() {
        return Stream.of(
                Arguments.of("[1, 2]", RejectReason.NOT_AN_OBJECT),
                Arguments.of("{\"lat\": 47.1, \"lon\": 5.2}", RejectReason.MISSING_FIELD),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lon\": 5.2}",
                        RejectReason.MISSING_FIELD),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": null, \"lon\": 5.2}",
                        RejectReason.MISSING_FIELD),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": \"47.1\", \"lon\": 5.2}",
                        RejectReason.MALFORMED_NUMBER),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": 47.1, \"lon\": true}",
                        RejectReason.MALFORMED_NUMBER),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": 1e999, \"lon\": 5.2}",
                        RejectReason.MALFORMED_NUMBER),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": 47.1, \"lon\": 5.2,"
                                + " \"accuracyMeters\": \"good\"}",
                        RejectReason.MALFORMED_NUMBER),
                Arguments.of(
                        "{\"ts\": 1720180740000, \"lat\": 47.1, \"lon\": 5.2}",
                        RejectReason.MALFORMED_TIMESTAMP),
                Arguments.of(
                        "{\"ts\": \"yesterday\", \"lat\": 47.1, \"lon\": 5.2}",
                        RejectReason.MALFORMED_TIMESTAMP),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": 91, \"lon\": 5.2}",
                        RejectReason.LAT_OUT_OF_RANGE),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": 47.1, \"lon\": -180.5}",
                        RejectReason.LON_OUT_OF_RANGE),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": 47.1, \"lon\": 5.2,"
                                + " \"accuracyMeters\": -1}",
                        RejectReason.ACCURACY_OUT_OF_RANGE),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": 47.1, \"lon\": 5.2,"
                                + " \"ele\": 12000}",
                        RejectReason.ELEVATION_OUT_OF_RANGE),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": 47.1, \"lon\": 5.2,"
                                + " \"speedMps\": -0.5}",
                        RejectReason.SPEED_OUT_OF_RANGE),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": 47.1, \"lon\": 5.2,"
                                + " \"speedMps\": 120}",
                        RejectReason.SPEED_OUT_OF_RANGE),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": 47.1, \"lon\": 5.2,"
                                + " \"bearingDeg\": 361}",
                        RejectReason.BEARING_OUT_OF_RANGE),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": 47.1, \"lon\": 5.2,"
                                + " \"bearingDeg\": \"north\"}",
                        RejectReason.MALFORMED_NUMBER),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T12:05:00Z\", \"lat\": 47.1, \"lon\": 5.2}",
                        RejectReason.TIMESTAMP_IN_FUTURE),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T08:00:00Z\", \"lat\": 47.1, \"lon\": 5.2}",
                        RejectReason.TIMESTAMP_BEFORE_RACE),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": 47.1, \"lon\": 5.2,"
                                + " \"riderId\": \"r7\"}",
                        RejectReason.WRONG_RIDER),
                Arguments.of(
                        "{\"ts\": \"2024-07-05T11:59:00Z\", \"lat\": 47.1, \"lon\": 5.2,"
                                + " \"raceId\": \"giro-1\"}",
                        RejectReason.WRONG_RIDER));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("badFixes")
    void eachBadFixIsRejectedWithItsReasonAndIndex(String json, RejectReason reason) {
        FixValidator.Checked checked = check(json);

        assertThat(checked.fix()).isNull();
        assertThat(checked.rejection().reason()).isEqualTo(reason);
        assertThat(checked.rejection().index()).isEqualTo(3);
        assertThat(checked.rejection().message()).isNotBlank();
    }

    @Test
    void aValidFixIsBoundToTheTokensRiderAndStampedWhenReceived() {
        FixValidator.Checked checked =
                check(
                        "{\"ts\": \"2024-07-05T11:59:58.250Z\", \"lat\": 47.1, \"lon\": 5.2,"
                                + " \"ele\": 312.5, \"accuracyMeters\": 4, \"riderId\": \"r42\"}");

        assertThat(checked.rejection()).isNull();
        assertThat(checked.fix())
                .isEqualTo(
                        new GpsFix(
                                "tdf-7",
                                "r42",
                                Instant.parse("2024-07-05T11:59:58.250Z"),
                                47.1,
                                5.2,
                                312.5,
                                4.0,
                                NOW,
                                false));
    }

    @Test
    void aFixWithinTheClockToleranceAheadIsTaken() {
        assertThat(check("{\"ts\": \"2024-07-05T12:00:20Z\", \"lat\": 47.1, \"lon\": 5.2}").fix())
                .isNotNull();
    }

    @Test
    void fixesOlderThanLateAfterAreMarkedLateButTaken() {
        GpsFix hoursOld =
                check("{\"ts\": \"2024-07-05T10:30:00Z\", \"lat\": 47.1, \"lon\": 5.2}").fix();
        GpsFix fresh =
                check("{\"ts\": \"2024-07-05T11:59:30Z\", \"lat\": 47.1, \"lon\": 5.2}").fix();

        assertThat(hoursOld.late()).isTrue();
        assertThat(fresh.late()).isFalse();
        assertThat(Json.toString(hoursOld)).contains("\"late\":true");
        assertThat(Json.toString(fresh)).doesNotContain("late");
    }

    @Test
    void theDevicesOwnSpeedAndBearingTravelWithTheFix() {
        GpsFix fix =
                check(
                                "{\"ts\": \"2024-07-05T11:59:58Z\", \"lat\": 47.1, \"lon\": 5.2,"
                                        + " \"speedMps\": 11.4, \"bearingDeg\": 360}")
                        .fix();

        assertThat(fix.speedMps()).isEqualTo(11.4);
        assertThat(fix.bearingDeg()).isZero(); // 360 is north, as 0
        GpsFix onTheStream = Json.fromString(Json.toString(fix), GpsFix.class);
        assertThat(onTheStream).isEqualTo(fix);
        assertThat(
                        Json.toString(
                                check(
                                                "{\"ts\": \"2024-07-05T11:59:58Z\", \"lat\": 47.1,"
                                                        + " \"lon\": 5.2}")
                                        .fix()))
                .doesNotContain("speedMps")
                .doesNotContain("bearingDeg");
    }
}
