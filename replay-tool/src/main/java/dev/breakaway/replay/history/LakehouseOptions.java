package dev.breakaway.replay.history;

import dev.breakaway.lakehouse.LakehouseCatalog;
import picocli.CommandLine.Option;

/** Where the race history is: the same {@code --lakehouse.*} arguments as the tracker job's. */
public final class LakehouseOptions {

    @Option(
            names = "--lakehouse.jdbc-url",
            description =
                    "The history catalog's PostgreSQL, e.g. jdbc:postgresql://host:5432/lakehouse.")
    String jdbcUrl;

    @Option(
            names = "--lakehouse.warehouse",
            description = "Where the tables' files are, with its scheme (file:///..., s3://...).")
    String warehouse;

    @Option(
            names = "--lakehouse.user",
            defaultValue = "postgres",
            description = "Default: postgres.")
    String user;

    @Option(names = "--lakehouse.password", description = "Default: empty.")
    String password;

    @Option(
            names = "--lakehouse.catalog-name",
            description =
                    "The catalog's name, as the tracker job and Trino use it (default: breakaway).")
    String catalogName;

    /** The catalog, as the tracker job reads the same arguments; fails naming what is missing. */
    public LakehouseCatalog catalog() {
        java.util.Map<String, String> args = new java.util.HashMap<>();
        put(args, "lakehouse.jdbc-url", jdbcUrl);
        put(args, "lakehouse.warehouse", warehouse);
        put(args, "lakehouse.user", user);
        put(args, "lakehouse.password", password);
        put(args, "lakehouse.catalog-name", catalogName);
        LakehouseCatalog catalog = LakehouseCatalog.fromArguments(args);
        if (catalog == null) {
            throw new IllegalArgumentException("the lakehouse needs --lakehouse.jdbc-url");
        }
        return catalog;
    }

    private static void put(java.util.Map<String, String> args, String name, String value) {
        if (value != null) {
            args.put(name, value);
        }
    }
}
