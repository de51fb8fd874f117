package dev.breakaway.platform;

import dev.breakaway.devstack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the analysts' notebooks ({@code notebooks/*.ipynb}) headless against a Trino, as Debian's
 * {@code jupyter-nbconvert} on {@code /usr/bin/python3}: each executed notebook (its outputs, the
 * plots among them, kept) and the plots as PNG files go to an output directory.
 */
public final class Notebooks {

    /** The notebooks, in the order they run. */
    public static final List<String> ALL = List.of("race-analysis.ipynb", "rider-profile.ipynb");

    static final Path NBCONVERT = Path.of("/usr/bin/jupyter-nbconvert");

    private Notebooks() {}

    /**
     * Whether Debian's nbconvert is installed ({@code scripts/install-local-stack} installs it).
     */
    public static boolean available() {
        return Files.isExecutable(NBCONVERT);
    }

    /**
     * Executes one notebook for a race into {@code out} (plots into {@code out/plots}); its log is
     * {@code out/<notebook>.log}.
     *
     * @throws IllegalStateException if it fails, with the end of its log
     */
    public static Path run(String notebook, String trinoUrl, String raceId, Path out)
            throws IOException, InterruptedException {
        out = out.toAbsolutePath(); // nbconvert runs in notebooks/
        Files.createDirectories(out);
        Path log = out.resolve(notebook + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(
                                NBCONVERT.toString(),
                                "--to",
                                "notebook",
                                "--execute",
                                "--ExecutePreprocessor.timeout=600",
                                "--output-dir",
                                out.toString(),
                                notebook)
                        .directory(LocalStack.resolve(Path.of("notebooks")).toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().put("TRINO_URL", trinoUrl);
        builder.environment().put("RACE_ID", raceId);
        builder.environment().put("PLOTS_DIR", out.resolve("plots").toString());
        Process process = builder.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(notebook + " did not end in 15 minutes; log: " + log);
        }
        if (process.exitValue() != 0) {
            String text = Files.readString(log);
            throw new IllegalStateException(
                    notebook
                            + " failed (exit "
                            + process.exitValue()
                            + "): "
                            + text.substring(Math.max(0, text.length() - 3_000)));
        }
        return out.resolve(notebook);
    }
}
