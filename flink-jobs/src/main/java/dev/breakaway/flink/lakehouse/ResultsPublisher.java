package dev.breakaway.flink.lakehouse;

import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.results.OfficialResult;
import dev.breakaway.core.results.OfficialResults;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import dev.breakaway.lakehouse.RecordFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * A race's official results into the {@code results} table, computed from its stored passages
 * ({@link OfficialResults}): the race's rows replaced as one commit, so a correction (a penalty, a
 * late passage) republished leaves one classification, never two.
 */
public final class ResultsPublisher {

    private ResultsPublisher() {}

    /** Computes the race's results from the history tables and replaces its rows. */
    public static List<OfficialResult> publish(
            LakehouseCatalog lakehouse,
            RaceDefinition race,
            OfficialResults.Rules rules,
            Instant computedAt) {
        try (JdbcCatalog catalog = lakehouse.open()) {
            List<CheckpointPassage> passages = new ArrayList<>();
            Table passageTable = catalog.loadTable(LakehouseTables.PASSAGES.identifier());
            try (CloseableIterable<Record> rows =
                    IcebergGenerics.read(passageTable)
                            .where(Expressions.equal("race_id", race.raceId()))
                            .build()) {
                for (Record r : rows) {
                    String rider = (String) r.getField("rider_id");
                    String checkpoint = (String) r.getField("checkpoint_id");
                    int lap = (Integer) r.getField("lap");
                    passages.add(
                            new CheckpointPassage(
                                    CheckpointPassage.idOf(race.raceId(), rider, checkpoint, lap),
                                    race.raceId(),
                                    rider,
                                    checkpoint,
                                    lap,
                                    ((OffsetDateTime) r.getField("crossing_time")).toInstant(),
                                    (Double) r.getField("race_distance_m"),
                                    (Boolean) r.getField("finish")));
                }
            }
            Map<String, Double> lastKnown = new HashMap<>();
            Table standings = catalog.loadTable(LakehouseTables.STANDINGS.identifier());
            try (CloseableIterable<Record> rows =
                    IcebergGenerics.read(standings)
                            .where(Expressions.equal("race_id", race.raceId()))
                            .select("rider_id", "race_distance_m")
                            .build()) {
                for (Record r : rows) {
                    lastKnown.merge(
                            (String) r.getField("rider_id"),
                            (Double) r.getField("race_distance_m"),
                            Math::max);
                }
            }
            List<OfficialResult> results = OfficialResults.of(race, passages, lastKnown, rules);
            replace(
                    catalog.loadTable(LakehouseTables.RESULTS.identifier()),
                    race,
                    results,
                    computedAt);
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write race " + race.raceId(), e);
        }
    }

    private static void replace(
            Table table, RaceDefinition race, List<OfficialResult> results, Instant computedAt)
            throws IOException {
        List<Record> rows = new ArrayList<>();
        for (OfficialResult line : results) {
            Record r = GenericRecord.create(table.schema());
            r.setField("race_id", race.raceId());
            r.setField("rider_id", line.riderId());
            r.setField("position", line.position());
            r.setField("status", line.status());
            r.setField("time_s", line.timeSeconds());
            r.setField("gap_s", line.gapSeconds());
            r.setField("dnf_at_m", line.dnfAtMeters());
            r.setField("computed_at", OffsetDateTime.ofInstant(computedAt, ZoneOffset.UTC));
            r.setField("definition_version", race.version());
            rows.add(r);
        }
        var overwrite =
                table.newOverwrite()
                        .overwriteByRowFilter(Expressions.equal("race_id", race.raceId()));
        if (!rows.isEmpty()) {
            overwrite.addFile(RecordFiles.write(table, rows));
        }
        overwrite.commit();
    }
}
