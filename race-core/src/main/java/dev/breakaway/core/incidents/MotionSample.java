package dev.breakaway.core.incidents;

import dev.breakaway.core.incidents.StandstillDetector.Motion;
import dev.breakaway.core.incidents.StandstillDetector.Standstill;
import java.time.Instant;

/**
 * How a rider moved up to one fix: the input of incident detection.
 *
 * @param speedMps the device's Doppler speed, or the straight-line distance from the rider's
 *     previous fix over the time between; {@code NaN} when unknown (the first fix, or the previous
 *     one too long ago). For display and context only: stillness is judged over a window ({@code
 *     motion}), never from it
 * @param courseOffsetMeters how far the fix is from the course ({@code +Infinity}: further than the
 *     tracker looks), {@code null} if not known
 * @param raceDistanceMeters where the rider is in the race, if known
 * @param finished whether the rider has crossed the finish
 * @param motion what the window of the rider's recent positions says ({@link StandstillDetector})
 * @param standstill since when and where the rider stands, when {@code motion} is STILL
 * @param neutralised whether the officials had the race neutralised at the fix: no stop or crash
 *     begins then
 */
public record MotionSample(
        String raceId,
        String riderId,
        Instant ts,
        double lat,
        double lon,
        double speedMps,
        Double courseOffsetMeters,
        Double raceDistanceMeters,
        boolean finished,
        Motion motion,
        Standstill standstill,
        boolean neutralised) {

    /** A sample of a race not neutralised. */
    public MotionSample(
            String raceId,
            String riderId,
            Instant ts,
            double lat,
            double lon,
            double speedMps,
            Double courseOffsetMeters,
            Double raceDistanceMeters,
            boolean finished,
            Motion motion,
            Standstill standstill) {
        this(
                raceId,
                riderId,
                ts,
                lat,
                lon,
                speedMps,
                courseOffsetMeters,
                raceDistanceMeters,
                finished,
                motion,
                standstill,
                false);
    }

    public boolean still() {
        return motion == Motion.STILL;
    }

    /** A standstill the rider came into at a crash's speed (the crash signature's end). */
    public boolean abruptStandstill() {
        return still() && standstill != null && standstill.abrupt();
    }
}
