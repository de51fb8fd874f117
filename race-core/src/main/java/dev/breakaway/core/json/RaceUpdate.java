package dev.breakaway.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.tracking.CheckpointPassage;
import java.time.Instant;

/**
 * A message on the {@code race-updates} stream: a checkpoint passage as it happens, or the
 * standings of a race (at most one per second of event time).
 *
 * <p>The sink that writes these is at-least-once, so every message carries a deterministic {@code
 * id}: readers drop repeats by id. {@code version} is the event time in epoch milliseconds: of two
 * standings of one race, the higher version is the newer state.
 *
 * @param type {@code PASSAGE} or {@code STANDINGS}; exactly the matching field is set
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RaceUpdate(
        String type,
        String id,
        String raceId,
        long version,
        CheckpointPassage passage,
        Standings standings) {

    public static final String PASSAGE = "PASSAGE";
    public static final String STANDINGS = "STANDINGS";

    public static RaceUpdate of(CheckpointPassage passage) {
        return new RaceUpdate(
                PASSAGE,
                passage.id(),
                passage.raceId(),
                passage.crossingTime().toEpochMilli(),
                passage,
                null);
    }

    /** Standings at a whole second of event time; the id names the race and that second. */
    public static RaceUpdate of(Standings standings) {
        Instant asOf = standings.asOf();
        return new RaceUpdate(
                STANDINGS,
                standingsId(standings.raceId(), asOf),
                standings.raceId(),
                asOf.toEpochMilli(),
                null,
                standings);
    }

    public static String standingsId(String raceId, Instant asOf) {
        return raceId + "/standings/" + asOf.getEpochSecond();
    }
}
