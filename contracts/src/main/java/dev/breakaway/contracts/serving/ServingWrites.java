package dev.breakaway.contracts.serving;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.core.standings.StandingsEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the serving store gets for one update of the tracker: pure, so that the mapping is tested
 * without a server and the writer only runs the calls.
 */
public final class ServingWrites {

    private ServingWrites() {}

    /**
     * The script call for one update.
     *
     * @param type {@code STANDINGS}, {@code PASSAGE}, {@code INCIDENT} or {@link
     *     ServingStore#DEFINITION}
     * @param version event time in epoch ms for standings and passages; the definition's version
     * @param json the {@code race-updates} message (standings, passages) or the race definition
     */
    public static ScriptCall of(String raceId, String type, long version, byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        String channel = ServingStore.changesChannel(raceId);
        String notice = ServingStore.notice(raceId, type, version);
        switch (type) {
            case RaceUpdate.STANDINGS -> {
                RaceUpdate update = Json.fromBytes(json, RaceUpdate.class);
                List<String> args = new ArrayList<>();
                args.add(Long.toString(version));
                args.add(text);
                args.add(channel);
                args.add(notice);
                for (StandingsEntry entry : update.standings().riders()) {
                    args.add(entry.riderId());
                    args.add(Json.toString(entry));
                }
                String key = ServingStore.standingsKey(raceId);
                return new ScriptCall(
                        ServingStore.PUT_VERSIONED,
                        List.of(key, ServingStore.versionKey(key), ServingStore.ridersKey(raceId)),
                        args);
            }
            case RaceUpdate.PASSAGE, RaceUpdate.INCIDENT, RaceUpdate.OVERTAKE -> {
                return new ScriptCall(
                        ServingStore.ADD_EVENT,
                        List.of(ServingStore.eventsKey(raceId)),
                        List.of(
                                Long.toString(version),
                                text,
                                channel,
                                notice,
                                Integer.toString(ServingStore.MAX_EVENTS)));
            }
            case ServingStore.DEFINITION -> {
                String key = ServingStore.definitionKey(raceId);
                return new ScriptCall(
                        ServingStore.PUT_VERSIONED,
                        List.of(key, ServingStore.versionKey(key), key + ":unused"),
                        List.of(Long.toString(version), text, channel, notice));
            }
            default -> throw new IllegalArgumentException("no serving write for type " + type);
        }
    }
}
