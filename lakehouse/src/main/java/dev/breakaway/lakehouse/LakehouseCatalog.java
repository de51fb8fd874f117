package dev.breakaway.lakehouse;

import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Iceberg's JDBC catalog in PostgreSQL, over a warehouse ({@code file:///} locally, {@code s3://}
 * in AWS). The catalog's name is stored in its tables: every writer and Trino must use the same.
 *
 * @param name the catalog's name ({@value #DEFAULT_NAME} unless configured)
 * @param jdbcUrl the PostgreSQL database holding the catalog
 * @param warehouse where table data and metadata go, with its scheme
 */
public record LakehouseCatalog(
        String name, String jdbcUrl, String user, String password, String warehouse) {

    public static final String DEFAULT_NAME = "breakaway";

    public LakehouseCatalog {
        if (warehouse == null || !warehouse.matches("[a-z][a-z0-9+.-]*:.*")) {
            throw new IllegalArgumentException(
                    "the warehouse needs a scheme (file:///..., s3://...): " + warehouse);
        }
    }

    /**
     * The default catalog on a local PostgreSQL (user {@code postgres}, no password) over a local
     * warehouse directory: the local stack's, the tests' and the benchmarks'.
     */
    public static LakehouseCatalog onLocalPostgres(String jdbcUrl, java.nio.file.Path warehouse) {
        return new LakehouseCatalog(
                DEFAULT_NAME, jdbcUrl, "postgres", "", warehouse.toUri().toString());
    }

    /**
     * From arguments without their dashes: {@code lakehouse.jdbc-url} (none: {@code null}, no
     * lakehouse), {@code lakehouse.warehouse} (required then, with its scheme), {@code
     * lakehouse.user} ({@code postgres}), {@code lakehouse.password} (empty), {@code
     * lakehouse.catalog-name} ({@value #DEFAULT_NAME}).
     */
    public static LakehouseCatalog fromArguments(Map<String, String> args) {
        String jdbcUrl = args.get("lakehouse.jdbc-url");
        if (jdbcUrl == null) {
            return null;
        }
        String warehouse = args.get("lakehouse.warehouse");
        if (warehouse == null) {
            throw new IllegalArgumentException(
                    "--lakehouse.warehouse is required with --lakehouse.jdbc-url");
        }
        return new LakehouseCatalog(
                args.getOrDefault("lakehouse.catalog-name", DEFAULT_NAME),
                jdbcUrl,
                args.getOrDefault("lakehouse.user", "postgres"),
                args.getOrDefault("lakehouse.password", ""),
                warehouse);
    }

    /** The catalog's properties, as Iceberg (and Flink's Iceberg catalog loader) take them. */
    public Map<String, String> properties() {
        Map<String, String> p = new HashMap<>();
        p.put(CatalogProperties.URI, jdbcUrl);
        p.put(JdbcCatalog.PROPERTY_PREFIX + "user", user);
        p.put(JdbcCatalog.PROPERTY_PREFIX + "password", password == null ? "" : password);
        p.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
        // the current catalog schema (V1) holds views too; Trino reads either
        p.put(JdbcCatalog.PROPERTY_PREFIX + "schema-version", "V1");
        return p;
    }

    /**
     * The values of the Trino catalog file's placeholders ({@code lakehouse/trino/etc/catalog}) for
     * this catalog.
     */
    public Map<String, String> trinoValues() {
        return Map.of(
                "catalogName", name,
                "jdbcUrl", jdbcUrl,
                "jdbcUser", user,
                "jdbcPassword", password == null ? "" : password,
                "warehouse", warehouse);
    }

    /** A table of the history, {@code catalog.schema.table}, whose scan says Trino serves it. */
    public String trinoProbeTable() {
        return name + "." + LakehouseTables.RACES.identifier();
    }

    /** Opens the catalog (creating its own tables in the database if they are not there). */
    public JdbcCatalog open() {
        JdbcCatalog catalog = new JdbcCatalog();
        catalog.setConf(new org.apache.hadoop.conf.Configuration());
        catalog.initialize(name, properties());
        return catalog;
    }
}
