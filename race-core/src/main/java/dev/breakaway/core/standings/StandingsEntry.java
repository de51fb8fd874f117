package dev.breakaway.core.standings;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One line of the standings.
 *
 * @param lap the lap the rider is on, from 1
 * @param gapSeconds time since the head of the race passed the rider's position (0 for the leader);
 *     {@code null} before the rider has a position
 * @param elapsedSeconds finish time minus the rider's start, for finished riders
 * @param etaNextSeconds expected time to the next checkpoint (or the finish), for riders racing
 * @param etaFinishSeconds expected time to the finish ({@link EtaEstimator})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StandingsEntry(
        int position,
        String riderId,
        String bib,
        String name,
        RiderStatus status,
        int lap,
        double distanceMeters,
        double distanceToGoMeters,
        Double gapSeconds,
        double speedMps,
        Instant finishTime,
        Double elapsedSeconds,
        Instant lastFixTime,
        Double lat,
        Double lon,
        Double etaNextSeconds,
        Double etaFinishSeconds) {

    /** Without estimates. */
    public StandingsEntry(
            int position,
            String riderId,
            String bib,
            String name,
            RiderStatus status,
            int lap,
            double distanceMeters,
            double distanceToGoMeters,
            Double gapSeconds,
            double speedMps,
            Instant finishTime,
            Double elapsedSeconds,
            Instant lastFixTime,
            Double lat,
            Double lon) {
        this(
                position,
                riderId,
                bib,
                name,
                status,
                lap,
                distanceMeters,
                distanceToGoMeters,
                gapSeconds,
                speedMps,
                finishTime,
                elapsedSeconds,
                lastFixTime,
                lat,
                lon,
                null,
                null);
    }

    /** This line at a place in the order, with its gap. */
    StandingsEntry ranked(int place, Double gap) {
        return new StandingsEntry(
                place,
                riderId,
                bib,
                name,
                status,
                lap,
                distanceMeters,
                distanceToGoMeters,
                gap,
                speedMps,
                finishTime,
                elapsedSeconds,
                lastFixTime,
                lat,
                lon,
                etaNextSeconds,
                etaFinishSeconds);
    }
}
