package dev.breakaway.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.core.standings.RaceGroup;
import dev.breakaway.core.standings.StandingsEntry;
import java.time.Instant;
import java.util.List;

/**
 * One frame of the live WebSocket ({@code /v1/races/{raceId}/live}), as a spectator receives it.
 *
 * @param version the standings' version (event time, ms; never lower than a frame sent before)
 * @param eventsVersion the newest event's version
 * @param asOf the standings' time, absent before the first standings
 * @param riders the standings lines the subscription asked for
 * @param groups the groups on the road, all of them whatever the subscription
 * @param events the newest events of the riders the subscription asked for
 * @param neutralised {@code true} while the officials have the race neutralised (absent otherwise)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiveFrame(
        String type,
        String raceId,
        long version,
        long eventsVersion,
        Instant asOf,
        Double totalMeters,
        List<StandingsEntry> riders,
        List<RaceGroup> groups,
        List<RaceUpdate> events,
        Boolean neutralised) {

    public static final String TYPE = "live";
}
