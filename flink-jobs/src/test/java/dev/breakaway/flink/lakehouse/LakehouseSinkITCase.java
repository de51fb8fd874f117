package dev.breakaway.flink.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.tracking.RaceLifecycle;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.devstack.PostgresServer;
import dev.breakaway.flink.tracker.RaceControlMessage;
import dev.breakaway.flink.tracker.TrackerFixtures;
import dev.breakaway.flink.tracker.TrackerJob;
import dev.breakaway.flink.tracker.TrackerSettings;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import dev.breakaway.lakehouse.RecordFiles;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A race through the tracker job lands in the history tables: every fix (raw and matched), every
 * passage, the standings every 10 s; nothing twice. Its official results are published from them
 * once it is over, and again after a correction ({@link ResultsReconciler}).
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

        // the official results, once every rider has finished, from what was stored: r6 is the
        // fastest (11 + 0.5 i m/s)
        RaceLifecycle lifecycle = RaceLifecycle.defaults();
        Instant now = race.startTime().plus(Duration.ofHours(2));
        // a race of the same day that nobody has finished yet gets no results
        RaceDefinition later = TrackerFixtures.race("later", 3);
        appendDefinition(lakehouse, later);
        assertThat(ResultsReconciler.run(lakehouse, lifecycle, now)).containsExactly(race.raceId());
        List<Record> results = results(lakehouse);
        assertThat(results)
                .extracting(r -> r.getField("rider_id"))
                .containsExactly("r6", "r5", "r4", "r3", "r2", "r1");
        assertThat(results)
                .extracting(r -> r.getField("definition_version"))
                .containsOnly(race.version());
        // nothing changed: nothing published again
        assertThat(ResultsReconciler.run(lakehouse, lifecycle, now)).isEmpty();

        // a penalty after the finish (a new definition version, as admin-api publishes and the
        // tracker stores it): the results again, one classification, r6 behind r5
        long r5 = (Long) results.get(1).getField("time_s");
        long r6 = (Long) results.get(0).getField("time_s");
        RaceDefinition corrected =
                race.withRiders(
                        race.riders().stream()
                                .map(
                                        r ->
                                                r.riderId().equals("r6")
                                                        ? r.withPenalty(r5 - r6 + 30)
                                                        : r)
                                .toList(),
                        race.version() + 1);
        appendDefinition(lakehouse, corrected);
        assertThat(ResultsReconciler.run(lakehouse, lifecycle, now)).containsExactly(race.raceId());
        List<Record> again = results(lakehouse);
        assertThat(again).hasSize(6);
        assertThat(again.get(0).getField("rider_id")).isEqualTo("r5");
        assertThat(again)
                .filteredOn(r -> r.getField("rider_id").equals("r6"))
                .singleElement()
                .satisfies(r -> assertThat(r.getField("time_s")).isEqualTo(r5 + 30));
        assertThat(again)
                .extracting(r -> r.getField("definition_version"))
                .containsOnly(corrected.version());
        // past its cut-off, the race nobody finished is classified: every rider DNF
        Instant afterCutOff = lifecycle.cutOff(new TrackedRace(later)).plusSeconds(1);
        assertThat(ResultsReconciler.run(lakehouse, lifecycle, afterCutOff))
                .containsExactly(later.raceId());
        assertThat(HistoryCounts.records(lakehouse, LakehouseTables.RESULTS))
                .filteredOn(r -> r.getField("race_id").equals(later.raceId()))
                .extracting(r -> r.getField("status"))
                .containsOnly("DNF")
                .hasSize(3);
        // a finish stored after its results (a phone that caught up): classified again
        Instant finish = afterCutOff.minus(Duration.ofHours(1));
        try (JdbcCatalog catalog = lakehouse.open()) {
            Table passages = catalog.loadTable(LakehouseTables.PASSAGES.identifier());
            Record passage = GenericRecord.create(passages.schema());
            passage.setField("race_id", later.raceId());
            passage.setField("rider_id", "r2");
            passage.setField("checkpoint_id", "finish");
            passage.setField("lap", 2);
            passage.setField("crossing_time", OffsetDateTime.ofInstant(finish, ZoneOffset.UTC));
            passage.setField("race_distance_m", new TrackedRace(later).totalMeters());
            passage.setField("finish", true);
            passages.newAppend().appendFile(RecordFiles.write(passages, List.of(passage))).commit();
        }
        assertThat(ResultsReconciler.run(lakehouse, lifecycle, afterCutOff.plusSeconds(60)))
                .containsExactly(later.raceId());
        assertThat(HistoryCounts.records(lakehouse, LakehouseTables.RESULTS))
                .filteredOn(r -> r.getField("race_id").equals(later.raceId()))
                .filteredOn(r -> r.getField("status").equals("FINISHED"))
                .extracting(r -> r.getField("rider_id"))
                .containsExactly("r2");
        // and left alone once nothing changed
        assertThat(ResultsReconciler.run(lakehouse, lifecycle, afterCutOff.plusSeconds(120)))
                .isEmpty();
    }

    /** The race's results, in order of position (DNF last). */
    private static List<Record> results(LakehouseCatalog lakehouse) throws Exception {
        List<Record> rows =
                new ArrayList<>(
                        HistoryCounts.records(lakehouse, LakehouseTables.RESULTS).stream()
                                .filter(r -> r.getField("race_id").equals("lake"))
                                .toList());
        rows.sort(
                java.util.Comparator.comparing(
                        r ->
                                r.getField("position") == null
                                        ? Integer.MAX_VALUE
                                        : (Integer) r.getField("position")));
        return rows;
    }

    /** A definition version into the races table, as the tracker writes what race-control says. */
    private static void appendDefinition(LakehouseCatalog lakehouse, RaceDefinition race)
            throws Exception {
        try (JdbcCatalog catalog = lakehouse.open()) {
            Table races = catalog.loadTable(LakehouseTables.RACES.identifier());
            Record row = GenericRecord.create(races.schema());
            row.setField("race_id", race.raceId());
            row.setField("version", race.version());
            row.setField("name", race.raceId());
            row.setField("format", race.format().name());
            row.setField("start_time", OffsetDateTime.ofInstant(race.startTime(), ZoneOffset.UTC));
            row.setField("laps", race.laps());
            row.setField("total_m", new TrackedRace(race).totalMeters());
            row.setField("definition_json", RaceControlMessage.of(race).definitionJson());
            races.newAppend().appendFile(RecordFiles.write(races, List.of(row))).commit();
        }
    }
}
