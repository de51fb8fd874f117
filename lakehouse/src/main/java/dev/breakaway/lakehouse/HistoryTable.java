package dev.breakaway.lakehouse;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * One table of race history as it is created: its columns, how it is partitioned and how rows are
 * sorted within its files (docs/lakehouse.md says why for each).
 */
public record HistoryTable(String name, Schema schema, PartitionSpec spec, SortOrder sortOrder) {

    public TableIdentifier identifier() {
        return TableIdentifier.of(LakehouseTables.NAMESPACE, name);
    }
}
