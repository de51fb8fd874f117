package dev.breakaway.flink.lakehouse;

import dev.breakaway.core.standings.Standings;
import dev.breakaway.flink.tracker.RaceControlMessage;
import dev.breakaway.flink.tracker.TrackerJob;
import dev.breakaway.lakehouse.HistoryTable;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import dev.breakaway.lakehouse.SchemaMigrations;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The tracker's outputs into the history tables, with Iceberg's {@code FlinkSink}: files committed
 * on each checkpoint (and at the end of a bounded run), exactly once. Every fix goes in, late ones
 * too (the live standings ignore them, history does not). The tables are migrated first.
 */
public final class LakehouseSinks {

    private LakehouseSinks() {}

    /** Migrates the catalog's tables and attaches a sink per table to the job's outputs. */
    public static void attach(TrackerJob.Outputs outputs, LakehouseCatalog lakehouse) {
        try (JdbcCatalog catalog = lakehouse.open()) {
            SchemaMigrations.apply(catalog);
        }
        CatalogLoader loader =
                CatalogLoader.custom(
                        lakehouse.name(),
                        lakehouse.properties(),
                        new org.apache.hadoop.conf.Configuration(),
                        JdbcCatalog.class.getName());
        sink(
                outputs.trackedFixes().map(HistoryRows::rawFix, rowType(LakehouseTables.RAW_FIXES)),
                LakehouseTables.RAW_FIXES,
                loader);
        sink(
                outputs.trackedFixes()
                        .map(HistoryRows::matchedFix, rowType(LakehouseTables.MATCHED_FIXES)),
                LakehouseTables.MATCHED_FIXES,
                loader);
        sink(
                outputs.passages().map(HistoryRows::passage, rowType(LakehouseTables.PASSAGES)),
                LakehouseTables.PASSAGES,
                loader);
        sink(
                outputs.incidents().map(HistoryRows::incident, rowType(LakehouseTables.INCIDENTS)),
                LakehouseTables.INCIDENTS,
                loader);
        sink(
                outputs.overtakes().map(HistoryRows::overtake, rowType(LakehouseTables.OVERTAKES)),
                LakehouseTables.OVERTAKES,
                loader);
        FlatMapFunction<Standings, RowData> snapshots =
                (Standings s, Collector<RowData> out) -> {
                    if (HistoryRows.isSnapshot(s)) {
                        HistoryRows.standings(s).forEach(out::collect);
                    }
                };
        sink(
                outputs.standings().flatMap(snapshots, rowType(LakehouseTables.STANDINGS)),
                LakehouseTables.STANDINGS,
                loader);
        // the dimensions: upserted, so a definition published again is one row, not two
        sink(
                outputs.raceControl().map(HistoryRows::race, rowType(LakehouseTables.RACES)),
                LakehouseTables.RACES,
                loader,
                "race_id",
                "version");
        FlatMapFunction<RaceControlMessage, RowData> riders =
                (RaceControlMessage m, Collector<RowData> out) ->
                        HistoryRows.riders(m).forEach(out::collect);
        sink(
                outputs.raceControl().flatMap(riders, rowType(LakehouseTables.RIDERS)),
                LakehouseTables.RIDERS,
                loader,
                "race_id",
                "rider_id");
    }

    private static TypeInformation<RowData> rowType(HistoryTable table) {
        return InternalTypeInfo.of(FlinkSchemaUtil.convert(table.schema()));
    }

    /**
     * The rows into their table: appended, or upserted on {@code upsertKey} when one is given (it
     * holds the table's partition columns, as Iceberg's upsert needs).
     */
    private static void sink(
            SingleOutputStreamOperator<RowData> rows,
            HistoryTable table,
            CatalogLoader loader,
            String... upsertKey) {
        rows.name("rows-" + table.name()).uid("lakehouse-rows-" + table.name());
        FlinkSink.Builder sink =
                FlinkSink.forRowData(rows)
                        .tableLoader(TableLoader.fromCatalog(loader, table.identifier()))
                        .uidPrefix("lakehouse-" + table.name());
        if (upsertKey.length > 0) {
            sink.equalityFieldColumns(List.of(upsertKey)).upsert(true);
        }
        sink.append();
    }
}
