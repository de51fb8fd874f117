package dev.breakaway.core.incidents;

import dev.breakaway.core.geo.Geodesy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Raises and clears a rider's incidents from its motion, in event-time order: {@code CRASH} (a stop
 * with the crash signature, then stillness), {@code STOPPED} (stillness without it), {@code
 * OFF_COURSE}, {@code SIGNAL_LOST}. Each is raised once per episode and cleared when it is over.
 * Pure: the caller keeps the {@link IncidentState}.
 */
public final class IncidentTracker {

    private IncidentTracker() {}

    /** A crash signature seen (by the stream's pattern matcher) at {@code stop.ts()}. */
    public static void onAbruptStop(IncidentState s, AbruptStop stop) {
        if (stop.ts().toEpochMilli() <= s.neutralisedUntilMs) {
            return; // braking into a neutralisation, or in it: no crash
        }
        s.abruptStopMs = stop.ts().toEpochMilli();
        s.abruptLat = stop.lat();
        s.abruptLon = stop.lon();
    }

    public static List<RiderIncident> onSample(
            IncidentState s, MotionSample m, IncidentRules rules) {
        List<RiderIncident> out = new ArrayList<>();
        long now = m.ts().toEpochMilli();
        s.raceId = m.raceId();
        s.riderId = m.riderId();
        if (s.signalLost) {
            out.add(signalLost(s, m).clear(m.ts()));
            s.signalLost = false;
        }
        s.lastFixMs = now;
        s.lastLat = m.lat();
        s.lastLon = m.lon();
        s.lastDistance = m.raceDistanceMeters() != null ? m.raceDistanceMeters() : s.lastDistance;
        if (m.finished() && !s.finished) {
            s.finished = true;
            clearStill(s, m, out);
            clearOffCourse(s, m, out);
        }
        if (s.finished) {
            return out; // riders slow down and stop after the line: nothing to report
        }
        offCourse(s, m, rules, now, out);
        stillness(s, m, rules, now, out);
        return out;
    }

    /** Event time reached {@code now} with no newer fix of the rider. */
    public static List<RiderIncident> onSilence(IncidentState s, Instant now, IncidentRules rules) {
        // a rider at a standstill under a CRASH or STOPPED alert is not racing: its phone going
        // quiet (an abandon, a phone switched off) is not a signal loss while racing
        if (s.lastFixMs < 0
                || s.finished
                || s.signalLost
                || s.crashRaised
                || s.stoppedRaised
                || now.toEpochMilli() - s.lastFixMs < rules.signalLostAfter().toMillis()) {
            return List.of();
        }
        s.signalLost = true;
        return List.of(
                new RiderIncident(
                        s.raceId,
                        s.riderId,
                        IncidentType.SIGNAL_LOST,
                        false,
                        Instant.ofEpochMilli(s.lastFixMs),
                        now,
                        s.lastLat,
                        s.lastLon,
                        s.lastDistance));
    }

    private static RiderIncident signalLost(IncidentState s, MotionSample m) {
        return new RiderIncident(
                m.raceId(),
                m.riderId(),
                IncidentType.SIGNAL_LOST,
                false,
                Instant.ofEpochMilli(s.lastFixMs),
                m.ts(),
                s.lastLat,
                s.lastLon,
                s.lastDistance);
    }

    /**
     * Off course while the fixes are further from the course than the rules' distance; the episode
     * begins where the distance crossed it, interpolated between the last fix within it and the
     * first beyond, and ends alike (fixes seconds apart would otherwise shorten it by up to two
     * intervals). An episode long enough that ended before a fix beyond could tell is reported by
     * the fix back on the course, raised and cleared at once.
     */
    private static void offCourse(
            IncidentState s,
            MotionSample m,
            IncidentRules rules,
            long now,
            List<RiderIncident> out) {
        Double offset = m.courseOffsetMeters();
        double previous = s.lastOffsetMeters;
        long previousMs = s.lastOffsetMs;
        s.lastOffsetMeters = offset == null ? Double.NaN : offset;
        s.lastOffsetMs = now;
        if (offset == null || offset <= rules.offCourseMeters()) {
            if (offset != null
                    && s.offCourseSinceMs >= 0
                    && !s.offCourseRaised
                    && Double.isFinite(previous)
                    && previousMs >= 0) {
                // back before a fix could tell: it was off as long as the crossings say
                double fraction = (previous - rules.offCourseMeters()) / (previous - offset);
                long backMs = previousMs + Math.round(fraction * (now - previousMs));
                if (backMs - s.offCourseSinceMs >= rules.offCourseAfter().toMillis()) {
                    s.offCourseRaised = true;
                    out.add(offCourseIncident(s, m));
                }
            }
            clearOffCourse(s, m, out);
            return;
        }
        if (s.offCourseSinceMs < 0) {
            long since = now;
            if (!Double.isNaN(previous)
                    && previous <= rules.offCourseMeters()
                    && previousMs >= 0
                    && Double.isFinite(offset)) {
                double fraction = (rules.offCourseMeters() - previous) / (offset - previous);
                since = previousMs + Math.round(fraction * (now - previousMs));
            }
            s.offCourseSinceMs = since;
            s.offLat = m.lat();
            s.offLon = m.lon();
            s.offDistance = s.lastDistance;
        }
        if (!s.offCourseRaised && now - s.offCourseSinceMs >= rules.offCourseAfter().toMillis()) {
            s.offCourseRaised = true;
            out.add(offCourseIncident(s, m));
        }
    }

