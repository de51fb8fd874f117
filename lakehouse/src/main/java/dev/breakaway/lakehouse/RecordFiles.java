package dev.breakaway.lakehouse;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.DataWriter;

/** Rows written outside a Flink job (results, tools, tests) as a table's data file. */
public final class RecordFiles {

    private RecordFiles() {}

    /**
     * One Parquet data file of {@code rows}, all of one partition (the first row's), not yet
     * committed: the caller appends or overwrites with it.
     */
    public static DataFile write(Table table, List<Record> rows) throws IOException {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows to write to " + table.name());
        }
        PartitionKey key = new PartitionKey(table.spec(), table.schema());
        key.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(rows.get(0)));
        DataWriter<Record> writer =
                new GenericAppenderFactory(table.schema(), table.spec())
                        .newDataWriter(
                                EncryptedFiles.plainAsEncryptedOutput(
                                        table.io()
                                                .newOutputFile(
                                                        table.locationProvider()
                                                                .newDataLocation(
                                                                        table.spec(),
                                                                        key,
                                                                        UUID.randomUUID()
                                                                                + ".parquet"))),
                                FileFormat.PARQUET,
                                key);
        try (writer) {
            rows.forEach(writer::write);
        }
        return writer.toDataFile();
    }
}
