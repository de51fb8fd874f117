package dev.breakaway.flink.lakehouse;

import dev.breakaway.core.model.GpsFix;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** A stored race read back from the history tables (for replay and export). */
public final class HistoryReader {

    private HistoryReader() {}

    /**
     * The race's fixes as ingest received them, in the order they were received (then by time):
     * what a replay sends again.
     */
    public static List<GpsFix> rawFixes(LakehouseCatalog lakehouse, String raceId) {
        List<GpsFix> fixes = new ArrayList<>();
        try (JdbcCatalog catalog = lakehouse.open();
                CloseableIterable<Record> rows =
                        IcebergGenerics.read(
                                        catalog.loadTable(LakehouseTables.RAW_FIXES.identifier()))
                                .where(Expressions.equal("race_id", raceId))
                                .build()) {
            for (Record r : rows) {
                fixes.add(
                        new GpsFix(
                                raceId,
                                (String) r.getField("rider_id"),
                                instant(r.getField("ts")),
                                (Double) r.getField("lat"),
                                (Double) r.getField("lon"),
                                (Double) r.getField("elevation_m"),
                                (Double) r.getField("accuracy_m"),
                                instant(r.getField("received_at")),
                                (Boolean) r.getField("late"),
                                (Double) r.getField("speed_mps"),
                                (Double) r.getField("bearing_deg")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fixes of race " + raceId, e);
        }
        fixes.sort(
                Comparator.comparing(
                                (GpsFix f) ->
                                        f.receivedAt() == null ? f.timestamp() : f.receivedAt())
                        .thenComparing(GpsFix::timestamp)
                        .thenComparing(GpsFix::riderId));
        return fixes;
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((OffsetDateTime) value).toInstant();
    }
}
