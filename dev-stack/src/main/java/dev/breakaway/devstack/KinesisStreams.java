package dev.breakaway.devstack;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Small, plain helpers to write and read whole streams of a local Kinesis, for tests and tools. */
public final class KinesisStreams {

    private KinesisStreams() {}

    /**
     * Batch size for the emulator: kinesis-mock is fastest at about 100 records a request (measured
     * here: 30 records 51 ms, 100 records 80 ms, 500 records 868 ms).
     */
    public static final int EMULATOR_BATCH = 100;

    /**
     * Puts records in batches of {@link #EMULATOR_BATCH}, in order, retrying the failed entries of
     * partial failures.
     *
     * @param partitionKey the key of each record (records with one key keep their order)
     */
    public static <T> void putAll(
            KinesisClient client,
            String stream,
            List<T> records,
            Function<T, String> partitionKey,
            Function<T, byte[]> data) {
        for (int from = 0; from < records.size(); from += EMULATOR_BATCH) {
            List<PutRecordsRequestEntry> batch = new ArrayList<>();
            for (T record :
                    records.subList(from, Math.min(records.size(), from + EMULATOR_BATCH))) {
                batch.add(
                        PutRecordsRequestEntry.builder()
                                .partitionKey(partitionKey.apply(record))
                                .data(SdkBytes.fromByteArray(data.apply(record)))
                                .build());
            }
            for (int attempt = 0; !batch.isEmpty(); attempt++) {
                if (attempt == 20) {
                    throw new IllegalStateException("records still rejected after 20 attempts");
                }
                List<PutRecordsRequestEntry> request = batch;
                PutRecordsResponse response =
                        client.putRecords(r -> r.streamName(stream).records(request));
                List<PutRecordsRequestEntry> failed = new ArrayList<>();
                for (int i = 0; i < request.size(); i++) {
                    if (response.records().get(i).errorCode() != null) {
                        failed.add(request.get(i));
                    }
                }
                batch = failed;
            }
        }
    }

    /**
     * Every record on every shard of a stream, from the oldest: shard by shard, so per shard in
     * order (and so per partition key).
     */
    public static List<Record> readAll(KinesisClient client, String stream) {
        List<Record> all = new ArrayList<>();
        for (Shard shard : client.listShards(r -> r.streamName(stream)).shards()) {
            String iterator =
                    client.getShardIterator(
                                    r ->
                                            r.streamName(stream)
                                                    .shardId(shard.shardId())
                                                    .shardIteratorType(
                                                            ShardIteratorType.TRIM_HORIZON))
                            .shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse response =
                        client.getRecords(r -> r.shardIterator(current).limit(10_000));
                all.addAll(response.records());
                if (response.records().isEmpty() || response.millisBehindLatest() == 0L) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        return all;
    }

    /** Record payloads as UTF-8 strings. */
    public static List<String> texts(List<Record> records) {
        List<String> texts = new ArrayList<>(records.size());
        for (Record r : records) {
            texts.add(r.data().asUtf8String());
        }
        return texts;
    }
}
