package dev.breakaway.flink.tracker;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.tracking.RaceLifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;

/**
 * A race definition as it travels through the job and sits in broadcast state: validated JSON with
 * its identity pulled out. Kept as text so that state stays readable across releases and needs no
 * Kryo; {@link TrackedRaces} parses it once per version.
 */
public record RaceControlMessage(String raceId, long version, String definitionJson) {

    public static RaceControlMessage of(RaceDefinition definition) {
        return new RaceControlMessage(
                definition.raceId(), definition.version(), Json.toString(definition));
    }

    public RaceDefinition definition() {
        return Json.fromString(definitionJson, RaceDefinition.class);
    }

    /**
     * Drops the definitions of races that are over: a retention after their end ({@link
     * RaceLifecycle#end(RaceDefinition)}), so that the keyed state of their riders and of the race,
     * which ends at the end itself, is gone first (a keyed timer cannot tell a race that was
     * dropped from one whose definition has not arrived yet). Called on each new definition: the
     * broadcast state holds the live races and those that ended since the last definition.
     */
    static void dropEnded(
            BroadcastState<String, RaceControlMessage> races,
            TrackedRaces tracked,
            RaceLifecycle lifecycle,
            long watermark)
            throws Exception {
        List<String> ended = new ArrayList<>();
        for (Map.Entry<String, RaceControlMessage> race : races.entries()) {
            Instant end;
            try {
                end = lifecycle.end(tracked.get(race.getValue()));
            } catch (IllegalArgumentException unreadable) {
                continue; // its own updates meet it, and the guard counts them
            }
            if (end.plus(lifecycle.retention()).toEpochMilli() <= watermark) {
                ended.add(race.getKey());
            }
        }
        for (String raceId : ended) {
            races.remove(raceId);
        }
    }

    /** Puts the message in broadcast state unless a newer or equal version of its race is there. */
    static void keepNewest(
            BroadcastState<String, RaceControlMessage> races, RaceControlMessage message)
            throws Exception {
        RaceControlMessage current = races.get(message.raceId());
        if (current == null || current.version() < message.version()) {
            races.put(message.raceId(), message);
        }
    }
}
