package dev.breakaway.flink.tracker;

import dev.breakaway.core.json.Json;
import dev.breakaway.core.model.RaceDefinition;
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
