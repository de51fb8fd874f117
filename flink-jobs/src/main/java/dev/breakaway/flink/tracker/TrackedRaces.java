package dev.breakaway.flink.tracker;

import dev.breakaway.core.tracking.TrackedRace;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-task cache of measured courses: a {@link TrackedRace} is built from a definition once per
 * race version, not once per fix. Not state: rebuilt from broadcast state after a restore.
 */
final class TrackedRaces {

    private record Entry(long version, TrackedRace race) {}

    private final Map<String, Entry> cache = new HashMap<>();

    TrackedRace get(RaceControlMessage message) {
        Entry entry = cache.get(message.raceId());
        if (entry == null || entry.version() != message.version()) {
            entry = new Entry(message.version(), new TrackedRace(message.definition()));
            cache.put(message.raceId(), entry);
        }
        return entry.race();
    }
}
