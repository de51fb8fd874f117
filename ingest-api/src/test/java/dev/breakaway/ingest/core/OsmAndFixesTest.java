package dev.breakaway.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
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
