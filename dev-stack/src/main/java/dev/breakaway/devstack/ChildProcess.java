package dev.breakaway.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A local server run as a child process with its output in a log file: waits for it to be ready,
 * stops it on {@link #close()}, and (through a JVM shutdown hook) when the owner forgets.
 */
final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread shutdownHook;

    ChildProcess(String name, ProcessBuilder builder) throws IOException {
        this.name = name;
        this.log = Files.createTempFile(name + "-", ".log");
        this.process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        this.shutdownHook = new Thread(process::destroy, name + "-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    Process process() {
        return process;
    }

    /** Polls {@code ready} until it holds; fails if the process exits or time runs out. */
    void awaitReady(BooleanSupplier ready, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited (" + process.exitValue() + "): " + tail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        name + " not ready after " + timeout + ": " + tail());
            }
            try {
                Thread.sleep(50); // polling a starting process: nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A GET of a local server's URL while it starts: its response, or {@code null} if it does not
     * answer (yet).
     */
    static java.net.http.HttpResponse<String> probe(String url) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (IOException notYet) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    String tail() {
        try {
            String text = Files.readString(log);
            return text.length() > 2_000 ? text.substring(text.length() - 2_000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }
}
