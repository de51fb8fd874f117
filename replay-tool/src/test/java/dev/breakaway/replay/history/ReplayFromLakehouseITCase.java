package dev.breakaway.replay.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.control.RaceControl;
import dev.breakaway.contracts.files.FixLines;
import dev.breakaway.contracts.files.RaceFile;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.TestData;
import dev.breakaway.core.TrackerReplay;
import dev.breakaway.core.io.TrackReader;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.devstack.KinesisEmulator;
import dev.breakaway.devstack.KinesisStreams;
import dev.breakaway.devstack.PostgresServer;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import dev.breakaway.lakehouse.RecordFiles;
import dev.breakaway.lakehouse.SchemaMigrations;
import dev.breakaway.replay.ReplayTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --from-lakehouse}: a race stored as the tracker stores it (its raw fixes, each with
 * when it was received) goes back onto {@code gps-fixes} in the order it was received, moved in
 * time with its published definition, and the tracking logic makes the same passages of it, moved
 * by the same amount; {@code export} writes it as GPX files that read back point for point.
 */
class ReplayFromLakehouseITCase {

    private static int run(String... args) {
        return ReplayTool.commandLine().execute(args);
    }

    @Test
    void aStoredRaceReplayedGivesItsPassagesAgain(@TempDir Path dir) throws Exception {
        Path race = dir.resolve("race");
        assertThat(
                        run(
                                "simulate",
                                "--course",
                                TestData.path("tdf-2024/trace_2024_7.geojson").toString(),
                                "--riders",
                                "8",
                                "--fix-interval-seconds",
                                "2",
                                "--seed",
                                "11",
                                "--out",
                                race.toString()))
                .isZero();
        RaceDefinition definition = RaceFile.read(race.resolve("race.json"));
        // as the phones delivered them: some late, some twice
        List<GpsFix> delivered = FixLines.read(race.resolve("fixes.jsonl"));
        List<GpsFix> inTimeOrder = new ArrayList<>(delivered);
        inTimeOrder.sort(java.util.Comparator.comparing(GpsFix::timestamp));
        assertThat(perRider(delivered, Duration.ZERO))
                .as("some fixes delivered after a later one: the order received is not time order")
                .isNotEqualTo(perRider(inTimeOrder, Duration.ZERO));

        try (PostgresServer postgres = PostgresServer.start(0);
                KinesisEmulator kinesis =
                        KinesisEmulator.start(
                                0,
                                KinesisEmulator.streams(
                                        Streams.GPS_FIXES, 2, Streams.RACE_CONTROL, 1))) {
            LakehouseCatalog lakehouse =
                    LakehouseCatalog.onLocalPostgres(
                            postgres.database("replay"), Files.createTempDirectory(dir, "wh"));
            try (JdbcCatalog catalog = lakehouse.open()) {
                SchemaMigrations.apply(catalog);
                store(catalog.loadTable(LakehouseTables.RAW_FIXES.identifier()), delivered);
            }

            assertThat(
                            run(
                                    "replay",
                                    "--race",
                                    race.resolve("race.json").toString(),
                                    "--from-lakehouse",
                                    "--lakehouse.jdbc-url",
                                    lakehouse.jdbcUrl(),
                                    "--lakehouse.warehouse",
                                    lakehouse.warehouse(),
                                    "--to",
                                    "kinesis",
                                    "--kinesis-endpoint",
                                    kinesis.endpoint(),
                                    "--speedup",
                                    "0"))
                    .isZero();

            try (var client = kinesis.client()) {
                List<byte[]> control =
                        KinesisStreams.readAll(client, Streams.RACE_CONTROL).stream()
                                .map(r -> r.data().asByteArray())
                                .toList();
                assertThat(control).hasSize(1);
                RaceDefinition moved = RaceControl.decode(control.get(0));
                Duration shift = Duration.between(definition.startTime(), moved.startTime());
                List<GpsFix> replayed =
                        KinesisStreams.texts(KinesisStreams.readAll(client, Streams.GPS_FIXES))
                                .stream()
                                .map(t -> Json.fromString(t, GpsFix.class))
                                .toList();

                // every fix once (resends included), each rider's in the order received
                assertThat(replayed).hasSize(delivered.size());
                assertThat(perRider(replayed, Duration.ZERO)).isEqualTo(perRider(delivered, shift));

                // the same passages, moved by the shift
                Map<String, Instant> original = passages(definition, delivered, shift);
                Map<String, Instant> again = passages(moved, replayed, Duration.ZERO);
                assertThat(original).isNotEmpty();
                assertThat(again).isEqualTo(original);
            }

            // and exported: a GPX per rider that the course reader reads back point for point
            Path gpx = dir.resolve("gpx");
            assertThat(
                            run(
                                    "export",
                                    definition.raceId(),
                                    "--gpx",
                                    gpx.toString(),
                                    "--lakehouse.jdbc-url",
                                    lakehouse.jdbcUrl(),
                                    "--lakehouse.warehouse",
                                    lakehouse.warehouse()))
                    .isZero();
            for (String rider : perRider(delivered, Duration.ZERO).keySet()) {
                List<String> stored =
                        delivered.stream()
                                .filter(f -> f.riderId().equals(rider))
                                .sorted(java.util.Comparator.comparing(GpsFix::timestamp))
                                .map(f -> f.timestamp() + " " + f.lat() + " " + f.lon())
                                .distinct() // a fix resent is one point of the track
                                .toList();
                List<String> read =
                        TrackReader.read(gpx.resolve(rider + ".gpx")).stream()
                                .map(p -> p.time() + " " + p.lat() + " " + p.lon())
                                .toList();
                assertThat(read).as(rider).isEqualTo(stored);
            }
        }
    }

