package dev.breakaway.lakehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;

/**
 * The history tables' schema as code: numbered migrations, applied in order, each once. The version
 * reached is a property of the namespace ({@value #VERSION_PROPERTY}); applying is idempotent (what
 * is already there is left as it is) and safe to run from every writer at start: a migration that
 * loses a race to another writer finds its change already made.
 */
public final class SchemaMigrations {

    /** The namespace property holding the last migration applied. */
    public static final String VERSION_PROPERTY = "breakaway.schema-version";

    /** One change of the tables; {@code apply} must leave what it finds already done alone. */
    public record Migration(int version, String description, Step apply) {}

    /** What a migration does to the catalog. */
    public interface Step {
        void apply(Catalog catalog);
    }

    /** The project's migrations, oldest first. */
    public static final List<Migration> ALL =
            List.of(
                    new Migration(
                            1,
                            "the history tables: fixes raw and matched, passages, incidents,"
                                    + " overtakes, standings snapshots, races, riders, results",
                            SchemaMigrations::createTables),
                    new Migration(
                            2,
                            "results record the race definition version they were computed from",
                            SchemaMigrations::resultsDefinitionVersion));

    private SchemaMigrations() {}

    /** Applies the project's migrations. */
    public static int apply(Catalog catalog) {
        return apply(catalog, ALL);
    }

    /**
     * Applies the migrations newer than the namespace's version, in order, recording each.
     *
     * @return the version now reached
     */
    public static int apply(Catalog catalog, List<Migration> migrations) {
        SupportsNamespaces namespaces = (SupportsNamespaces) catalog;
        if (!namespaces.namespaceExists(LakehouseTables.NAMESPACE)) {
            try {
                namespaces.createNamespace(LakehouseTables.NAMESPACE);
            } catch (AlreadyExistsException createdMeanwhile) {
                // another writer was first
            }
        }
        int version = version(catalog);
        List<Migration> sorted = new ArrayList<>(migrations);
        sorted.sort(java.util.Comparator.comparingInt(Migration::version));
        for (Migration m : sorted) {
            if (m.version() <= version) {
                continue;
            }
            m.apply().apply(catalog);
            namespaces.setProperties(
                    LakehouseTables.NAMESPACE,
                    Map.of(VERSION_PROPERTY, String.valueOf(m.version())));
            version = m.version();
        }
        return version;
    }

    /** The last migration applied to the catalog (0: none). */
    public static int version(Catalog catalog) {
        try {
            String v =
                    ((SupportsNamespaces) catalog)
                            .loadNamespaceMetadata(LakehouseTables.NAMESPACE)
                            .get(VERSION_PROPERTY);
            return v == null ? 0 : Integer.parseInt(v);
        } catch (NoSuchNamespaceException none) {
            return 0;
        }
    }

    private static void resultsDefinitionVersion(Catalog catalog) {
        org.apache.iceberg.Table results = catalog.loadTable(LakehouseTables.RESULTS.identifier());
        if (results.schema().findField("definition_version") == null) {
            results.updateSchema()
                    .addColumn(
                            "definition_version",
                            org.apache.iceberg.types.Types.LongType.get(),
                            LakehouseTables.RESULTS.schema().findField("definition_version").doc())
                    .commit();
        }
    }

    private static void createTables(Catalog catalog) {
        for (HistoryTable t : LakehouseTables.ALL) {
            if (catalog.tableExists(t.identifier())) {
                continue;
            }
            try {
                catalog.buildTable(t.identifier(), t.schema())
                        .withPartitionSpec(t.spec())
                        .withSortOrder(t.sortOrder())
                        .withProperty("format-version", "2")
                        .withProperty("write.parquet.compression-codec", "zstd")
                        .create();
            } catch (AlreadyExistsException createdMeanwhile) {
                // another writer was first
            }
        }
    }
}
