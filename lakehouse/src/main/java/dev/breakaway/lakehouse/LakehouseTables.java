package dev.breakaway.lakehouse;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.types.Types;

/**
 * The tables of race history, as first created (later changes are {@link SchemaMigrations}). Times
 * are {@code timestamptz} in UTC, distances in metres, speeds in m/s, as the column names say.
 *
 * <p>Every table is partitioned by race (identity on {@code race_id}): analysts ask about one race
 * or a few, and a race's rows are written together while it runs, so a race's files never mix with
 * another's. Tables that grow with time within a race (the fixes, the standings snapshots) are also
 * partitioned by day of event time, which bounds a partition for multi-day events and lets
 * maintenance compact a finished day. Rows are sorted by rider then time within a file, so a
 * rider's track reads as one run of rows and Parquet's min/max statistics skip the other riders'.
 */
public final class LakehouseTables {

    /** The namespace every history table lives in. */
    public static final Namespace NAMESPACE = Namespace.of("breakaway");

    private LakehouseTables() {}

    /** Fixes as ingest received them, accepted or not by the tracker. */
    public static final HistoryTable RAW_FIXES =
            riderTrack(
                    "raw_fixes",
                    new Schema(
                            required(1, "race_id", Types.StringType.get()),
                            required(2, "rider_id", Types.StringType.get()),
                            required(3, "ts", Types.TimestampType.withZone(), "device time"),
                            required(4, "lat", Types.DoubleType.get()),
                            required(5, "lon", Types.DoubleType.get()),
                            optional(6, "elevation_m", Types.DoubleType.get()),
                            optional(7, "accuracy_m", Types.DoubleType.get(), "68 % radius"),
                            optional(8, "speed_mps", Types.DoubleType.get(), "device (Doppler)"),
                            optional(9, "bearing_deg", Types.DoubleType.get(), "device"),
                            optional(10, "received_at", Types.TimestampType.withZone()),
                            required(
                                    11,
                                    "late",
                                    Types.BooleanType.get(),
                                    "arrived after the live standings had passed its time")));

    /** Every fix with what the tracker made of it. */
    public static final HistoryTable MATCHED_FIXES =
            riderTrack(
                    "matched_fixes",
                    new Schema(
                            required(1, "race_id", Types.StringType.get()),
                            required(2, "rider_id", Types.StringType.get()),
                            required(3, "ts", Types.TimestampType.withZone()),
                            required(4, "lat", Types.DoubleType.get()),
                            required(5, "lon", Types.DoubleType.get()),
                            required(
                                    6,
                                    "verdict",
                                    Types.StringType.get(),
                                    "ACCEPTED or why not (OFF_COURSE, DUPLICATE, ...)"),
                            optional(
                                    7,
                                    "race_distance_m",
                                    Types.DoubleType.get(),
                                    "along the course, laps included, where it matched"),
                            optional(8, "lap", Types.IntegerType.get()),
                            optional(
                                    9,
                                    "lateral_offset_m",
                                    Types.DoubleType.get(),
                                    "distance from the course"),
                            optional(10, "speed_mps", Types.DoubleType.get()),
                            required(11, "finished", Types.BooleanType.get()),
                            required(12, "late", Types.BooleanType.get())));

    /** Checkpoint and finish crossings, at their interpolated time. */
    public static final HistoryTable PASSAGES =
            perRace(
                    "passages",
                    new Schema(
                            required(1, "race_id", Types.StringType.get()),
                            required(2, "rider_id", Types.StringType.get()),
                            required(3, "checkpoint_id", Types.StringType.get()),
                            required(4, "lap", Types.IntegerType.get()),
                            required(5, "crossing_time", Types.TimestampType.withZone()),
                            required(6, "race_distance_m", Types.DoubleType.get()),
                            required(7, "finish", Types.BooleanType.get())),
                    "crossing_time");

    /** Incidents as raised and cleared (one row each). */
    public static final HistoryTable INCIDENTS =
            perRace(
                    "incidents",
                    new Schema(
                            required(1, "race_id", Types.StringType.get()),
                            required(2, "rider_id", Types.StringType.get()),
                            required(
                                    3,
                                    "type",
                                    Types.StringType.get(),
                                    "CRASH, STOPPED, OFF_COURSE, SIGNAL_LOST"),
                            required(4, "cleared", Types.BooleanType.get()),
                            required(5, "started_at", Types.TimestampType.withZone()),
                            required(
                                    6,
                                    "ts",
                                    Types.TimestampType.withZone(),
                                    "when raised or cleared"),
                            optional(7, "lat", Types.DoubleType.get()),
                            optional(8, "lon", Types.DoubleType.get()),
                            optional(9, "race_distance_m", Types.DoubleType.get())),
                    "ts");

    /** Overtakes, where and when the two riders drew level. */
    public static final HistoryTable OVERTAKES =
            perRace(
                    "overtakes",
                    new Schema(
                            required(1, "race_id", Types.StringType.get()),
                            required(2, "rider_id", Types.StringType.get()),
                            required(3, "overtaken_rider_id", Types.StringType.get()),
                            required(4, "ts", Types.TimestampType.withZone()),
                            required(5, "race_distance_m", Types.DoubleType.get()),
                            optional(6, "lat", Types.DoubleType.get()),
                            optional(7, "lon", Types.DoubleType.get())),
                    "ts");

