package dev.breakaway.flink.lakehouse;

import dev.breakaway.lakehouse.HistoryTable;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.flink.actions.Actions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Upkeep of the history tables, run on a schedule (a cron job, a Kubernetes CronJob, EventBridge):
 * the small files that a checkpoint every few seconds leaves are compacted into files of a useful
 * size (Iceberg's Flink rewrite action, a local batch job in this process), then snapshots older
 * than the retention are expired (and the files only they held deleted), keeping the latest few.
 */
public final class LakehouseMaintenance {

    /** Files are rewritten towards this size. */
    public static final long TARGET_FILE_BYTES = 128L * 1024 * 1024;

    /** What one table's upkeep did. */
    public record Result(
            String table,
            int filesBefore,
            int filesAfter,
            int snapshotsBefore,
            int snapshotsAfter) {}

    private LakehouseMaintenance() {}

    /**
     * Compacts every history table and expires its snapshots older than {@code keep} (the latest
     * {@code keepLast} always stay: readers in the middle of a query, time travel).
     */
    public static List<Result> run(LakehouseCatalog lakehouse, Duration keep, int keepLast) {
        List<Result> results = new ArrayList<>();
        try (JdbcCatalog catalog = lakehouse.open()) {
            for (HistoryTable t : LakehouseTables.ALL) {
                Table table = catalog.loadTable(t.identifier());
                int filesBefore = files(table);
                int snapshotsBefore = snapshots(table);
                if (table.currentSnapshot() != null) {
                    Actions.forTable(table)
                            .rewriteDataFiles()
                            .targetSizeInBytes(TARGET_FILE_BYTES)
                            .execute();
                    table.refresh();
                    table.expireSnapshots()
                            .expireOlderThan(Instant.now().minus(keep).toEpochMilli())
                            .retainLast(keepLast)
                            .commit();
                    table.refresh();
                }
                results.add(
                        new Result(
                                t.name(),
                                filesBefore,
                                files(table),
                                snapshotsBefore,
                                snapshots(table)));
            }
        }
        return results;
    }

    private static int files(Table table) {
        if (table.currentSnapshot() == null) {
            return 0;
        }
        int n = 0;
        try (CloseableIterable<FileScanTask> files = table.newScan().planFiles()) {
            for (FileScanTask ignored : files) {
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    private static int snapshots(Table table) {
        int n = 0;
        for (Snapshot ignored : table.snapshots()) {
            n++;
        }
        return n;
    }

    /**
     * {@code --lakehouse.*} as the tracker job takes them, {@code --keep-snapshots-hours} (24) and
     * {@code --keep-last-snapshots} (5).
     */
    public static void main(String[] args) {
        ParameterTool params = ParameterTool.fromArgs(args);
        LakehouseCatalog lakehouse = LakehouseCatalog.fromArguments(params.toMap());
        if (lakehouse == null) {
            throw new IllegalArgumentException("--lakehouse.jdbc-url is required");
        }
        for (Result r :
                run(
                        lakehouse,
                        Duration.ofHours(params.getLong("keep-snapshots-hours", 24)),
                        params.getInt("keep-last-snapshots", 5))) {
            System.out.printf(
                    "%-22s files %d -> %d, snapshots %d -> %d%n",
                    r.table(),
                    r.filesBefore(),
                    r.filesAfter(),
                    r.snapshotsBefore(),
                    r.snapshotsAfter());
        }
    }
}
