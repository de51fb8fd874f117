package dev.breakaway.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.devstack.PostgresServer;
import dev.breakaway.devstack.TrinoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The history tables through a real Trino: created by the migrations in the JDBC catalog on the
 * embedded PostgreSQL, written with Iceberg's Java API, read with trino-jdbc.
 */
class LakehouseTrinoITCase {

    private static final Instant T0 = Instant.parse("2024-07-05T12:00:00Z");

    private static PostgresServer postgres;
    private static TrinoServer trino;
    private static LakehouseCatalog settings;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start(0);
        Path warehouse = Files.createTempDirectory("warehouse");
        settings = LakehouseCatalog.onLocalPostgres(postgres.database("lakehouse"), warehouse);
        try (JdbcCatalog catalog = settings.open()) {
            SchemaMigrations.apply(catalog); // Trino does not create the catalog's tables
        }
        trino = TrinoServer.start(0, settings.trinoValues(), settings.trinoProbeTable());
    }

    @AfterAll
    static void stop() {
        try {
            if (trino != null) {
                trino.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static Connection trino() throws Exception {
        return DriverManager.getConnection(
                trino.jdbcUrl("breakaway") + "/breakaway", "analyst", null);
    }

    @Test
    void trinoSeesEveryHistoryTable() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = trino();
                ResultSet rs = c.createStatement().executeQuery("SHOW TABLES FROM breakaway")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertThat(tables)
                .containsExactlyInAnyOrderElementsOf(
                        LakehouseTables.ALL.stream().map(HistoryTable::name).toList());
    }

    @Test
    void passagesWrittenWithIcebergAreCountedByTrinoPerRaceAndCheckpoint() throws Exception {
        // two races; race a: 3 riders past km5 and 2 past the finish; race b: 1 rider past km5
        Map<String, List<String[]>> byRace = new LinkedHashMap<>();
        byRace.put(
                "race-a",
                List.of(
                        new String[] {"r1", "km5"},
                        new String[] {"r2", "km5"},
                        new String[] {"r3", "km5"},
                        new String[] {"r1", "finish"},
                        new String[] {"r2", "finish"}));
        byRace.put("race-b", List.<String[]>of(new String[] {"r9", "km5"}));
        try (JdbcCatalog catalog = settings.open()) {
            Table passages = catalog.loadTable(LakehouseTables.PASSAGES.identifier());
            var append = passages.newAppend();
            for (Map.Entry<String, List<String[]>> race : byRace.entrySet()) {
                List<Record> rows = new ArrayList<>();
                int i = 0;
                for (String[] p : race.getValue()) {
                    Record r = GenericRecord.create(passages.schema());
                    r.setField("race_id", race.getKey());
                    r.setField("rider_id", p[0]);
                    r.setField("checkpoint_id", p[1]);
                    r.setField("lap", 1);
                    r.setField(
                            "crossing_time",
                            OffsetDateTime.ofInstant(T0.plusSeconds(60L * i++), ZoneOffset.UTC));
                    r.setField("race_distance_m", p[1].equals("km5") ? 5_000.0 : 25_300.0);
                    r.setField("finish", p[1].equals("finish"));
                    rows.add(r);
                }
                append.appendFile(RecordFiles.write(passages, rows));
            }
            append.commit();
        }

        Map<String, Long> counted = new LinkedHashMap<>();
        try (Connection c = trino();
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT checkpoint_id, count(*) FROM passages WHERE race_id = ?"
                                        + " GROUP BY checkpoint_id ORDER BY checkpoint_id")) {
            q.setString(1, "race-a");
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    counted.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        assertThat(counted).containsExactly(Map.entry("finish", 2L), Map.entry("km5", 3L));
        try (Connection c = trino();
                ResultSet rs =
                        c.createStatement()
                                .executeQuery(
                                        "SELECT count(*), count(DISTINCT race_id),"
                                                + " max(race_distance_m) FROM passages")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(6);
            assertThat(rs.getLong(2)).isEqualTo(2);
            assertThat(rs.getDouble(3)).isEqualTo(25_300.0);
        }
    }
}
