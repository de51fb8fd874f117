package dev.breakaway.contracts.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.geo.Course;
import dev.breakaway.core.io.CourseFormatException;
import dev.breakaway.core.model.Climb;
import dev.breakaway.core.model.Neutralisation;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** race.json and fixes.jsonl, the replay tool's file contract. */
class RaceFilesTest {

    private static final String COURSE =
            "{\"type\":\"LineString\",\"coordinates\":[[5,45,200],[5.01,45,210],[5.02,45,205]]}";

    private static Path race(Path dir, String json) throws Exception {
        Files.writeString(dir.resolve("course.geojson"), COURSE);
        return Files.writeString(dir.resolve("race.json"), json);
    }

    @Test
    void readsARaceWithItsCourseRelativeToTheFile(@TempDir Path dir) throws Exception {
        Path file =
                race(
                        dir,
                        """
                        {"raceId": "tt", "name": "Time trial", "format": "TIME_TRIAL",
                         "course": "course.geojson", "laps": 1,
                         "checkpoints": [{"id": "half", "name": "Half", "distanceMeters": 800}],
                         "climbs": [{"id": "c1", "name": "Côte", "category": "4", "startMeters": 0, "endMeters": 600},
                                    {"id": "c2", "startMeters": 900, "endMeters": 1500, "gainMeters": 30}],
                         "riders": [{"riderId": "a", "bib": "1", "name": "A", "startTime": "2024-07-05T12:02:00Z"},
                                    {"riderId": "b", "bib": "2", "name": "B", "startTime": "2024-07-05T12:00:00Z"}],
                         "neutralisations": [{"from": "2024-07-05T12:20:00Z", "until": "2024-07-05T12:23:00Z"},
                                             {"from": "2024-07-05T12:40:00Z"}]}
                        """);

        RaceDefinition race = RaceFile.read(file);

        assertThat(race.format()).isEqualTo(RaceFormat.TIME_TRIAL);
        assertThat(race.course()).hasSize(3);
        assertThat(race.startTime())
                .as("the first rider's start")
                .isEqualTo(Instant.parse("2024-07-05T12:00:00Z"));
        assertThat(race.startTimeOf("a")).isEqualTo(Instant.parse("2024-07-05T12:02:00Z"));
        assertThat(race.checkpoints())
                .singleElement()
                .satisfies(c -> assertThat(c.distanceMeters()).isEqualTo(800));
        Climb cote = race.climbs().get(0);
        assertThat(cote.category()).isEqualTo("4");
        assertThat(cote.gainMeters())
                .as("200 m at the foot, 10 m up over the first segment (~787 m), read at 600 m")
                .isCloseTo(10 * 600 / segmentMeters(race), within(0.05));
        assertThat(race.climbs().get(1).gainMeters()).as("given").isEqualTo(30);
        assertThat(race.neutralisations())
                .containsExactly(
                        new Neutralisation(
                                Instant.parse("2024-07-05T12:20:00Z"),
                                Instant.parse("2024-07-05T12:23:00Z")),
                        new Neutralisation(Instant.parse("2024-07-05T12:40:00Z"), null));
        assertThat(race.neutralisedAt(Instant.parse("2024-07-05T12:22:59Z"))).isTrue();
        assertThat(race.neutralisedAt(Instant.parse("2024-07-05T12:23:00Z"))).isFalse();
        assertThat(race.neutralisedAt(Instant.parse("2024-07-05T13:40:00Z")))
                .as("until the officials set it going again")
                .isTrue();
        assertThat(
                        race.raceMillisBetween(
                                Instant.parse("2024-07-05T12:10:00Z"),
                                Instant.parse("2024-07-05T12:45:00Z")))
                .as("35 minutes less 3 and the 5 of the one still on")
                .isEqualTo(Duration.ofMinutes(27).toMillis());
        assertThat(Json.mapper().readValue(Json.toBytes(race), RaceDefinition.class))
                .as("the race-control message carries its climbs and neutralisations")
                .isEqualTo(race);
    }

    private static double segmentMeters(RaceDefinition race) {
        return Course.of(race.course().subList(0, 2)).lengthMeters();
    }

    @Test
    void badRaceFilesSayWhatIsWrong(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> RaceFile.read(race(dir, "{\"raceId\": \"x\", \"riders\": []}")))
                .hasMessageContaining("missing \"course\"");
        assertThatThrownBy(
                        () ->
                                RaceFile.read(
                                        race(
                                                dir,
                                                "{\"raceId\": \"x\", \"course\": \"course.geojson\", \"format\": \"RELAY\","
                                                        + " \"riders\": [{\"riderId\": \"a\", \"startTime\": \"2024-07-05T12:00:00Z\"}]}")))
                .hasMessageContaining("MASS_START or TIME_TRIAL");
        assertThatThrownBy(
                        () ->
                                RaceFile.read(
                                        race(
                                                dir,
                                                "{\"raceId\": \"x\", \"course\": \"course.geojson\","
                                                        + " \"riders\": [{\"riderId\": \"a\", \"startTime\": \"noon\"}]}")))
                .hasMessageContaining("not an ISO-8601 instant: noon");
        assertThatThrownBy(
                        () ->
                                RaceFile.read(
                                        race(
                                                dir,
                                                "{\"raceId\": \"x\", \"course\": \"course.geojson\","
                                                        + " \"riders\": [{\"riderId\": \"a\", \"startTime\": \"2024-07-05T12:00:00Z\"}],"
                                                        + " \"neutralisations\": [{\"from\": \"2024-07-05T12:20:00Z\", \"until\": \"2024-07-05T12:10:00Z\"}]}")))
                .isInstanceOf(CourseFormatException.class)
                .hasMessageContaining("cannot end");
    }

    @Test
    void readsFixLinesAndNamesTheLineOfABadOne(@TempDir Path dir) throws Exception {
        Path good =
                Files.writeString(
                        dir.resolve("good.jsonl"),
                        "{\"raceId\":\"x\",\"riderId\":\"a\",\"ts\":\"2024-07-05T12:00:01Z\",\"lat\":45,\"lon\":5}\n\n"
                                + "{\"raceId\":\"x\",\"riderId\":\"a\",\"ts\":\"2024-07-05T12:00:00Z\",\"lat\":45,\"lon\":5,\"ele\":200}\n");
        assertThat(FixLines.read(good)).hasSize(2);

        Path bad =
                Files.writeString(
                        dir.resolve("bad.jsonl"),
                        "{\"raceId\":\"x\",\"riderId\":\"a\",\"ts\":\"2024-07-05T12:00:01Z\",\"lat\":45,\"lon\":5}\n"
                                + "{\"raceId\":\"x\",\"riderId\":\"a\",\"ts\":\"2024-07-05T12:00:02Z\",\"lat\":\"north\",\"lon\":5}\n");
        assertThatThrownBy(() -> FixLines.read(bad)).hasMessageContaining("bad.jsonl:2: not a fix");
    }
}
