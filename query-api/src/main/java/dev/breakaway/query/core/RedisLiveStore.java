package dev.breakaway.query.core;

import dev.breakaway.contracts.serving.ServingStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link LiveStore} on Redis (Lettuce, one shared thread-safe connection). A document and its
 * version are read with one MGET, so they always belong together.
 */
public final class RedisLiveStore implements LiveStore {

    private final RedisCommands<String, String> redis;

    public RedisLiveStore(RedisCommands<String, String> redis) {
        this.redis = Objects.requireNonNull(redis, "redis is null");
    }

    private Optional<Versioned> document(String key) {
        var values = redis.mget(key, ServingStore.versionKey(key));
        String json = values.get(0).getValueOrElse(null);
        String version = values.get(1).getValueOrElse(null);
        if (json == null || version == null) {
            return Optional.empty();
        }
        return Optional.of(new Versioned(json, Long.parseLong(version)));
    }

    @Override
    public Optional<Versioned> definition(String raceId) {
        return document(ServingStore.definitionKey(raceId));
    }

    @Override
    public Optional<Versioned> standings(String raceId) {
        return document(ServingStore.standingsKey(raceId));
    }

    @Override
    public Optional<Versioned> rider(String raceId, String riderId) {
        String json = redis.hget(ServingStore.ridersKey(raceId), riderId);
        if (json == null) {
            return Optional.empty();
        }
        String version = redis.get(ServingStore.versionKey(ServingStore.standingsKey(raceId)));
        return Optional.of(new Versioned(json, version == null ? 0 : Long.parseLong(version)));
    }

    @Override
    public List<Versioned> eventsAfter(String raceId, long afterMillis, int limit) {
        return versioned(
                redis.zrangebyscoreWithScores(
                        ServingStore.eventsKey(raceId),
                        Range.from(
                                Range.Boundary.excluding((double) afterMillis),
                                Range.Boundary.unbounded()),
                        Limit.create(0, limit)));
    }

    @Override
    public List<Versioned> newestEvents(String raceId, int count) {
        List<Versioned> newestFirst =
                versioned(redis.zrevrangeWithScores(ServingStore.eventsKey(raceId), 0, count - 1));
        List<Versioned> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    @Override
    public List<RaceEntry> races(int limit) {
        List<RaceEntry> races = new ArrayList<>();
        for (ScoredValue<String> v : redis.zrevrangeWithScores(ServingStore.RACES, 0, limit - 1)) {
            races.add(new RaceEntry(v.getValue(), (long) v.getScore()));
        }
        return races;
    }

    private static List<Versioned> versioned(List<ScoredValue<String>> values) {
        List<Versioned> out = new ArrayList<>(values.size());
        for (ScoredValue<String> v : values) {
            out.add(new Versioned(v.getValue(), (long) v.getScore()));
        }
        return out;
    }
}
