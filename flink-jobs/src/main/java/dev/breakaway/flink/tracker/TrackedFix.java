package dev.breakaway.flink.tracker;

import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.tracking.FixVerdict;

/**
 * Every fix with what the tracker made of it: the raw trace, rejected fixes included, for the
 * history tables.
 *
 * @param raceDistanceMeters where it matched, or {@code null} if it was not matched
 * @param lap the lap (from 1) it matched on, or {@code null} if it was not matched
 * @param lateralOffsetMeters how far it is from the course (for a fix too far to be matched too),
 *     or {@code null} if not known
 * @param finished whether the rider had crossed the finish by then
 * @param neutralised whether the officials had the race neutralised at the fix (its time on the
 *     true clock)
 */
public record TrackedFix(
        GpsFix fix,
        FixVerdict verdict,
        Double raceDistanceMeters,
        Integer lap,
        Double lateralOffsetMeters,
        boolean finished,
        boolean neutralised) {

    /** A fix of a race not neutralised then. */
    public TrackedFix(
            GpsFix fix,
            FixVerdict verdict,
            Double raceDistanceMeters,
            Integer lap,
            Double lateralOffsetMeters,
            boolean finished) {
        this(fix, verdict, raceDistanceMeters, lap, lateralOffsetMeters, finished, false);
    }
}
