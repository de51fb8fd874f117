package dev.breakaway.core.incidents;

import java.time.Instant;

/**
 * How a rider moved up to one fix: the input of incident detection. Speed is the straight-line
 * distance from the rider's previous fix over the time between (not along the course, so that it
 * holds off the course too); slowly varying GPS error mostly cancels out of it.
 *
 * @param speedMps {@code NaN} when unknown (the first fix, or the previous one too long ago)
 * @param onCourse whether the tracker matched the fix to the course
 * @param raceDistanceMeters where the rider is in the race, if known
 * @param finished whether the rider has crossed the finish
 */
public record MotionSample(
        String raceId,
        String riderId,
        Instant ts,
        double lat,
        double lon,
        double speedMps,
        boolean onCourse,
        Double raceDistanceMeters,
        boolean finished) {}
