package dev.breakaway.replay.stack;

import dev.breakaway.core.identity.DeviceTokens;
import dev.breakaway.core.json.Json;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.devstack.KinesisEmulator;
import dev.breakaway.devstack.KinesisStreams;
import dev.breakaway.devstack.RedisServer;
import dev.breakaway.devstack.ServiceProcess;
import dev.breakaway.replay.LocalFlink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.core.execution.JobClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The whole live path on one machine, every part real: the Kinesis emulator, Redis, query-api and
 * (when devices are given) ingest-api from their jars as their own processes, and the tracker job
 * on an in-process MiniCluster. For the demo, {@code latency} and the end-to-end tests; {@link
 * #close()} stops everything.
 */
public final class LiveStack implements AutoCloseable {

    /**
     * What to start.
     *
     * @param kinesisPort 0 for any free port (likewise the other ports)
     * @param gpsShards shards of {@code gps-fixes}
     * @param ingestRaces races ingest-api accepts fixes for, each from a minute before its start to
     *     a day after; with {@code devices}, empty for no ingest-api
     * @param devices device tokens by rider, per race id (ingest-api is given only their hashes)
     */
    public record Options(
            int kinesisPort,
            int gpsShards,
            int redisPort,
            int queryPort,
            List<RaceDefinition> ingestRaces,
            Map<String, Map<String, String>> devices,
            Duration checkpointInterval) {

        public static Options defaults() {
            return new Options(0, 4, 0, 0, List.of(), Map.of(), Duration.ofSeconds(5));
        }

        public Options withIngest(List<RaceDefinition> races, Map<String, Map<String, String>> d) {
            return new Options(
                    kinesisPort, gpsShards, redisPort, queryPort, races, d, checkpointInterval);
        }

        public Options withPorts(int kinesis, int redis, int query) {
            return new Options(
                    kinesis, gpsShards, redis, query, ingestRaces, devices, checkpointInterval);
        }

        public Options withGpsShards(int shards) {
            return new Options(
                    kinesisPort,
                    shards,
                    redisPort,
                    queryPort,
                    ingestRaces,
                    devices,
                    checkpointInterval);
        }
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    private KinesisEmulator kinesis;
    private KinesisClient client;
    private RedisServer redis;
    private ServiceProcess query;
    private ServiceProcess ingest;
    private JobClient tracker;

    private LiveStack() {}

    public static LiveStack start(Options options) throws Exception {
        LiveStack stack = new LiveStack();
        try {
            stack.kinesis =
                    stack.keep(
                            KinesisEmulator.start(
                                    options.kinesisPort(),
                                    KinesisEmulator.streams(
                                            "gps-fixes",
                                            options.gpsShards(),
                                            "race-control",
                                            1,
                                            "race-updates",
                                            2)));
            stack.client = stack.keep(stack.kinesis.client());
            stack.redis = stack.keep(RedisServer.start(options.redisPort()));
            stack.query =
                    stack.keep(
                            ServiceProcess.start(
                                    "query-api",
                                    options.queryPort(),
                                    "logging:\n  level: WARN\nredisUri: "
                                            + stack.redis.uri()
                                            + "\n",
                                    List.of("-Xmx512m")));
            if (!options.ingestRaces().isEmpty()) {
                stack.ingest =
                        stack.keep(
                                ServiceProcess.start(
                                        "ingest-api",
                                        0,
                                        ingestConfiguration(
                                                stack.kinesis.endpoint(),
                                                options.ingestRaces(),
                                                options.devices()),
                                        List.of("-Xmx512m")));
            }
            stack.tracker =
                    LocalFlink.startTracker(
                            stack.kinesis.endpoint(),
                            stack.redis.uri(),
                            options.checkpointInterval());
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    /** ingest-api's configuration body: the emulator, the races' windows, the token hashes. */
    static String ingestConfiguration(
            String kinesisEndpoint,
            List<RaceDefinition> races,
            Map<String, Map<String, String>> devices) {
        StringBuilder yaml =
                new StringBuilder("logging:\n  level: WARN\n")
                        .append("kinesis:\n  endpoint: ")
                        .append(kinesisEndpoint)
                        .append("\n  accessKeyId: local\n  secretAccessKey: local\n")
                        .append("  maxRecordsPerCall: 100\n")
                        .append("races:\n");
        for (RaceDefinition race : races) {
            Instant from = race.startTime().minus(Duration.ofDays(1));
            yaml.append("  - raceId: ")
                    .append(race.raceId())
                    .append("\n    acceptFixesFrom: ")
                    .append(from)
                    .append("\n    acceptFixesUntil: ")
                    .append(race.startTime().plus(Duration.ofDays(1)))
                    .append('\n');
        }
        yaml.append("devices:\n");
        devices.forEach(
                (raceId, tokens) ->
                        tokens.forEach(
                                (riderId, token) ->
                                        yaml.append("  - tokenSha256: ")
                                                .append(DeviceTokens.hash(token))
                                                .append("\n    raceId: ")
                                                .append(raceId)
                                                .append("\n    riderId: ")
                                                .append(riderId)
                                                .append('\n')));
        return yaml.toString();
    }

    private <T extends AutoCloseable> T keep(T resource) {
        started.add(resource);
        return resource;
    }

    /** Publishes a race definition on {@code race-control} (gzip JSON, as the admin API will). */
    public void publish(RaceDefinition race) {
        KinesisStreams.putAll(
                client, "race-control", List.of(race), RaceDefinition::raceId, LiveStack::gzipJson);
    }

    public static byte[] gzipJson(RaceDefinition race) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(Json.toBytes(race));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Waits until query-api serves the race: the tracker has taken its definition (published on
     * race-control) and written it to the serving store.
     */
    public void awaitRace(String raceId, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(query.baseUrl() + "/v1/races/" + raceId);
        Instant deadline = Instant.now().plus(timeout);
        while (http.send(
                                HttpRequest.newBuilder(uri).build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("race " + raceId + " never reached query-api");
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling the tracker's first write
        }
    }

    public KinesisEmulator kinesis() {
        return kinesis;
    }

    public KinesisClient kinesisClient() {
        return client;
    }

    public RedisServer redis() {
        return redis;
    }

    /** query-api: the spectators' service and the live race page. */
    public ServiceProcess query() {
        return query;
    }

    /** ingest-api, or {@code null} when no races were given for it. */
    public ServiceProcess ingest() {
        return ingest;
    }

    public JobClient tracker() {
        return tracker;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        if (tracker != null) {
            try {
                tracker.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                failure = new IllegalStateException("cannot cancel the tracker job", e);
            }
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("cannot stop " + started.get(i), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
