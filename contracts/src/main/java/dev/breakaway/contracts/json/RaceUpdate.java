package dev.breakaway.contracts.json;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.breakaway.contracts.RecordIds;
import dev.breakaway.core.incidents.RiderIncident;
import dev.breakaway.core.standings.Overtake;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.tracking.CheckpointPassage;
import java.time.Instant;
import java.util.List;

/**
 * A message on the {@code race-updates} stream: a checkpoint passage as it happens, or the
 * standings of a race (at most one per second of event time).
 *
 * <p>The sink that writes these is at-least-once, so every message carries a deterministic {@code
 * id}: readers drop repeats by id. {@code version} is the event time in epoch milliseconds: of two
 * standings of one race, the higher version is the newer state.
 *
 * @param type {@code PASSAGE}, {@code STANDINGS}, {@code INCIDENT} (raised or cleared) or {@code
 *     OVERTAKE}; exactly the matching field is set
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RaceUpdate(
        String type,
        String id,
        String raceId,
        long version,
        CheckpointPassage passage,
        Standings standings,
        RiderIncident incident,
        Overtake overtake) {

    public static final String PASSAGE = "PASSAGE";
    public static final String STANDINGS = "STANDINGS";
    public static final String INCIDENT = "INCIDENT";
    public static final String OVERTAKE = "OVERTAKE";

    public static RaceUpdate of(CheckpointPassage passage) {
        return new RaceUpdate(
                PASSAGE,
                passage.id(),
                passage.raceId(),
                passage.crossingTime().toEpochMilli(),
                passage,
                null,
                null,
                null);
    }

    /** An incident raised or cleared; its version is when (event time). */
    public static RaceUpdate of(RiderIncident incident) {
        return new RaceUpdate(
                INCIDENT,
                incident.id(),
                incident.raceId(),
                incident.ts().toEpochMilli(),
                null,
                null,
                incident,
                null);
    }

    /** Standings at a whole second of event time; the id names the race and that second. */
    public static RaceUpdate of(Standings standings) {
        Instant asOf = standings.asOf();
        return new RaceUpdate(
                STANDINGS,
                RecordIds.standings(standings.raceId(), asOf),
                standings.raceId(),
                asOf.toEpochMilli(),
                null,
                standings,
                null,
                null);
    }

    /** An overtake, confirmed; its version is when it happened. */
    public static RaceUpdate of(Overtake overtake) {
        return new RaceUpdate(
                OVERTAKE,
                overtake.id(),
                overtake.raceId(),
                overtake.ts().toEpochMilli(),
                null,
                null,
                null,
                overtake);
    }

    /**
     * The riders this update is about: the passing rider, the rider of an incident, the two riders
     * of an overtake; none for standings (about every rider).
     */
    @JsonIgnore
    public List<String> riderIds() {
        if (passage != null) {
            return List.of(passage.riderId());
        }
        if (incident != null) {
            return List.of(incident.riderId());
        }
        if (overtake != null) {
            return List.of(overtake.riderId(), overtake.overtakenRiderId());
        }
        return List.of();
    }
}