    private static RiderIncident offCourseIncident(IncidentState s, MotionSample m) {
        return new RiderIncident(
                m.raceId(),
                m.riderId(),
                IncidentType.OFF_COURSE,
                false,
                Instant.ofEpochMilli(s.offCourseSinceMs),
                m.ts(),
                s.offLat,
                s.offLon,
                s.offDistance);
    }

    private static void clearOffCourse(IncidentState s, MotionSample m, List<RiderIncident> out) {
        if (s.offCourseRaised) {
            out.add(
                    new RiderIncident(
                            m.raceId(),
                            m.riderId(),
                            IncidentType.OFF_COURSE,
                            true,
                            Instant.ofEpochMilli(s.offCourseSinceMs),
                            m.ts(),
                            s.offLat,
                            s.offLon,
                            s.offDistance));
        }
        s.offCourseRaised = false;
        s.offCourseSinceMs = -1;
    }

    /**
     * A standstill begins when the window of positions first says STILL (dated back to when the
     * rider came to rest) and ends when it says MOVING with the rider away from where it stood: one
     * stray fix, or a window the fixes cannot judge (a gap), ends nothing.
     */
    private static void stillness(
            IncidentState s,
            MotionSample m,
            IncidentRules rules,
            long now,
            List<RiderIncident> out) {
        if (m.neutralised()) {
            // nobody is racing: standing in a neutralised bunch is no stop, and braking into it no
            // crash; an alert raised before it stands until the rider rides on
            s.neutralisedUntilMs = now;
            if (!s.crashRaised && !s.stoppedRaised) {
                s.stillSinceMs = -1;
                s.abruptStopMs = -1;
                return;
            }
        }
        if (s.stillSinceMs >= 0) {
            double moved = Geodesy.distanceMeters(s.stillLat, s.stillLon, m.lat(), m.lon());
            if (m.motion() == StandstillDetector.Motion.MOVING && moved > rules.movedOnMeters()) {
                clearStill(s, m, out);
                return;
            }
        } else if (m.still() && m.standstill() != null) {
            // a standstill counts from the restart at the earliest
            s.stillSinceMs = Math.max(m.standstill().since().toEpochMilli(), s.neutralisedUntilMs);
            s.stillLat = m.standstill().lat();
            s.stillLon = m.standstill().lon();
            s.stillDistance = s.lastDistance;
        } else {
            return;
        }
        long still = now - s.stillSinceMs;
        boolean signature =
                s.abruptStopMs >= 0
                        && s.abruptStopMs >= s.stillSinceMs - rules.abruptStopWithin().toMillis()
                        && s.abruptStopMs <= now;
        if (signature
                && !s.crashRaised
                && !s.stoppedRaised
                && now - s.abruptStopMs >= rules.crashConfirmedAfter().toMillis()) {
            s.crashRaised = true;
            out.add(
                    new RiderIncident(
                            m.raceId(),
                            m.riderId(),
                            IncidentType.CRASH,
                            false,
                            Instant.ofEpochMilli(s.abruptStopMs),
                            m.ts(),
                            s.abruptLat,
                            s.abruptLon,
                            s.stillDistance));
        } else if (!s.crashRaised && !s.stoppedRaised && still >= rules.stoppedAfter().toMillis()) {
            s.stoppedRaised = true;
            out.add(
                    new RiderIncident(
                            m.raceId(),
                            m.riderId(),
                            IncidentType.STOPPED,
                            false,
                            Instant.ofEpochMilli(s.stillSinceMs),
                            m.ts(),
                            s.stillLat,
                            s.stillLon,
                            s.stillDistance));
        }
    }

    private static void clearStill(IncidentState s, MotionSample m, List<RiderIncident> out) {
        if (s.crashRaised || s.stoppedRaised) {
            boolean crash = s.crashRaised;
            out.add(
                    new RiderIncident(
                            m.raceId(),
                            m.riderId(),
                            crash ? IncidentType.CRASH : IncidentType.STOPPED,
                            true,
                            Instant.ofEpochMilli(crash ? s.abruptStopMs : s.stillSinceMs),
                            m.ts(),
                            crash ? s.abruptLat : s.stillLat,
                            crash ? s.abruptLon : s.stillLon,
                            s.stillDistance));
        }
        s.crashRaised = false;
        s.stoppedRaised = false;
        s.stillSinceMs = -1;
        s.abruptStopMs = -1;
    }
}
