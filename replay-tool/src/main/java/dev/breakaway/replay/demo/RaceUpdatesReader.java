package dev.breakaway.replay.demo;

import dev.breakaway.core.json.Json;
import dev.breakaway.core.json.RaceUpdate;
import dev.breakaway.core.standings.Standings;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Follows {@code race-updates} as any reader must: repeats (same id) are dropped, and of the
 * standings only the highest version is kept.
 */
final class RaceUpdatesReader {

    private final KinesisClient client;
    private final String stream;
    private final Map<String, String> iterators = new HashMap<>();
    private final Set<String> seenPassages = new HashSet<>();
    private Standings latest;
    private long latestVersion = Long.MIN_VALUE;
    private long repeats;

    RaceUpdatesReader(KinesisClient client, String stream) {
        this.client = client;
        this.stream = stream;
    }

    /** Reads whatever is new on every shard. */
    void poll() {
        List<Shard> shards = client.listShards(r -> r.streamName(stream)).shards();
        for (Shard shard : shards) {
            String iterator =
                    iterators.computeIfAbsent(
                            shard.shardId(),
                            id ->
                                    client.getShardIterator(
                                                    r ->
                                                            r.streamName(stream)
                                                                    .shardId(id)
                                                                    .shardIteratorType(
                                                                            ShardIteratorType
                                                                                    .TRIM_HORIZON))
                                            .shardIterator());
            GetRecordsResponse response =
                    client.getRecords(r -> r.shardIterator(iterator).limit(1_000));
            for (Record record : response.records()) {
                accept(Json.fromBytes(record.data().asByteArrayUnsafe(), RaceUpdate.class));
            }
            iterators.put(shard.shardId(), response.nextShardIterator());
        }
    }

    private void accept(RaceUpdate update) {
        if (update.passage() != null) {
            if (!seenPassages.add(update.id())) {
                repeats++;
            }
        } else if (update.standings() != null && update.version() > latestVersion) {
            latestVersion = update.version();
            latest = update.standings();
        }
    }

    Standings latest() {
        return latest;
    }

    int passages() {
        return seenPassages.size();
    }

    long repeats() {
        return repeats;
    }
}
