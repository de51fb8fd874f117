package dev.breakaway.contracts.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.geo.Course;
import dev.breakaway.core.io.CourseFormatException;
import dev.breakaway.core.io.CourseReader;
import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.Climb;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.Neutralisation;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the replay tool's public {@code race.json}: {@code {"raceId", "name", "format":
 * "MASS_START"|"TIME_TRIAL", "course": "<path to .gpx or .geojson, relative to race.json>", "laps":
 * 1, "checkpoints": [{"id", "name", "distanceMeters"}], "climbs": [{"id", "name", "category",
 * "startMeters", "endMeters", "gainMeters"}], "riders": [{"riderId", "bib", "name", "startTime"}],
 * "neutralisations": [{"from", "until"}]}}. A climb's gain, when not given, is read off the
 * course's elevations. A neutralisation (instants; {@code until} may be left out while it lasts) is
 * a stretch the officials neutralised. The race starts with its first rider; the finish is
 * implicit.
 */
public final class RaceFile {

    private RaceFile() {}

    public static RaceDefinition read(Path raceJson) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readAllBytes(raceJson));
        } catch (IOException e) {
            throw new CourseFormatException(raceJson + ": cannot read: " + e.getMessage(), e);
        }
        String raceId = text(root, "raceId", raceJson, true);
        String coursePath = text(root, "course", raceJson, true);
        Path course = raceJson.toAbsolutePath().getParent().resolve(coursePath);
        RaceFormat format;
        try {
            format =
                    root.hasNonNull("format")
                            ? RaceFormat.valueOf(
                                    root.get("format").asText().toUpperCase(Locale.ROOT))
                            : RaceFormat.MASS_START;
        } catch (IllegalArgumentException e) {
            throw new CourseFormatException(
                    raceJson
                            + ": format must be MASS_START or TIME_TRIAL, not "
                            + root.get("format"));
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (JsonNode c : root.path("checkpoints")) {
            if (!c.path("distanceMeters").isNumber()) {
                throw new CourseFormatException(
                        raceJson + ": checkpoint without a numeric distanceMeters: " + c);
            }
            checkpoints.add(
                    new Checkpoint(
                            text(c, "id", raceJson, true),
                            text(c, "name", raceJson, false),
                            c.get("distanceMeters").asDouble()));
        }
        List<RaceRider> riders = new ArrayList<>();
        Instant first = null;
        for (JsonNode r : root.path("riders")) {
            Instant start = instant(text(r, "startTime", raceJson, true), raceJson);
            riders.add(
                    new RaceRider(
                            text(r, "riderId", raceJson, true),
                            text(r, "bib", raceJson, false),
                            text(r, "name", raceJson, false),
                            start));
            first = first == null || start.isBefore(first) ? start : first;
        }
        if (riders.isEmpty()) {
            throw new CourseFormatException(raceJson + ": no riders");
        }
        List<Neutralisation> neutralisations = new ArrayList<>();
        for (JsonNode n : root.path("neutralisations")) {
            String until = text(n, "until", raceJson, false);
            try {
                neutralisations.add(
                        new Neutralisation(
                                instant(text(n, "from", raceJson, true), raceJson),
                                until == null ? null : instant(until, raceJson)));
            } catch (IllegalArgumentException e) {
                throw new CourseFormatException(raceJson + ": " + e.getMessage(), e);
            }
        }
        try {
            List<GeoPoint> points = CourseReader.read(course);
            return new RaceDefinition(
                    raceId,
                    text(root, "name", raceJson, false),
                    format,
                    root.path("laps").asInt(1),
                    first,
                    checkpoints,
                    riders,
                    points,
                    1,
                    climbs(root, points, raceJson),
                    neutralisations);
        } catch (IllegalArgumentException e) {
            throw new CourseFormatException(raceJson + ": " + e.getMessage(), e);
        }
    }

    /** Climbs: a gain given, or read off the course's elevations. */
    private static List<Climb> climbs(JsonNode root, List<GeoPoint> points, Path raceJson) {
        List<Climb> climbs = new ArrayList<>();
        Course course = null;
        for (JsonNode c : root.path("climbs")) {
            if (!c.path("startMeters").isNumber() || !c.path("endMeters").isNumber()) {
                throw new CourseFormatException(
                        raceJson + ": climb without numeric startMeters and endMeters: " + c);
            }
            String id = text(c, "id", raceJson, true);
            String name = text(c, "name", raceJson, false);
            String category = text(c, "category", raceJson, false);
            double start = c.get("startMeters").asDouble();
            double end = c.get("endMeters").asDouble();
            if (c.path("gainMeters").isNumber()) {
                climbs.add(
                        new Climb(id, name, category, start, end, c.get("gainMeters").asDouble()));
            } else {
                course = course == null ? Course.of(points) : course;
                climbs.add(Climb.onCourse(course, id, name, category, start, end));
            }
        }
        return climbs;
    }

    private static String text(JsonNode node, String field, Path source, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new CourseFormatException(source + ": missing \"" + field + "\" in " + node);
            }
            return null;
        }
        return value.asText();
    }

    private static Instant instant(String value, Path source) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new CourseFormatException(source + ": not an ISO-8601 instant: " + value, e);
        }
    }
}