    /** Each rider's line of the standings every 10 s of race time. */
    public static final HistoryTable STANDINGS =
            tableOf(
                    "standings_snapshots",
                    new Schema(
                            required(1, "race_id", Types.StringType.get()),
                            required(2, "as_of", Types.TimestampType.withZone()),
                            required(3, "rider_id", Types.StringType.get()),
                            required(4, "position", Types.IntegerType.get()),
                            required(5, "status", Types.StringType.get()),
                            required(6, "lap", Types.IntegerType.get()),
                            required(7, "race_distance_m", Types.DoubleType.get()),
                            optional(8, "gap_s", Types.DoubleType.get()),
                            required(9, "speed_mps", Types.DoubleType.get()),
                            optional(10, "finish_time", Types.TimestampType.withZone()),
                            optional(11, "elapsed_s", Types.DoubleType.get()),
                            optional(12, "group_number", Types.IntegerType.get()),
                            optional(13, "group_gap_s", Types.DoubleType.get())),
                    schema ->
                            PartitionSpec.builderFor(schema)
                                    .identity("race_id")
                                    .day("as_of")
                                    .build(),
                    schema -> SortOrder.builderFor(schema).asc("as_of").asc("position").build());

    /** Races (a dimension): one row per race and version of its definition. */
    public static final HistoryTable RACES =
            tableOf(
                    "races",
                    new Schema(
                            required(1, "race_id", Types.StringType.get()),
                            required(2, "version", Types.LongType.get()),
                            required(3, "name", Types.StringType.get()),
                            required(4, "format", Types.StringType.get()),
                            required(5, "start_time", Types.TimestampType.withZone()),
                            required(6, "laps", Types.IntegerType.get()),
                            required(7, "total_m", Types.DoubleType.get()),
                            required(
                                    8,
                                    "definition_json",
                                    Types.StringType.get(),
                                    "the race definition as published")),
                    schema -> PartitionSpec.unpartitioned(),
                    schema -> SortOrder.builderFor(schema).asc("race_id").asc("version").build());

    /** Riders of each race (a dimension). */
    public static final HistoryTable RIDERS =
            perRace(
                    "riders",
                    new Schema(
                            required(1, "race_id", Types.StringType.get()),
                            required(2, "rider_id", Types.StringType.get()),
                            optional(3, "bib", Types.StringType.get()),
                            optional(4, "name", Types.StringType.get()),
                            optional(5, "team", Types.StringType.get()),
                            optional(
                                    6,
                                    "start_time",
                                    Types.TimestampType.withZone(),
                                    "own start (time trials)")),
                    null);

    /** Official results, as a commissaire publishes them; recomputed rows replace a race's. */
    public static final HistoryTable RESULTS =
            perRace(
                    "results",
                    new Schema(
                            required(1, "race_id", Types.StringType.get()),
                            required(2, "rider_id", Types.StringType.get()),
                            optional(3, "position", Types.IntegerType.get(), "null for DNF"),
                            required(4, "status", Types.StringType.get(), "FINISHED or DNF"),
                            optional(5, "time_s", Types.LongType.get(), "to the second"),
                            optional(6, "gap_s", Types.LongType.get()),
                            optional(7, "dnf_at_m", Types.DoubleType.get()),
                            required(8, "computed_at", Types.TimestampType.withZone()),
                            optional(
                                    9,
                                    "definition_version",
                                    Types.LongType.get(),
                                    "the version of the race definition they were computed"
                                            + " from (its penalties, abandons)")),
                    null);

    /** Every table, in the order they are created. */
    public static final List<HistoryTable> ALL =
            List.of(
                    RAW_FIXES,
                    MATCHED_FIXES,
                    PASSAGES,
                    INCIDENTS,
                    OVERTAKES,
                    STANDINGS,
                    RACES,
                    RIDERS,
                    RESULTS);

    /** A rider's track: by race and day of {@code ts}, sorted by rider then time. */
    private static HistoryTable riderTrack(String name, Schema schema) {
        return new HistoryTable(
                name,
                schema,
                PartitionSpec.builderFor(schema).identity("race_id").day("ts").build(),
                SortOrder.builderFor(schema).asc("rider_id").asc("ts").build());
    }

    /** A race's events: by race, sorted by rider then {@code timeColumn} (if any). */
    private static HistoryTable perRace(String name, Schema schema, String timeColumn) {
        SortOrder.Builder sort = SortOrder.builderFor(schema).asc("rider_id");
        if (timeColumn != null) {
            sort.asc(timeColumn);
        }
        return new HistoryTable(
                name,
                schema,
                PartitionSpec.builderFor(schema).identity("race_id").build(),
                sort.build());
    }

    private static HistoryTable tableOf(
            String name,
            Schema schema,
            java.util.function.Function<Schema, PartitionSpec> spec,
            java.util.function.Function<Schema, SortOrder> sort) {
        return new HistoryTable(name, schema, spec.apply(schema), sort.apply(schema));
    }
}
