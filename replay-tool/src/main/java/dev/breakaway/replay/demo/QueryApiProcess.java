package dev.breakaway.replay.demo;

import dev.breakaway.devstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * query-api run from its jar ({@code query-api/target/query-api.jar}) as its own process on
 * 127.0.0.1, reading the given serving store, as a deployment runs it. For the demo and the tests;
 * {@link #close()} stops it.
 */
public final class QueryApiProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private QueryApiProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts query-api on {@code port} (0: any free port) and waits until it is healthy. */
    public static QueryApiProcess start(String redisUri, int port) {
        Path jar = LocalStack.root().resolve("query-api/target/query-api.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: mvn package -pl query-api -am (scripts/demo does)");
        }
        int chosen = port == 0 ? LocalStack.freePort() : port;
        int admin = LocalStack.freePort();
        try {
            Path config = Files.createTempFile("query-api-", ".yml");
            Files.writeString(
                    config,
                    "server:\n"
                            + "  requestLog:\n    appenders: []\n"
                            + "  applicationConnectors:\n"
                            + "    - type: http\n      bindHost: 127.0.0.1\n      port: "
                            + chosen
                            + "\n  adminConnectors:\n"
                            + "    - type: http\n      bindHost: 127.0.0.1\n      port: "
                            + admin
                            + "\nlogging:\n  level: WARN\n"
                            + "redisUri: "
                            + redisUri
                            + "\n");
            Path log = Files.createTempFile("query-api-", ".log");
            Process process =
                    new ProcessBuilder(
                                    "java",
                                    "-Xmx512m",
                                    "-jar",
                                    jar.toString(),
                                    "server",
                                    config.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            QueryApiProcess api = new QueryApiProcess(process, chosen, log);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "query-api-stop"));
            try {
                api.awaitHealthy(admin, Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                api.close();
                throw e;
            }
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start query-api", e);
        }
    }

    private void awaitHealthy(int adminPort, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("query-api exited: " + tail());
            }
            try {
                HttpResponse<Void> health =
                        http.send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + adminPort
                                                                + "/healthcheck"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("query-api not healthy: " + tail());
            }
            try {
                Thread.sleep(100); // polling a starting process
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private String tail() {
        try {
            String text = Files.readString(log);
            return text.length() > 3_000 ? text.substring(text.length() - 3_000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
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
    }
}
