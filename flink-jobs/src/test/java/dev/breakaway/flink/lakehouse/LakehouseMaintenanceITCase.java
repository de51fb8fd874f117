package dev.breakaway.flink.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.devstack.PostgresServer;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import dev.breakaway.lakehouse.SchemaMigrations;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;

/** The upkeep compacts a table's small files into one and expires the old snapshots. */
class LakehouseMaintenanceITCase {

    private static final Instant T0 = Instant.parse("2024-07-05T12:00:00Z");

    @Test
    void smallFilesAreCompactedAndOldSnapshotsExpiredWithEveryRowKept() throws Exception {
        try (PostgresServer postgres = PostgresServer.start(0)) {
            LakehouseCatalog lakehouse =
                    LakehouseCatalog.onLocalPostgres(
                            postgres.database("upkeep"), Files.createTempDirectory("warehouse"));
            try (JdbcCatalog catalog = lakehouse.open()) {
                SchemaMigrations.apply(catalog);
            }
            // four commits of one race's passages: four small files in its partition
            for (int batch = 0; batch < 4; batch++) {
                List<RowData> rows = new ArrayList<>();
                for (int rider = 1; rider <= 5; rider++) {
                    rows.add(
                            HistoryRows.passage(
                                    new CheckpointPassage(
                                            "p" + batch + "-" + rider,
                                            "upkeep-race",
                                            "r" + rider,
                                            "km" + batch,
                                            1,
                                            T0.plusSeconds(60L * batch + rider),
                                            1_000.0 * batch,
                                            false)));
                }
                append(lakehouse, rows);
            }
            assertThat(HistoryCounts.rows(lakehouse, LakehouseTables.PASSAGES)).isEqualTo(20);

            List<LakehouseMaintenance.Result> results =
                    LakehouseMaintenance.run(lakehouse, Duration.ZERO, 1);

            LakehouseMaintenance.Result passages =
                    results.stream()
                            .filter(r -> r.table().equals(LakehouseTables.PASSAGES.name()))
                            .findFirst()
                            .orElseThrow();
            assertThat(passages.filesBefore()).isEqualTo(4);
            assertThat(passages.filesAfter()).isEqualTo(1);
            assertThat(passages.snapshotsBefore()).isEqualTo(4);
            assertThat(passages.snapshotsAfter()).isEqualTo(1);
            assertThat(HistoryCounts.rows(lakehouse, LakehouseTables.PASSAGES)).isEqualTo(20);
            // tables never written are left as they are
            assertThat(results)
                    .filteredOn(r -> r.table().equals(LakehouseTables.OVERTAKES.name()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.filesAfter()).isZero());
        }
    }

    /** One Flink job, one commit. */
    private static void append(LakehouseCatalog lakehouse, List<RowData> rows) throws Exception {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(1);
        var stream =
                env.fromData(
                        InternalTypeInfo.of(
                                FlinkSchemaUtil.convert(LakehouseTables.PASSAGES.schema())),
                        rows.toArray(RowData[]::new));
        FlinkSink.forRowData(stream)
                .tableLoader(
                        TableLoader.fromCatalog(
                                CatalogLoader.custom(
                                        lakehouse.name(),
                                        lakehouse.properties(),
                                        new org.apache.hadoop.conf.Configuration(),
                                        JdbcCatalog.class.getName()),
                                LakehouseTables.PASSAGES.identifier()))
                .append();
        env.execute("append passages");
    }
}
