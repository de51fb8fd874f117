package dev.breakaway.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The truth is computed from the true tracks by the definitions (docs/definitions.md), never by the
 * tracker's own logic: the simulation's sources may use the course geometry and the data model of
 * race-core, not its tracking, standings or incident detectors, nor the Flink job.
 */
class TruthIndependenceTest {

    private static final List<String> TRACKER_PACKAGES =
            List.of(
                    "dev.breakaway.core.tracking",
                    "dev.breakaway.core.standings",
                    "dev.breakaway.core.incidents",
                    "dev.breakaway.flink");

    @Test
    void theTruthUsesNoneOfTheTrackersLogic() throws IOException {
        Path sources = Path.of("src/main/java/dev/breakaway/simulation");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(sources)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    for (String tracker : TRACKER_PACKAGES) {
                        if (line.startsWith("import " + tracker + ".")
                                || line.startsWith("import static " + tracker + ".")) {
                            found.add(file.getFileName() + ": " + line);
                        }
                    }
                }
            }
        }
        assertThat(sources.resolve("TruthRules.java")).exists();
        assertThat(found).isEmpty();
    }
}
