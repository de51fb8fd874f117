package dev.breakaway.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A real Kinesis API on loopback: kinesis-mock (npm {@code kinesis-local}, pinned in {@code
 * dev-stack/kinesis-emulator/package.json}), run by Node with a preload that binds it to 127.0.0.1
 * only. Streams are created on start. Plain HTTP: the Flink connector rejects the emulator's
 * self-signed certificate.
 *
 * <p>{@link #close()} stops the process and waits for it; a JVM shutdown hook does the same if the
 * owner forgets, so that nothing is left running after tests.
 */
public final class KinesisEmulator implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";

    private final ChildProcess process;
    private final int port;
    private volatile boolean paused;

    private KinesisEmulator(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the emulator on {@code port} (0: any free port) with the given streams and shard
     * counts, and waits until every stream is ACTIVE.
     */
    public static KinesisEmulator start(int port, Map<String, Integer> streamShards) {
        Path dir = LocalStack.root().resolve("dev-stack/kinesis-emulator");
        Path main = dir.resolve("node_modules/kinesis-local/main.js");
        if (!Files.exists(main)) {
            throw new IllegalStateException(
                    main + " is missing: run scripts/install-local-stack first");
        }
        int plainPort = port == 0 ? LocalStack.freePort() : port;
        StringJoiner streams = new StringJoiner(",");
        streamShards.forEach((name, shards) -> streams.add(name + ":" + shards));
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(
                                    "node",
                                    "--require",
                                    dir.resolve("loopback-only.cjs").toString(),
                                    main.toString())
                            .directory(dir.toFile());
            Map<String, String> env = builder.environment();
            env.put(
                    "KINESIS_MOCK_CERT_PATH",
                    dir.resolve("node_modules/kinesis-local/server.json").toString());
            env.put("KINESIS_MOCK_PLAIN_PORT", String.valueOf(plainPort));
            env.put("KINESIS_MOCK_TLS_PORT", String.valueOf(LocalStack.freePort()));
            env.put("CREATE_STREAM_DURATION", "0ms");
            env.put("DELETE_STREAM_DURATION", "0ms");
            env.put("INITIALIZE_STREAMS", streams.toString());
            env.put("SHARD_LIMIT", "1000");
            env.put("AWS_REGION", REGION);
            env.put("LOG_LEVEL", "WARN");
            KinesisEmulator emulator =
                    new KinesisEmulator(new ChildProcess("kinesis-emulator", builder), plainPort);
            try {
                emulator.process.awaitReady(
                        () -> emulator.allActive(streamShards.keySet()), Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                emulator.close();
                throw e;
            }
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kinesis emulator", e);
        }
    }

    private boolean allActive(Iterable<String> streams) {
        try (KinesisClient client = client()) {
            for (String stream : streams) {
                StreamStatus status =
                        client.describeStreamSummary(r -> r.streamName(stream))
                                .streamDescriptionSummary()
                                .streamStatus();
                if (status != StreamStatus.ACTIVE) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException notYet) {
            return false; // not listening yet, or a stream is still being created
        }
    }

    public int port() {
        return port;
    }

    /** The plain-HTTP endpoint, e.g. {@code http://127.0.0.1:4568}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A client of the emulator; close it after use. */
    public KinesisClient client() {
        return client(endpoint());
    }

    /** A client of any local Kinesis endpoint, with the emulator's dummy credentials. */
    public static KinesisClient client(String endpoint) {
        return KinesisClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    public static Map<String, Integer> streams(Object... nameAndShards) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < nameAndShards.length; i += 2) {
            map.put((String) nameAndShards[i], (Integer) nameAndShards[i + 1]);
        }
        return map;
    }

    /**
     * Freezes the emulator (SIGSTOP): connections stay open and every call hangs, as with a network
     * partition or an overloaded endpoint. {@link #resume()} undoes it.
     */
    public void pause() {
        signal("STOP");
        paused = true;
    }

    /** Lets a {@link #pause() paused} emulator run again (SIGCONT). */
    public void resume() {
        signal("CONT");
        paused = false;
    }

    private void signal(String name) {
        try {
            Process kill =
                    new ProcessBuilder("kill", "-" + name, String.valueOf(process.process().pid()))
                            .inheritIO()
                            .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (paused && process.process().isAlive()) {
            resume(); // a stopped process would not act on SIGTERM
        }
        process.close();
    }
}
