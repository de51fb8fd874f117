package dev.breakaway.flink.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.results.OfficialResult;
import dev.breakaway.core.results.OfficialResults;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.devstack.PostgresServer;
import dev.breakaway.flink.tracker.RaceControlMessage;
import dev.breakaway.flink.tracker.TrackerFixtures;
import dev.breakaway.flink.tracker.TrackerJob;
import dev.breakaway.flink.tracker.TrackerSettings;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A race through the tracker job lands in the history tables: every fix (raw and matched), every
 * passage, the standings every 10 s; nothing twice. Its official results are published from them,
 * and republished after a correction.
 */
class LakehouseSinkITCase {

    private static PostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start(0);
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aBoundedRunWritesEveryFixAndPassageOnce() throws Exception {
        RaceDefinition race = TrackerFixtures.race("lake", 6);
        List<GpsFix> fixes = TrackerFixtures.fixes(race, 7);
        LakehouseCatalog lakehouse =
                LakehouseCatalog.onLocalPostgres(
                        postgres.database("sink"), Files.createTempDirectory("warehouse"));

        Configuration config = TrackerJob.baseConfiguration(Duration.ofSeconds(1));
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        TypeInformation<GpsFix> fixType = TypeInformation.of(GpsFix.class);
        TypeInformation<RaceControlMessage> controlType =
                TypeInformation.of(RaceControlMessage.class);
        DataGeneratorSource<GpsFix> fixSource =
                new DataGeneratorSource<>(
                        new FromElementsGeneratorFunction<>(fixType, env.getConfig(), fixes),
                        fixes.size(),
                        fixType);
        DataGeneratorSource<RaceControlMessage> controlSource =
                new DataGeneratorSource<>(
                        new FromElementsGeneratorFunction<>(
                                controlType, env.getConfig(), List.of(RaceControlMessage.of(race))),
                        1,
                        controlType);
        TrackerSettings defaults = TrackerSettings.defaults();
        TrackerJob.Outputs outputs =
                new TrackerJob(
                                fixSource,
                                controlSource,
                                new DiscardingSink<>(),
                                TrackerJob.Options.bounded(
                                                new TrackerSettings(
                                                        defaults.maxOutOfOrderness(),
                                                        Duration.ofDays(1),
                                                        defaults.tracking()))
                                        // one reader delivers in time order, as a shard does
                                        .withFixSourceParallelism(1))
                        .build(env);
        LakehouseSinks.attach(outputs, lakehouse);
        env.execute("lakehouse sink");

        int expectedPassages = TrackerFixtures.expectedPassages(race, fixes).size();
        assertThat(HistoryCounts.rows(lakehouse, LakehouseTables.RAW_FIXES))
                .isEqualTo(fixes.size());
        assertThat(HistoryCounts.rows(lakehouse, LakehouseTables.MATCHED_FIXES))
                .isEqualTo(fixes.size());
        assertThat(HistoryCounts.rows(lakehouse, LakehouseTables.PASSAGES))
                .isEqualTo(expectedPassages)
                .isPositive();
        // each matched fix with the lap it matched on (a two-lap race)
        double lapMeters = new TrackedRace(race).course().lapLengthMeters();
        List<org.apache.iceberg.data.Record> matched =
                HistoryCounts.records(lakehouse, LakehouseTables.MATCHED_FIXES).stream()
                        .filter(r -> r.getField("race_distance_m") != null)
                        .toList();
        assertThat(matched).isNotEmpty();
        assertThat(matched)
                .allSatisfy(
                        r -> {
                            double d = (Double) r.getField("race_distance_m");
                            int lap = Math.min(2, (int) Math.floor(d / lapMeters) + 1);
                            assertThat(r.getField("lap")).as("lap at %.0f m", d).isEqualTo(lap);
                        });
        assertThat(matched).extracting(r -> r.getField("lap")).contains(1, 2);
        long snapshots = HistoryCounts.rows(lakehouse, LakehouseTables.STANDINGS);
        assertThat(snapshots).isPositive();
        assertThat(snapshots % race.riders().size()).as("a row per rider and snapshot").isZero();

        // the race and its start list (dimensions)
        assertThat(HistoryCounts.liveRows(lakehouse, LakehouseTables.RACES)).isEqualTo(1);
        assertThat(HistoryCounts.liveRows(lakehouse, LakehouseTables.RIDERS))
                .isEqualTo(race.riders().size());

        // read back for a replay: the same fixes, each once
        assertThat(HistoryReader.rawFixes(lakehouse, race.raceId()))
                .extracting(GpsFix::riderId, GpsFix::timestamp, GpsFix::lat, GpsFix::lon)
                .containsExactlyInAnyOrderElementsOf(
                        fixes.stream()
                                .map(
                                        f ->
                                                org.assertj.core.groups.Tuple.tuple(
                                                        f.riderId(),
                                                        f.timestamp(),
                                                        f.lat(),
                                                        f.lon()))
                                .toList());

        // the official results from what was stored: r6 is the fastest (11 + 0.5 i m/s)
        List<OfficialResult> results =
                ResultsPublisher.publish(
                        lakehouse, race, OfficialResults.Rules.defaults(), Instant.now());
        assertThat(results)
                .extracting(OfficialResult::riderId)
                .containsExactly("r6", "r5", "r4", "r3", "r2", "r1");
        assertThat(results.get(0).timeSeconds()).isPositive();
        assertThat(HistoryCounts.rows(lakehouse, LakehouseTables.RESULTS)).isEqualTo(6);
        // a penalty after the finish: republished, one classification, r6 behind r5
        long r5 = results.get(1).timeSeconds();
        long r6 = results.get(0).timeSeconds();
        List<OfficialResult> corrected =
                ResultsPublisher.publish(
                        lakehouse,
                        race,
                        new OfficialResults.Rules(1, Map.of("r6", r5 - r6 + 30)),
                        Instant.now());
        assertThat(corrected.get(0).riderId()).isEqualTo("r5");
        assertThat(corrected)
                .filteredOn(r -> r.riderId().equals("r6"))
                .singleElement()
                .satisfies(r -> assertThat(r.timeSeconds()).isEqualTo(r5 + 30));
        assertThat(HistoryCounts.rows(lakehouse, LakehouseTables.RESULTS)).isEqualTo(6);
    }
}