    /** Raw fixes as the tracker stores them: received in delivery order, a millisecond apart. */
    private static void store(Table rawFixes, List<GpsFix> delivered) throws Exception {
        Instant received = delivered.get(0).timestamp();
        List<Record> rows = new ArrayList<>();
        for (int i = 0; i < delivered.size(); i++) {
            GpsFix f = delivered.get(i);
            Record r = GenericRecord.create(rawFixes.schema());
            r.setField("race_id", f.raceId());
            r.setField("rider_id", f.riderId());
            r.setField("ts", OffsetDateTime.ofInstant(f.timestamp(), ZoneOffset.UTC));
            r.setField("lat", f.lat());
            r.setField("lon", f.lon());
            r.setField("elevation_m", f.elevationMeters());
            r.setField("accuracy_m", f.accuracyMeters());
            r.setField(
                    "received_at",
                    OffsetDateTime.ofInstant(received.plusMillis(i), ZoneOffset.UTC));
            r.setField("late", false);
            rows.add(r);
        }
        rawFixes.newAppend().appendFile(RecordFiles.write(rawFixes, rows)).commit();
    }

    /** Each rider's fix times in the order given, moved by {@code shift}. */
    private static Map<String, List<Instant>> perRider(List<GpsFix> fixes, Duration shift) {
        Map<String, List<Instant>> out = new HashMap<>();
        for (GpsFix f : fixes) {
            out.computeIfAbsent(f.riderId(), k -> new ArrayList<>()).add(f.timestamp().plus(shift));
        }
        return out;
    }

    /** What the tracking logic makes of the fixes, by passage, crossing times moved. */
    private static Map<String, Instant> passages(
            RaceDefinition race, List<GpsFix> fixes, Duration shift) {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (CheckpointPassage p : TrackerReplay.of(new TrackedRace(race), fixes).passages()) {
            out.put(
                    p.riderId() + "/" + p.checkpointId() + "/" + p.lap(),
                    p.crossingTime().plus(shift));
        }
        return out;
    }
}
