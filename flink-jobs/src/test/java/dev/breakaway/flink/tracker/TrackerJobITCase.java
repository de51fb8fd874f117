package dev.breakaway.flink.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.control.RaceControlPublisher;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.contracts.kinesis.KinesisRecords;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.devstack.KinesisEmulator;
import dev.breakaway.devstack.KinesisStreams;
import dev.breakaway.devstack.PostgresServer;
import dev.breakaway.flink.kinesis.KinesisSettings;
import dev.breakaway.flink.lakehouse.HistoryCounts;
import dev.breakaway.flink.lakehouse.LakehouseSinks;
import dev.breakaway.lakehouse.HistoryTable;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The tracker job end to end, on a Flink MiniCluster (parallelism 2) against the real Kinesis
 * emulator: fixes on {@code gps-fixes} come out as passages and standings on {@code race-updates},
 * and in the history tables (Iceberg, the JDBC catalog on the embedded PostgreSQL), across a cancel
 * of the job (no final checkpoint) and a restore from its last checkpoint: in the tables, nothing
 * lost and nothing twice. The same across a kill -9 of the deployed jar's JVM, read through Trino:
 * {@code TrackerJobJarITCase}.
 */
class TrackerJobITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static KinesisEmulator kinesis;
    private static PostgresServer postgres;
    private static LakehouseCatalog lakehouse;

    @TempDir Path checkpoints;

    @BeforeAll
    static void startLakehouse() throws IOException {
        postgres = PostgresServer.start(0);
        lakehouse =
                LakehouseCatalog.onLocalPostgres(
                        postgres.database("lakehouse"), Files.createTempDirectory("warehouse"));
    }

    @AfterAll
    static void stopLakehouse() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static long rows(HistoryTable table) throws IOException {
        return HistoryCounts.rows(lakehouse, table);
    }

    @BeforeAll
    static void startKinesis() {
        kinesis =
                KinesisEmulator.start(
                        0,
                        KinesisEmulator.streams(
                                Streams.GPS_FIXES,
                                4,
                                Streams.RACE_CONTROL,
                                1,
                                Streams.RACE_UPDATES,
                                2));
    }

    @AfterAll
    static void stopKinesis() {
        if (kinesis != null) {
            kinesis.close();
        }
    }

    private StreamGraph graph(Optional<Path> restoreFrom) {
        Configuration config = TrackerJob.baseConfiguration(Duration.ofMillis(300));
        config.setString("restart-strategy.type", "none");
        config.setString(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        config.setString("state.checkpoints.dir", checkpoints.toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(config);
        env.setParallelism(2);
        KinesisSettings settings = KinesisSettings.local(kinesis.endpoint());
        TrackerJob.Outputs outputs =
                TrackerJob.onKinesis(settings, TrackerJob.Options.live(TrackerSettings.defaults()))
                        .build(env);
        LakehouseSinks.attach(outputs, lakehouse);
        StreamGraph graph = env.getStreamGraph();
        restoreFrom.ifPresent(
                path ->
                        graph.setSavepointRestoreSettings(
                                SavepointRestoreSettings.forPath(path.toUri().toString(), false)));
        return graph;
    }

    private static List<RaceUpdate> raceUpdates(KinesisClient client) {
        return KinesisStreams.texts(KinesisStreams.readAll(client, Streams.RACE_UPDATES)).stream()
                .map(json -> Json.fromString(json, RaceUpdate.class))
                .toList();
    }

    private static void putFixes(KinesisClient client, List<GpsFix> fixes) {
        KinesisRecords.putAll(
                client, Streams.GPS_FIXES, fixes, PartitionKeys::rider, Json::toBytes);
    }

    @Test
    void passagesAndStandingsSurviveAKillAndARestoreFromTheLastCheckpoint() throws Exception {
        RaceDefinition race = TrackerFixtures.race("crit-it", 6);
        List<GpsFix> fixes = TrackerFixtures.fixes(race, 7);
        Map<String, CheckpointPassage> expected = TrackerFixtures.expectedPassages(race, fixes);
        assertThat(expected).hasSize(6 * 5);
        int cut = fixes.size() * 3 / 4;

        try (KinesisClient client = kinesis.client()) {
            new RaceControlPublisher(client, Streams.RACE_CONTROL).publish(race);
            putFixes(client, fixes.subList(0, cut));

            // First run: cancelled mid-race, once it has emitted passages and completed a
            // checkpoint.
            StreamExecutionEnvironment submitter =
                    StreamExecutionEnvironment.getExecutionEnvironment();
            JobClient first = submitter.executeAsync(graph(Optional.empty()));
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(300))
                    .until(
                            () ->
                                    raceUpdates(client).stream().anyMatch(u -> u.passage() != null)
                                            && TrackerFixtures.latestCheckpoint(checkpoints)
                                                    .isPresent());
            first.cancel().get();
            Path checkpoint = TrackerFixtures.latestCheckpoint(checkpoints).orElseThrow();
            // distinct: the Kinesis sink delivers at least once, a retried write may repeat one
            int passagesBeforeKill = (int) TrackerFixtures.distinctPassages(raceUpdates(client));
            assertThat(passagesBeforeKill).isLessThan(expected.size());

            // The race goes on while the job is down; the restored job catches up.
            putFixes(client, fixes.subList(cut, fixes.size()));
            JobClient second = submitter.executeAsync(graph(Optional.of(checkpoint)));
            try {
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () ->
                                        TrackerFixtures.distinctPassages(raceUpdates(client))
                                                >= expected.size());
                // Standings after the last finish (the watermark passes it with the last fixes).
                await().atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () ->
                                        latestStandings(raceUpdates(client)).riders().stream()
                                                .allMatch(e -> e.status() == RiderStatus.FINISHED));
                // History is committed with the checkpoints after the data
                await().atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () ->
                                        rows(LakehouseTables.PASSAGES) >= expected.size()
                                                && rows(LakehouseTables.RAW_FIXES) >= fixes.size());
            } finally {
                second.cancel().get();
            }
            // the sink is exactly once: a row for each fix sent and each passage, none twice
            assertThat(rows(LakehouseTables.PASSAGES)).isEqualTo(expected.size());
            assertThat(rows(LakehouseTables.RAW_FIXES)).isEqualTo(fixes.size());
            assertThat(rows(LakehouseTables.MATCHED_FIXES)).isEqualTo(fixes.size());
            // the definition read again after the restore is still one race, one start list
            assertThat(HistoryCounts.liveRows(lakehouse, LakehouseTables.RACES)).isEqualTo(1);
            assertThat(HistoryCounts.liveRows(lakehouse, LakehouseTables.RIDERS)).isEqualTo(6);

            List<RaceUpdate> updates = raceUpdates(client);
            Map<String, CheckpointPassage> deduplicated = new HashMap<>();
            int passageRecords = 0;
            for (RaceUpdate u : updates) {
                if (u.passage() != null) {
                    passageRecords++;
                    CheckpointPassage previous = deduplicated.put(u.id(), u.passage());
                    if (previous != null) {
                        assertThat(u.passage())
                                .as("a repeat is the same passage")
                                .isEqualTo(previous);
                    }
                }
            }
            // Exactly the passages of an uninterrupted run, with the same crossing times.
            assertThat(deduplicated).isEqualTo(expected);
            assertThat(passageRecords).isGreaterThanOrEqualTo(expected.size());

            // One standings id per second of event time; the last one has the finish order.
            List<RaceUpdate> standings =
                    updates.stream().filter(u -> u.standings() != null).toList();
            Map<String, Long> versionById = new HashMap<>();
            for (RaceUpdate u : standings) {
                Long v = versionById.put(u.id(), u.version());
                assertThat(v == null || v == u.version()).isTrue();
                assertThat(u.version() % 1000).isZero();
            }
            List<StandingsEntry> finalOrder = latestStandings(updates).riders();
            assertThat(finalOrder)
                    .extracting(StandingsEntry::riderId)
                    .containsExactly("r6", "r5", "r4", "r3", "r2", "r1");
            List<Double> gaps = new ArrayList<>();
            for (StandingsEntry e : finalOrder) {
                gaps.add(e.gapSeconds());
            }
            assertThat(gaps.get(0)).isZero();
            assertThat(gaps).isSorted();
            CheckpointPassage winner =
                    expected.get(CheckpointPassage.idOf("crit-it", "r6", "finish", 2));
            CheckpointPassage second5 =
                    expected.get(CheckpointPassage.idOf("crit-it", "r5", "finish", 2));
            assertThat(gaps.get(1))
                    .isEqualTo(
                            Duration.between(winner.crossingTime(), second5.crossingTime())
                                            .toMillis()
                                    / 1000.0);
        }
    }

    private static dev.breakaway.core.standings.Standings latestStandings(
            List<RaceUpdate> updates) {
        return updates.stream()
                .filter(u -> u.standings() != null)
                .max(Comparator.comparingLong(RaceUpdate::version))
                .map(RaceUpdate::standings)
                .orElseThrow(() -> new AssertionError("no standings yet"));
    }
}
