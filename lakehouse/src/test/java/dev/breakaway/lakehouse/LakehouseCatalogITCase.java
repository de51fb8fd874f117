package dev.breakaway.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.devstack.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The history tables in a real JDBC catalog on the embedded PostgreSQL, over a file warehouse. */
class LakehouseCatalogITCase {

    private static PostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start(0);
    }

    /** A catalog of its own: a database and a warehouse directory. */
    private static LakehouseCatalog fresh(String database) throws Exception {
        Path warehouse = Files.createTempDirectory("warehouse");
        return LakehouseCatalog.onLocalPostgres(postgres.database(database), warehouse);
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theMigrationsCreateEveryTableOnceWithItsPartitioningAndSortOrder() throws Exception {
        LakehouseCatalog settings = fresh("created");
        try (JdbcCatalog catalog = settings.open()) {
            assertThat(SchemaMigrations.apply(catalog)).isEqualTo(SchemaMigrations.ALL.size());
            for (HistoryTable t : LakehouseTables.ALL) {
                assertThat(catalog.tableExists(t.identifier())).as(t.name()).isTrue();
            }
            Table fixes = catalog.loadTable(LakehouseTables.RAW_FIXES.identifier());
            assertThat(fixes.spec().fields())
                    .extracting(PartitionField::name)
                    .containsExactly("race_id", "ts_day");
            assertThat(fixes.sortOrder().fields())
                    .extracting(f -> fixes.schema().findColumnName(f.sourceId()))
                    .containsExactly("rider_id", "ts");
            assertThat(fixes.location()).startsWith("file:");
            Table passages = catalog.loadTable(LakehouseTables.PASSAGES.identifier());
            assertThat(passages.spec().fields())
                    .extracting(PartitionField::name)
                    .containsExactly("race_id");

            // applied again (another writer starting): nothing changes
            String metadata = metadataOf(catalog, LakehouseTables.RAW_FIXES.identifier());
            assertThat(SchemaMigrations.apply(catalog)).isEqualTo(SchemaMigrations.ALL.size());
            assertThat(metadataOf(catalog, LakehouseTables.RAW_FIXES.identifier()))
                    .isEqualTo(metadata);
        }
        // a fresh process sees the same catalog and version
        try (JdbcCatalog again = settings.open()) {
            assertThat(SchemaMigrations.version(again)).isEqualTo(SchemaMigrations.ALL.size());
            assertThat(again.listTables(LakehouseTables.NAMESPACE))
                    .hasSize(LakehouseTables.ALL.size());
        }
    }

    @Test
    void aLaterMigrationEvolvesATableOnceAndKeepsItsColumns() throws Exception {
        List<Integer> runs = new ArrayList<>();
        int next = SchemaMigrations.ALL.size() + 1;
        SchemaMigrations.Migration battery =
                new SchemaMigrations.Migration(
                        next,
                        "raw fixes carry the phone's battery level",
                        catalog -> {
                            runs.add(next);
                            Table t = catalog.loadTable(LakehouseTables.RAW_FIXES.identifier());
                            if (t.schema().findField("battery_pct") == null) {
                                t.updateSchema()
                                        .addColumn("battery_pct", Types.IntegerType.get())
                                        .commit();
                            }
                        });
        List<SchemaMigrations.Migration> migrations = new ArrayList<>(SchemaMigrations.ALL);
        migrations.add(battery);
        LakehouseCatalog settings = fresh("evolved");
        try (JdbcCatalog catalog = settings.open()) {
            SchemaMigrations.apply(catalog);
            int idBefore = idOf(catalog, "rider_id");
            assertThat(SchemaMigrations.apply(catalog, migrations)).isEqualTo(next);
            assertThat(SchemaMigrations.apply(catalog, migrations)).isEqualTo(next);
            assertThat(runs).as("applied once").containsExactly(next);
            Table fixes = catalog.loadTable(LakehouseTables.RAW_FIXES.identifier());
            assertThat(fixes.schema().findField("battery_pct")).isNotNull();
            assertThat(idOf(catalog, "rider_id")).as("columns keep their ids").isEqualTo(idBefore);
            assertThat(fixes.schema().columns())
                    .hasSize(LakehouseTables.RAW_FIXES.schema().columns().size() + 1);
        }
    }

    /** A catalog made before results recorded their definition version gets the column. */
    @Test
    void resultsOfACatalogFromBeforeGetTheirDefinitionVersion() throws Exception {
        LakehouseCatalog settings = fresh("before_versions");
        try (JdbcCatalog catalog = settings.open()) {
            SchemaMigrations.apply(catalog, SchemaMigrations.ALL.subList(0, 1));
            Table results = catalog.loadTable(LakehouseTables.RESULTS.identifier());
            // as the first migration made it before the column was in the table's definition
            results.updateSchema().deleteColumn("definition_version").commit();
            assertThat(SchemaMigrations.version(catalog)).isEqualTo(1);

            assertThat(SchemaMigrations.apply(catalog)).isEqualTo(2);
            results.refresh();
            assertThat(results.schema().findField("definition_version")).isNotNull();
            assertThat(results.schema().findField("definition_version").type())
                    .isEqualTo(Types.LongType.get());
        }
    }

    private static int idOf(Catalog catalog, String column) {
        return catalog.loadTable(LakehouseTables.RAW_FIXES.identifier())
                .schema()
                .findField(column)
                .fieldId();
    }

    private static String metadataOf(Catalog catalog, TableIdentifier id) {
        return ((org.apache.iceberg.HasTableOperations) catalog.loadTable(id))
                .operations()
                .current()
                .metadataFileLocation();
    }
}
