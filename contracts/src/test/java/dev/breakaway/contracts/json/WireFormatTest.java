package dev.breakaway.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.core.Races;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.tracking.CheckpointPassage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void aFixUsesTheContractNames() throws Exception {
        String json =
                "{\"raceId\":\"r\",\"riderId\":\"a\",\"ts\":\"2024-07-07T11:15:00.250Z\","
                        + "\"lat\":48.3,\"lon\":4.1,\"ele\":112.5,\"accuracyMeters\":4}";
        GpsFix fix = Json.fromString(json, GpsFix.class);
        assertThat(fix.timestamp()).isEqualTo(Instant.parse("2024-07-07T11:15:00.250Z"));
        assertThat(fix.elevationMeters()).isEqualTo(112.5);
        assertThat(fix.accuracyMeters()).isEqualTo(4.0);

        JsonNode written =
                Json.mapper()
                        .readTree(Json.toBytes(GpsFix.of("r", "a", fix.timestamp(), 48.3, 4.1)));
        assertThat(written.get("ts").asText()).isEqualTo("2024-07-07T11:15:00.250Z");
        assertThat(written.has("ele")).isFalse();
    }

    @Test
    void ingestsReceiptAndLateMarkRoundTripAndAreAbsentFromFiles() {
        GpsFix file = GpsFix.of("r", "a", Instant.parse("2024-07-07T11:15:00Z"), 48.3, 4.1);
        GpsFix late = file.received(Instant.parse("2024-07-07T14:00:00Z"), true);

        assertThat(Json.toString(file)).doesNotContain("late").doesNotContain("receivedAt");
        assertThat(Json.fromString(Json.toString(late), GpsFix.class)).isEqualTo(late);
        assertThat(Json.fromString(Json.toString(file), GpsFix.class).late()).isFalse();
    }

    @Test
    void aFixWithoutCoordinatesOrWithTextForNumbersIsRejectedWithAReason() {
        assertThatThrownBy(
                        () ->
                                Json.fromString(
                                        "{\"raceId\":\"r\",\"riderId\":\"a\",\"ts\":\"2024-07-07T11:15:00Z\"}",
                                        GpsFix.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GpsFix");
        assertThatThrownBy(
                        () ->
                                Json.fromString(
                                        "{\"raceId\":\"r\",\"riderId\":\"a\",\"ts\":\"x\",\"lat\":1,\"lon\":2}",
                                        GpsFix.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRaceDefinitionCarriesItsCourseAsGeoJsonPositions() throws Exception {
        RaceDefinition race = Races.race("crit", Races.circuit(), 3, List.of(), 2);
        byte[] bytes = Json.toBytes(race);
        JsonNode tree = Json.mapper().readTree(bytes);
        assertThat(tree.get("course").get(0).get(0).asDouble())
                .isEqualTo(race.course().get(0).lon());
        assertThat(tree.get("course").get(0).get(1).asDouble())
                .isEqualTo(race.course().get(0).lat());

        RaceDefinition back = Json.fromBytes(bytes, RaceDefinition.class);
        assertThat(back).isEqualTo(race);
    }

    @Test
    void aPassageUpdateHasItsDeterministicIdAndEventTimeVersion() throws Exception {
        Instant at = Instant.parse("2024-07-07T12:00:01.500Z");
        CheckpointPassage passage =
                new CheckpointPassage(
                        CheckpointPassage.idOf("race", "r1", "km10", 2),
                        "race",
                        "r1",
                        "km10",
                        2,
                        at,
                        10_000,
                        false);
        RaceUpdate update = RaceUpdate.of(passage);
        assertThat(update.id()).isEqualTo("race/r1/km10/2");
        assertThat(update.version()).isEqualTo(at.toEpochMilli());
        RaceUpdate back = Json.fromBytes(Json.toBytes(update), RaceUpdate.class);
        assertThat(back).isEqualTo(update);
    }
}
