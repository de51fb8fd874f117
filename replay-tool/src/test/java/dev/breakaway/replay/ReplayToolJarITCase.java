package dev.breakaway.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool as engineers run it: one jar, {@code java -jar}, nothing else on the class path. */
class ReplayToolJarITCase {

    private record Run(int exit, String out, String err) {}

    private static Run run(Path dir, String... args) throws Exception {
        Path jar = Path.of("target/replay-tool.jar").toAbsolutePath();
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theJarSimulatesAndAnalyzesARaceWithProgressBarsAndExplainsItself(@TempDir Path dir)
            throws Exception {
        Run help = run(dir, "simulate", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--fix-interval-seconds", "--crashes", "--seed");

        String course = TestData.path("tdf-2024/trace_2024_7.geojson").toString();
        Run simulate = run(dir, "simulate", "--course", course, "--riders", "5", "--out", "race");
        assertThat(simulate.exit()).as(simulate.err()).isZero();
        assertThat(simulate.err()).contains("simulate").contains("100%");
        for (String file :
                List.of("race.json", "course.geojson", "LICENSE.md", "fixes.jsonl", "truth.json")) {
            assertThat(dir.resolve("race").resolve(file)).isNotEmptyFile();
        }

        Run analyze =
                run(
                        dir,
                        "analyze",
                        "--race",
                        "race/race.json",
                        "--fixes",
                        "race/fixes.jsonl",
                        "--out",
                        "analysis");
        assertThat(analyze.exit()).as(analyze.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("analysis/events.jsonl"))).isNotEmpty();

        Run bad = run(dir, "analyze", "--race", "missing.json", "--fixes", "x", "--out", "y");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("missing.json").doesNotContain("\tat ");
    }
}
