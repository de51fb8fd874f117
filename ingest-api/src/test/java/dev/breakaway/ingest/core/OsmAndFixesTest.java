package dev.breakaway.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OsmAndFixesTest {

    private static final Instant T = Instant.parse("2024-07-05T12:00:00Z");

    @Test
    void traccarClientsParametersBecomeTheJsonApisFix() {
        JsonNode fix =
                OsmAndFixes.toBatch(
                                Map.of(
                                        "id", "secret",
                                        "timestamp", String.valueOf(T.getEpochSecond()),
                                        "lat", "47.1",
                                        "lon", "4.9",
                                        "speed", "20",
                                        "bearing", "270.5",
                                        "altitude", "245",
                                        "accuracy", "4.5",
                                        "batt", "87"))
                        .get(0);

        assertThat(fix.get("ts").asText()).isEqualTo(T.toString());
        assertThat(fix.get("lat").asDouble()).isEqualTo(47.1);
        assertThat(fix.get("lon").asDouble()).isEqualTo(4.9);
        // 20 knots
        assertThat(fix.get("speedMps").asDouble()).isCloseTo(10.2889, within(1e-4));
        assertThat(fix.get("bearingDeg").asDouble()).isEqualTo(270.5);
        assertThat(fix.get("ele").asDouble()).isEqualTo(245);
        assertThat(fix.get("accuracyMeters").asDouble()).isEqualTo(4.5);
        // the credential and the battery are not fix fields
        assertThat(fix.has("id")).isFalse();
        assertThat(fix.toString()).doesNotContain("secret");
    }

    /** The body Traccar Client sends from version 9 on, speed in m/s, -1 for what it lacks. */
    @Test
    void traccarClientsJsonBodyBecomesTheJsonApisFixes() throws Exception {
        String body =
                """
                {"location": {"timestamp": "2024-07-05T12:00:00.250Z",
                  "coords": {"latitude": 47.1, "longitude": 4.9, "accuracy": 4.32,
                             "speed": 11.5, "heading": -1, "altitude": 245},
                  "is_moving": true, "odometer": 1200, "event": "motionchange",
                  "battery": {"level": 0.88, "is_charging": false},
                  "activity": {"type": "on_bicycle"}, "extras": {}},
                 "device_id": "secret"}
                """;
        OsmAndFixes.JsonBody parsed =
                OsmAndFixes.fromJson(dev.breakaway.contracts.json.Json.mapper().readTree(body));

        assertThat(parsed.deviceId()).isEqualTo("secret");
        assertThat(parsed.batch()).hasSize(1);
        JsonNode fix = parsed.batch().get(0);
        assertThat(fix.get("ts").asText()).isEqualTo(T.plusMillis(250).toString());
        assertThat(fix.get("lat").asDouble()).isEqualTo(47.1);
        assertThat(fix.get("lon").asDouble()).isEqualTo(4.9);
        assertThat(fix.get("speedMps").asDouble()).as("m/s as sent").isEqualTo(11.5);
        assertThat(fix.has("bearingDeg")).as("-1: not known").isFalse();
        assertThat(fix.get("ele").asDouble()).isEqualTo(245);
        assertThat(fix.get("accuracyMeters").asDouble()).isEqualTo(4.32);
        assertThat(fix.toString()).doesNotContain("secret");
        // the fields the validator takes, and none else
        FixValidator.Checked checked =
                new FixValidator(IngestLimits.defaults())
                        .check(
                                0,
                                fix,
                                "r",
                                "rider",
                                new RaceWindow("r", T.minusSeconds(60), T.plusSeconds(60)),
                                T.plusSeconds(1));
        assertThat(checked.rejection()).isNull();
        assertThat(checked.fix().speedMps()).isEqualTo(11.5);

        // a list of locations, and what is not that shape
        String two =
                "{\"device_id\": 42, \"location\": [{\"timestamp\": \"2024-07-05T12:00:00Z\","
                        + " \"coords\": {\"latitude\": 47, \"longitude\": 5}}, {\"timestamp\":"
                        + " \"2024-07-05T12:00:01Z\", \"coords\": {\"latitude\": 47, \"longitude\": 5}}]}";
        OsmAndFixes.JsonBody both =
                OsmAndFixes.fromJson(dev.breakaway.contracts.json.Json.mapper().readTree(two));
        assertThat(both.deviceId()).isEqualTo("42");
        assertThat(both.batch()).hasSize(2);
        for (String bad : List.of("[]", "{\"location\": {}}", "{\"device_id\": \"x\"}")) {
            assertThatThrownBy(
                            () ->
                                    OsmAndFixes.fromJson(
                                            dev.breakaway.contracts.json.Json.mapper()
                                                    .readTree(bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Other clients of the protocol name things their way: deviceid, heading, location=lat,lon. */
    @Test
    void theProtocolsOtherNamesAreRead() {
        Map<String, String> params =
                Map.of(
                        "deviceid",
                        "secret",
                        "timestamp",
                        String.valueOf(T.getEpochSecond()),
                        "location",
                        "47.1,4.9",
                        "heading",
                        "90");
        assertThat(OsmAndFixes.deviceId(params)).isEqualTo("secret");
        JsonNode fix = OsmAndFixes.toBatch(params).get(0);
        assertThat(fix.get("lat").asDouble()).isEqualTo(47.1);
        assertThat(fix.get("lon").asDouble()).isEqualTo(4.9);
        assertThat(fix.get("bearingDeg").asDouble()).isEqualTo(90);
    }

    @Test
    void timestampsInSecondsMillisecondsOrIso() {
        assertThat(OsmAndFixes.instant(String.valueOf(T.getEpochSecond()))).isEqualTo(T.toString());
        assertThat(OsmAndFixes.instant(String.valueOf(T.toEpochMilli()))).isEqualTo(T.toString());
        assertThat(OsmAndFixes.instant("2024-07-05T12:00:00Z")).isEqualTo(T.toString());
        assertThat(OsmAndFixes.instant("2024-07-05 12:00:00Z")).isEqualTo(T.toString());
        // anything else is left for the validator to refuse
        assertThat(OsmAndFixes.instant("yesterday")).isEqualTo("yesterday");
    }

    @Test
    void unreadableNumbersStayTextForTheValidatorToRefuse() {
        FixValidator validator = new FixValidator(IngestLimits.defaults());
        JsonNode fix =
                OsmAndFixes.toBatch(
                                Map.of(
                                        "timestamp",
                                        String.valueOf(T.getEpochSecond()),
                                        "lat",
                                        "north",
                                        "lon",
                                        "4.9"))
                        .get(0);

        FixValidator.Checked checked =
                validator.check(
                        0,
                        fix,
                        "r",
                        "rider",
                        new RaceWindow("r", T.minusSeconds(60), T.plusSeconds(60)),
                        T);

        assertThat(checked.rejection()).isNotNull();
        assertThat(checked.rejection().reason()).isEqualTo(RejectReason.MALFORMED_NUMBER);
    }
}
