package dev.breakaway.replay.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.io.TrackPoint;
import dev.breakaway.core.io.TrackReader;
import dev.breakaway.devstack.PostgresServer;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import dev.breakaway.lakehouse.RecordFiles;
import dev.breakaway.lakehouse.SchemaMigrations;
import dev.breakaway.replay.ReplayTool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code export RACE --gpx DIR} writes a stored race's tracks, one GPX per rider. */
class ExportCommandITCase {

    private static final Instant T0 = Instant.parse("2024-07-05T12:00:00Z");

    @Test
    void aStoredRaceIsExportedOneGpxPerRiderInTimeOrder(@TempDir Path dir) throws Exception {
        try (PostgresServer postgres = PostgresServer.start(0)) {
            LakehouseCatalog lakehouse =
                    LakehouseCatalog.onLocalPostgres(
                            postgres.database("export"), Files.createTempDirectory("warehouse"));
            try (JdbcCatalog catalog = lakehouse.open()) {
                SchemaMigrations.apply(catalog);
                Table fixes = catalog.loadTable(LakehouseTables.RAW_FIXES.identifier());
                List<Record> rows = new ArrayList<>();
                // received out of order: the export is in time order
                for (int s : new int[] {2, 0, 1}) {
                    for (String rider : List.of("r1", "r2")) {
                        rows.add(
                                fix(
                                        fixes,
                                        rider,
                                        s,
                                        47.0 + s * 1e-4,
                                        rider.equals("r1") ? 5.0 : 5.1));
                    }
                }
                append(fixes, rows);
            }
            StringWriter out = new StringWriter();
            CommandLine cli = ReplayTool.commandLine();
            cli.setOut(new PrintWriter(out));
            int exit =
                    cli.execute(
                            "export",
                            "race-x",
                            "--gpx",
                            dir.toString(),
                            "--lakehouse.jdbc-url",
                            lakehouse.jdbcUrl(),
                            "--lakehouse.warehouse",
                            lakehouse.warehouse());

            assertThat(exit).as(out.toString()).isZero();
            assertThat(out.toString()).contains("2 riders, 6 fixes");
            List<TrackPoint> r1 = TrackReader.read(dir.resolve("r1.gpx"));
            assertThat(r1)
                    .extracting(TrackPoint::time)
                    .containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2));
            assertThat(r1.get(2).lat()).isEqualTo(47.0002);
            assertThat(TrackReader.read(dir.resolve("r2.gpx"))).hasSize(3);
        }
    }

    @Test
    void withoutTheLakehouseTheCommandSaysWhatIsMissing(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = ReplayTool.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("export", "race-x", "--gpx", dir.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--lakehouse.jdbc-url");
    }

    private static Record fix(Table table, String rider, int second, double lat, double lon) {
        Record r = GenericRecord.create(table.schema());
        r.setField("race_id", "race-x");
        r.setField("rider_id", rider);
        r.setField("ts", OffsetDateTime.ofInstant(T0.plusSeconds(second), ZoneOffset.UTC));
        r.setField("lat", lat);
        r.setField("lon", lon);
        r.setField("late", false);
        return r;
    }

    private static void append(Table table, List<Record> rows) throws Exception {
        table.newAppend().appendFile(RecordFiles.write(table, rows)).commit();
    }
}
