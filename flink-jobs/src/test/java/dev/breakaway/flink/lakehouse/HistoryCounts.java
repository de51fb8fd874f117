package dev.breakaway.flink.lakehouse;

import dev.breakaway.lakehouse.HistoryTable;
import dev.breakaway.lakehouse.LakehouseCatalog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
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
        return records(lakehouse, table).size();
    }

    /** The rows of a history table as a reader sees them. */
    public static List<Record> records(LakehouseCatalog lakehouse, HistoryTable table)
            throws IOException {
        try (JdbcCatalog catalog = lakehouse.open();
                CloseableIterable<Record> rows =
                        IcebergGenerics.read(catalog.loadTable(table.identifier())).build()) {
            List<Record> out = new ArrayList<>();
            rows.forEach(r -> out.add(r.copy()));
            return out;
        }
    }
}
