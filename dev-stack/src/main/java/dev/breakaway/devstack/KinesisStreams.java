package dev.breakaway.devstack;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Small, plain helpers to read whole streams of a local Kinesis, for tests and tools (writing:
 * {@link dev.breakaway.contracts.kinesis.KinesisRecords}).
 */
public final class KinesisStreams {

    private KinesisStreams() {}

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
