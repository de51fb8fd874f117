package dev.breakaway.simulation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakaway.contracts.files.DevicesFile;
import dev.breakaway.contracts.identity.DeviceTokens;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.Climb;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.Neutralisation;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.simulation.RaceSimulator.Simulation;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files of a simulated race, in a directory: {@code race.json} (the replay tool's public race
 * contract), the course beside it with its licence, {@code fixes.jsonl} (the contract's fix lines,
 * in the order the phones delivered them), {@code truth.json} ({@link GroundTruth}) and {@code
 * devices.json} (a device token per rider, for replays through ingest-api).
 */
public final class SimulationFiles {

    public static final String RACE = "race.json";
    public static final String FIXES = "fixes.jsonl";
    public static final String TRUTH = "truth.json";
    public static final String DEVICES = "devices.json";

    private SimulationFiles() {}

    /**
     * Writes a simulation.
     *
     * @param course the course file it was simulated on: copied beside {@code race.json}, with the
     *     licence and source files of its folder ({@code LICENSE*}, {@code SOURCE*})
     */
    public static void write(Simulation simulation, Path course, Path dir) throws IOException {
        Files.createDirectories(dir);
        String courseName = "course" + extension(course);
        Files.copy(course, dir.resolve(courseName), StandardCopyOption.REPLACE_EXISTING);
        Path folder = course.toAbsolutePath().getParent();
        try (DirectoryStream<Path> notices =
                Files.newDirectoryStream(folder, "{LICENSE,LICENCE,SOURCE}*")) {
            for (Path notice : notices) {
                Files.copy(
                        notice,
                        dir.resolve(notice.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Json.mapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve(RACE).toFile(), raceJson(simulation.race(), courseName));
        writeFixes(simulation.fixes(), dir.resolve(FIXES));
        Json.mapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve(TRUTH).toFile(), simulation.truth());
        Map<String, String> tokens = new LinkedHashMap<>();
        for (RaceRider r : simulation.race().riders()) {
            tokens.put(r.riderId(), DeviceTokens.newToken());
        }
        writeDevices(simulation.race().raceId(), tokens, dir.resolve(DEVICES));
    }

    /** {@code race.json} of the public contract. */
    static ObjectNode raceJson(RaceDefinition race, String courseFile) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("raceId", race.raceId());
        root.put("name", race.name());
        root.put("format", race.format().name());
        root.put("course", courseFile);
        root.put("laps", race.laps());
        ArrayNode checkpoints = root.putArray("checkpoints");
        for (Checkpoint c : race.checkpoints()) {
            checkpoints
                    .addObject()
                    .put("id", c.id())
                    .put("name", c.name())
                    .put("distanceMeters", c.distanceMeters());
        }
        ArrayNode climbs = root.putArray("climbs");
        for (Climb c : race.climbs()) {
            climbs.addObject()
                    .put("id", c.id())
                    .put("name", c.name())
                    .put("category", c.category())
                    .put("startMeters", c.startMeters())
                    .put("endMeters", c.endMeters())
                    .put("gainMeters", c.gainMeters());
        }
        ArrayNode riders = root.putArray("riders");
        for (RaceRider r : race.riders()) {
            riders.addObject()
                    .put("riderId", r.riderId())
                    .put("bib", r.bib())
                    .put("name", r.name())
                    .put("startTime", race.startTimeOf(r.riderId()).toString());
        }
        if (!race.neutralisations().isEmpty()) {
            ArrayNode neutralisations = root.putArray("neutralisations");
            for (Neutralisation n : race.neutralisations()) {
                ObjectNode node = neutralisations.addObject().put("from", n.from().toString());
                if (n.until() != null) {
                    node.put("until", n.until().toString());
                }
            }
        }
        return root;
    }

    public static void writeFixes(List<GpsFix> fixes, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            for (GpsFix f : fixes) {
                out.write(Json.toString(f));
                out.write('\n');
            }
        }
    }

    /**
     * {@code devices.json}: {@code {"raceId", "devices": [{"riderId", "token", "tokenSha256"}]}}.
     * ingest-api is given the hashes (its {@code devices:} configuration), the replay the tokens.
     */
    public static void writeDevices(String raceId, Map<String, String> tokens, Path file)
            throws IOException {
        DevicesFile.of(raceId, tokens).write(file);
    }

    /** The tokens of a {@code devices.json}, by rider. */
    public static Map<String, String> readDevices(Path file) throws IOException {
        return DevicesFile.readTokens(file);
    }

    public static GroundTruth readTruth(Path file) throws IOException {
        return Json.mapper().readValue(file.toFile(), GroundTruth.class);
    }

    private static String extension(Path course) {
        String name = course.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? ".geojson" : name.substring(dot);
    }
}
