package dev.breakaway.flink.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.control.RaceControlPublisher;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.contracts.kinesis.KinesisRecords;
import dev.breakaway.contracts.serving.ServingStore;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.devstack.KinesisEmulator;
import dev.breakaway.devstack.KinesisStreams;
import dev.breakaway.devstack.LocalStack;
import dev.breakaway.devstack.PostgresServer;
import dev.breakaway.devstack.RedisServer;
import dev.breakaway.devstack.TrinoServer;
import dev.breakaway.flink.lakehouse.HistoryCounts;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The application jar as a cluster runs it: {@code target/tracker-job.jar} with only what a Flink
 * distribution provides beside it on the class path (no test or module classes), its {@code main}
 * with production-style arguments, in its own JVM (where {@code main} gets a local MiniCluster),
 * against the local Kinesis emulator, Redis and the lakehouse. A class the jar forgot to bundle, a
 * relocation that broke Lettuce or Iceberg, or an argument {@code main} misreads fails here.
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

    /** The job's main in its own JVM, as a cluster's would run it, with these arguments more. */
    private Process startJob(Path jar, String provided, List<String> arguments, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx1g"));
        command.addAll(flinkJvmArgs());
        command.addAll(
                List.of(
                        "-cp",
                        jar + java.io.File.pathSeparator + provided,
                        "dev.breakaway.flink.tracker.TrackerJob"));
        command.addAll(arguments);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /**
     * The deployed job killed (SIGKILL, not cancelled) mid-race and restored from its last
     * checkpoint: the race's passages all reach Kinesis and the serving store, and the history
     * holds every fix sent and every passage exactly once, as Trino counts them.
     */
    @Test
    void theJobJarKilledMidRaceAndRestoredKeepsEveryRowOnceAsTrinoCountsThem() throws Exception {
        Path module = LocalStack.root().resolve("flink-jobs/target");
        Path jar = module.resolve("tracker-job.jar");
        String provided = Files.readString(module.resolve("flink-provided.classpath")).trim();
        assertThat(jar).exists();
        RaceDefinition race = TrackerFixtures.race("jar-it", 3);
        List<GpsFix> fixes = TrackerFixtures.fixes(race, 11);
        Map<String, CheckpointPassage> expected = TrackerFixtures.expectedPassages(race, fixes);
        int cut = fixes.size() * 2 / 3;
        Path checkpoints = logs.resolve("checkpoints");

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
            KinesisRecords.putAll(
                    client,
                    Streams.GPS_FIXES,
                    fixes.subList(0, cut),
                    PartitionKeys::rider,
                    Json::toBytes);
            List<String> arguments =
                    List.of(
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
                            "--flink.state.checkpoints.dir",
                            checkpoints.toUri().toString(),
                            "--job.name",
                            "tracker-from-its-jar");

            // first run: killed once it has passages out and a checkpoint done
            Path firstLog = logs.resolve("tracker-job-1.log");
            Process first = startJob(jar, provided, arguments, firstLog);
            Path checkpoint;
            try {
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .failFast("the job's JVM exited", () -> !first.isAlive())
                        .until(
                                () ->
                                        TrackerFixtures.distinctPassages(raceUpdates(client)) > 0
                                                && TrackerFixtures.latestCheckpoint(checkpoints)
                                                        .isPresent()
                                                && HistoryCounts.rows(
                                                                lakehouse,
                                                                LakehouseTables.RAW_FIXES)
                                                        > 0);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("the job's log:\n" + tail(firstLog), e);
            } finally {
                first.destroyForcibly().waitFor(); // SIGKILL: no cancel, no last checkpoint
            }
            checkpoint = TrackerFixtures.latestCheckpoint(checkpoints).orElseThrow();
            // some history committed before the kill, not all: a restart that did not restore
            // would read the stream again and write those rows twice
            assertThat(HistoryCounts.rows(lakehouse, LakehouseTables.RAW_FIXES))
                    .as("killed before the race was all in")
                    .isBetween(1L, (long) fixes.size() - 1);

            // the race goes on while the job is down; the restored job catches up
            KinesisRecords.putAll(
                    client,
                    Streams.GPS_FIXES,
                    fixes.subList(cut, fixes.size()),
                    PartitionKeys::rider,
                    Json::toBytes);
            List<String> restore = new ArrayList<>(arguments);
            restore.addAll(
                    List.of(
                            "--flink.execution.state-recovery.path",
                            checkpoint.toUri().toString()));
            Path secondLog = logs.resolve("tracker-job-2.log");
            Process second = startJob(jar, provided, restore, secondLog);
            try {
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofSeconds(1))
                        .failFast("the job's JVM exited", () -> !second.isAlive())
                        .until(
                                () ->
                                        HistoryCounts.rows(lakehouse, LakehouseTables.PASSAGES)
                                                        >= expected.size()
                                                && HistoryCounts.rows(
                                                                lakehouse,
                                                                LakehouseTables.RAW_FIXES)
                                                        >= fixes.size());
                Map<String, CheckpointPassage> passages = new HashMap<>();
                for (RaceUpdate u : raceUpdates(client)) {
                    if (u.passage() != null) {
                        passages.put(u.id(), u.passage());
                    }
                }
                assertThat(passages).isEqualTo(expected);
                RedisClient redisClient = RedisClient.create(redis.uri());
                try (StatefulRedisConnection<String, String> connection = redisClient.connect()) {
                    assertThat(connection.sync().get(ServingStore.standingsKey("jar-it")))
                            .isNotNull();
                } finally {
                    redisClient.shutdown();
                }
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("the restored job's log:\n" + tail(secondLog), e);
            } finally {
                second.destroy();
                if (!second.waitFor(30, TimeUnit.SECONDS)) {
                    second.destroyForcibly().waitFor();
                }
            }

            // what Trino reads: a row per fix sent and per passage, none lost, none twice
            try (TrinoServer trino =
                            TrinoServer.start(
                                    0, lakehouse.trinoValues(), lakehouse.trinoProbeTable());
                    Connection sql =
                            DriverManager.getConnection(
                                    trino.jdbcUrl(lakehouse.name()) + "/breakaway", "test", null)) {
                Map<String, Long> sentPerRider = new TreeMap<>();
                Map<String, Instant> lastPerRider = new TreeMap<>();
                for (GpsFix f : fixes) {
                    sentPerRider.merge(f.riderId(), 1L, Long::sum);
                    lastPerRider.merge(f.riderId(), f.timestamp(), (x, y) -> x.isAfter(y) ? x : y);
                }
                Map<String, Long> rowsPerRider = new TreeMap<>();
                Map<String, Instant> lastRowPerRider = new TreeMap<>();
                try (ResultSet rs =
                        sql.createStatement()
                                .executeQuery(
                                        "SELECT rider_id, count(*), max(ts) FROM raw_fixes"
                                                + " WHERE race_id = 'jar-it' GROUP BY rider_id")) {
                    while (rs.next()) {
                        rowsPerRider.put(rs.getString(1), rs.getLong(2));
                        lastRowPerRider.put(rs.getString(1), rs.getTimestamp(3).toInstant());
                    }
                }
                assertThat(rowsPerRider).isEqualTo(sentPerRider);
                assertThat(lastRowPerRider).isEqualTo(lastPerRider);

                Map<String, Long> expectedPerCheckpoint = new TreeMap<>();
                expected.values()
                        .forEach(
                                p ->
                                        expectedPerCheckpoint.merge(
                                                p.checkpointId() + "/" + p.lap(), 1L, Long::sum));
                Map<String, Long> passagesPerCheckpoint = new TreeMap<>();
                try (ResultSet rs =
                        sql.createStatement()
                                .executeQuery(
                                        "SELECT checkpoint_id, lap, count(*),"
                                                + " count(DISTINCT rider_id) FROM passages"
                                                + " WHERE race_id = 'jar-it'"
                                                + " GROUP BY checkpoint_id, lap")) {
                    while (rs.next()) {
                        passagesPerCheckpoint.put(
                                rs.getString(1) + "/" + rs.getInt(2), rs.getLong(3));
                        assertThat(rs.getLong(4))
                                .as("a rider once per checkpoint")
                                .isEqualTo(rs.getLong(3));
                    }
                }
                assertThat(passagesPerCheckpoint).isEqualTo(expectedPerCheckpoint);
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
