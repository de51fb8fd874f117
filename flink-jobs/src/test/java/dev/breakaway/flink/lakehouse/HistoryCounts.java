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
}
