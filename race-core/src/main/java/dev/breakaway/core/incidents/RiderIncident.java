package dev.breakaway.core.incidents;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An incident raised, or cleared when the rider moves on (back on the course, sending again). Each
 * is raised once per episode; its id is deterministic ({@code race/rider/TYPE/<start epoch ms>}),
 * and its clearing carries the same id with {@code /cleared}.
 *
 * @param startedAt when the episode began (the stop, the first fix off the course, the last fix)
 * @param ts when it was raised or cleared (event time)
 * @param lat where it happened
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RiderIncident(
        String raceId,
        String riderId,
        IncidentType type,
        boolean cleared,
        Instant startedAt,
        Instant ts,
        double lat,
        double lon,
        Double raceDistanceMeters) {

    public String id() {
        return raceId
                + "/"
                + riderId
                + "/"
                + type
                + "/"
                + startedAt.toEpochMilli()
                + (cleared ? "/cleared" : "");
    }

    RiderIncident clear(Instant at) {
        return new RiderIncident(
                raceId, riderId, type, true, startedAt, at, lat, lon, raceDistanceMeters);
    }
}
