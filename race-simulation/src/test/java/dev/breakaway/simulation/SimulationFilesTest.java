package dev.breakaway.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.contracts.files.RaceFile;
import dev.breakaway.core.TestData;
import dev.breakaway.core.model.RaceDefinition;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code simulate} writes is what {@code analyze} and {@code replay} read. */
class SimulationFilesTest {

    @Test
    void aRaceWrittenIsReadBackWithItsStartsAndNeutralisations(@TempDir Path dir) throws Exception {
        Path course = TestData.path("tdf-2024/trace_2024_7.geojson");
        RaceSimulator.Simulation sim =
                RaceSimulator.run(
                        new SimulationSettings(TestData.stagePoints(7))
                                .riders(3)
                                .clean()
                                .neutralised(Duration.ofMinutes(5), Duration.ofMinutes(2)),
                        s -> {});

        SimulationFiles.write(sim, course, dir);
        RaceDefinition read = RaceFile.read(dir.resolve(SimulationFiles.RACE));

        assertThat(read.neutralisations()).isEqualTo(sim.race().neutralisations()).hasSize(1);
        assertThat(read.riders()).hasSameSizeAs(sim.race().riders());
        assertThat(read.startTime()).isEqualTo(sim.race().startTime());
    }
}
