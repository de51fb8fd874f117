package dev.breakaway.flink.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.control.RaceControlPublisher;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.contracts.serving.ServingStore;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.devstack.KinesisEmulator;
import dev.breakaway.devstack.KinesisStreams;
import dev.breakaway.devstack.LocalStack;
import dev.breakaway.devstack.PostgresServer;
import dev.breakaway.devstack.RedisServer;
import dev.breakaway.flink.lakehouse.HistoryCounts;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The application jar as a cluster runs it: {@code target/tracker-job.jar} with only what a Flink
 * distribution provides beside it on the class path (no test or module classes), its {@code main}
 * with production-style arguments, in its own JVM (where {@code main} gets a local MiniCluster),
 * against the local Kinesis emulator and Redis. A class the jar forgot to bundle, a relocation that
 * broke Lettuce, or an argument {@code main} misreads fails here.
 */
class TrackerJobJarITCase {

    @TempDir Path logs;

    /** The add-opens list this test JVM got (Flink needs it on Java 17, as a cluster sets it). */
    private static List<String> flinkJvmArgs() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens"))
                .toList();
    }

    private static List<RaceUpdate> raceUpdates(KinesisClient client) {
        return KinesisStreams.texts(KinesisStreams.readAll(client, Streams.RACE_UPDATES)).stream()
                .map(json -> Json.fromString(json, RaceUpdate.class))
                .toList();
    }

    @Test
    void theJobJarsMainTracksARaceFromKinesisIntoKinesisAndTheServingStore() throws Exception {
        Path module = LocalStack.root().resolve("flink-jobs/target");
        Path jar = module.resolve("tracker-job.jar");
        String provided = Files.readString(module.resolve("flink-provided.classpath")).trim();
        assertThat(jar).exists();
        RaceDefinition race = TrackerFixtures.race("jar-it", 3);
        List<GpsFix> fixes = TrackerFixtures.fixes(race, 11);
        Map<String, CheckpointPassage> expected = TrackerFixtures.expectedPassages(race, fixes);

        try (KinesisEmulator kinesis =
                        KinesisEmulator.start(
                                0,
                                KinesisEmulator.streams(
                                        Streams.GPS_FIXES,
                                        2,
                                        Streams.RACE_CONTROL,
                                        1,
                                        Streams.RACE_UPDATES,
                                        1));
                RedisServer redis = RedisServer.start(0);
                PostgresServer postgres = PostgresServer.start(0);
                KinesisClient client = kinesis.client()) {
            LakehouseCatalog lakehouse =
                    LakehouseCatalog.onLocalPostgres(
                            postgres.database("lakehouse"),
                            Files.createTempDirectory(logs, "warehouse"));
            new RaceControlPublisher(client, Streams.RACE_CONTROL).publish(race);
            KinesisStreams.putAll(
                    client, Streams.GPS_FIXES, fixes, PartitionKeys::rider, Json::toBytes);

            List<String> command = new ArrayList<>(List.of("java", "-Xmx1g"));
            command.addAll(flinkJvmArgs());
            command.addAll(
                    List.of(
                            "-cp",
                            jar + java.io.File.pathSeparator + provided,
                            "dev.breakaway.flink.tracker.TrackerJob",
                            "--kinesis.endpoint",
                            kinesis.endpoint(),
                            "--serving.redis-uri",
                            redis.uri(),
                            "--checkpoint.interval-ms",
                            "1000",
                            "--lakehouse.jdbc-url",
                            lakehouse.jdbcUrl(),
                            "--lakehouse.warehouse",
                            lakehouse.warehouse(),
                            "--job.name",
                            "tracker-from-its-jar"));
            Path log = logs.resolve("tracker-job.log");
            Process job =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            try {
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofSeconds(1))
                        .failFast("the job's JVM exited", () -> !job.isAlive())
                        .until(
                                () ->
                                        TrackerFixtures.distinctPassages(raceUpdates(client))
                                                >= expected.size());
                Map<String, CheckpointPassage> passages = new HashMap<>();
                for (RaceUpdate u : raceUpdates(client)) {
                    if (u.passage() != null) {
                        passages.put(u.id(), u.passage());
                    }
                }
                assertThat(passages).isEqualTo(expected);

                RedisClient redisClient = RedisClient.create(redis.uri());
                try (StatefulRedisConnection<String, String> connection = redisClient.connect()) {
                    await().atMost(Duration.ofMinutes(1))
                            .pollInterval(Duration.ofMillis(500))
                            .until(
                                    () ->
                                            connection
                                                            .sync()
                                                            .get(
                                                                    ServingStore.standingsKey(
                                                                            "jar-it"))
                                                    != null);
                } finally {
                    redisClient.shutdown();
                }
                // and the history, from the jar's own Iceberg (shaded with the job)
                await().atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () ->
                                        HistoryCounts.rows(lakehouse, LakehouseTables.PASSAGES)
                                                == expected.size());
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("the job's log:\n" + tail(log), e);
            } finally {
                job.destroy();
                if (!job.waitFor(30, TimeUnit.SECONDS)) {
                    job.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() > 4_000 ? text.substring(text.length() - 4_000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
