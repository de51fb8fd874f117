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

    @Option(names = "--lakehouse.password", defaultValue = "", description = "Default: empty.")
    String password;

    @Option(
            names = "--lakehouse.catalog-name",
            defaultValue = LakehouseCatalog.DEFAULT_NAME,
            description = "The catalog's name, as the tracker job and Trino use it.")
    String catalogName;

    /** The catalog; fails naming what is missing. */
    public LakehouseCatalog catalog() {
        if (jdbcUrl == null || warehouse == null) {
            throw new IllegalArgumentException(
                    "the lakehouse needs --lakehouse.jdbc-url and --lakehouse.warehouse");
        }
        return new LakehouseCatalog(catalogName, jdbcUrl, user, password, warehouse);
    }
}
