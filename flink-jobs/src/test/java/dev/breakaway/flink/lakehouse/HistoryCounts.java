package dev.breakaway.flink.lakehouse;

import dev.breakaway.lakehouse.HistoryTable;
import dev.breakaway.lakehouse.LakehouseCatalog;
import java.io.IOException;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** What the history tables hold, for the tests. */
public final class HistoryCounts {

    private HistoryCounts() {}

    /** Rows of a history table, as its committed data files count them. */
    public static long rows(LakehouseCatalog lakehouse, HistoryTable table) throws IOException {
        try (JdbcCatalog catalog = lakehouse.open();
                CloseableIterable<FileScanTask> files =
                        catalog.loadTable(table.identifier()).newScan().planFiles()) {
            long n = 0;
            for (FileScanTask f : files) {
                n += f.file().recordCount();
            }
            return n;
        }
    }

    /** Rows of a history table as a reader sees them (deletes of upserted rows applied). */
    public static long liveRows(LakehouseCatalog lakehouse, HistoryTable table) throws IOException {
        try (JdbcCatalog catalog = lakehouse.open();
                org.apache.iceberg.io.CloseableIterable<org.apache.iceberg.data.Record> rows =
                        org.apache.iceberg.data.IcebergGenerics.read(
                                        catalog.loadTable(table.identifier()))
                                .build()) {
            long n = 0;
            for (org.apache.iceberg.data.Record ignored : rows) {
                n++;
            }
            return n;
        }
    }
}
