package dev.breakaway.core.tracking;

import dev.breakaway.core.geo.CourseMatch;
import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.model.GpsFix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves one rider along the course, fix by fix: {@code update(state, fix) -> step}.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>Progress (race distance) never decreases. A fix is matched only where the rider can
 *       physically be: from a little behind its progress to as far as the maximum speed reaches
 *       since then. That window is what keeps a rider on the right pass of a loop, a circuit or an
 *       out-and-back road, and a long gap simply widens it.
 *   <li>Duplicates, fixes older than the last one used, impossible jumps, poor accuracy and
 *       positions off the course never move the rider; each is counted in the state and reported in
 *       the step's verdict, so that the caller keeps them in the trace.
 *   <li>Each timing point (checkpoint per lap, then the finish) is passed once, at a time
 *       interpolated linearly between the two fixes that bracket it.
 * </ul>
 *
 * Pure and deterministic: the same fixes in the same order give the same passages, to the
 * nanosecond, which is what lets a restored job reproduce the ids and times it emitted before.
 */
public final class RiderProgressProcessor {

    private RiderProgressProcessor() {}

    public static ProgressStep update(
            TrackedRace race, TrackingConfig config, RiderProgressState state, GpsFix fix) {
        Instant ts = fix.timestamp();
        if (state.finished()) {
            return verdict(state, FixVerdict.AFTER_FINISH);
        }
        Instant abandoned = race.abandonedAt(fix.riderId());
        if (abandoned != null && !ts.isBefore(abandoned)) {
            // out of the race: its phone (in the team car, say) moves it no further
            return verdict(state, FixVerdict.AFTER_FINISH);
        }
        if (fix.accuracyMeters() != null && fix.accuracyMeters() > config.maxAccuracyMeters()) {
            return verdict(state, FixVerdict.POOR_ACCURACY);
        }
        if (state.lastFixTime() != null) {
            int order = ts.compareTo(state.lastFixTime());
            if (order == 0) {
                return verdict(state, FixVerdict.DUPLICATE);
            }
            if (order < 0) {
                return verdict(state, FixVerdict.OUT_OF_ORDER);
            }
            double jumpMeters =
                    Geodesy.approximateDistanceMeters(
                            state.lastLat(), state.lastLon(), fix.lat(), fix.lon());
            double reachableMeters =
                    config.maxSpeedMps() * seconds(state.lastFixTime(), ts)
                            + config.windowMarginMeters();
            if (jumpMeters > reachableMeters) {
                return verdict(state, FixVerdict.IMPOSSIBLE_JUMP);
            }
        }
        Instant start = race.startTimeOf(fix.riderId());
        if (ts.isBefore(start)) {
            return new ProgressStep(
                    new RiderProgressState(
                            ts,
                            fix.lat(),
                            fix.lon(),
                            state.raceDistanceMeters(),
                            state.progressTime(),
                            state.lastMatchedDistanceMeters(),
                            state.lateralOffsetMeters(),
                            0,
                            null,
                            state.counts().plus(FixVerdict.BEFORE_START)),
                    FixVerdict.BEFORE_START,
                    null,
                    List.of());
        }

        double progress = state.raceDistanceMeters();
        Instant anchorTime = state.progressTime() == null ? start : state.progressTime();
        double sinceAnchorSeconds = Math.max(0, seconds(anchorTime, ts));
        double fromMeters = progress - config.backwardToleranceMeters();
        double toMeters =
                progress + config.maxSpeedMps() * sinceAnchorSeconds + config.windowMarginMeters();
        double expectedMeters = progress + state.speedMps() * sinceAnchorSeconds;
        CourseMatch match =
                within(
                        race,
                        fix,
                        fromMeters,
                        toMeters,
                        expectedMeters,
                        config.maxOffCourseMeters());
        if (match == null) {
            // too far to move the rider: how far is still what off-course detection needs
            CourseMatch nearest =
                    within(race, fix, fromMeters, toMeters, expectedMeters, NEAREST_WITHIN_METERS);
            return new ProgressStep(
                    state.withCounts(state.counts().plus(FixVerdict.OFF_COURSE)),
                    FixVerdict.OFF_COURSE,
                    null,
                    List.of(),
                    nearest == null ? null : nearest.lateralOffsetMeters());
        }

        double matched = match.distanceMeters();
        boolean moved = matched > progress;
        List<CheckpointPassage> passages = List.of();
        Instant finishTime = null;
        if (moved) {
            passages = passagesBetween(race, fix.riderId(), progress, anchorTime, matched, ts);
            for (CheckpointPassage p : passages) {
                if (p.finish()) {
                    finishTime = p.crossingTime();
                }
            }
        }

        Instant previousFixTime = state.lastFixTime() == null ? anchorTime : state.lastFixTime();
        double intervalSeconds = Math.max(1e-3, seconds(previousFixTime, ts));
        double instantSpeed = Math.max(0, matched - progress) / intervalSeconds;
        double weight = 1 - Math.exp(-intervalSeconds / config.speedSmoothingSeconds());
        double speed =
                state.lastFixTime() == null
                        ? instantSpeed
                        : state.speedMps() + weight * (instantSpeed - state.speedMps());

        double newProgress = moved ? Math.min(matched, race.totalMeters()) : progress;
        Instant newProgressTime =
                finishTime != null ? finishTime : moved ? ts : state.progressTime();
        RiderProgressState next =
                new RiderProgressState(
                        ts,
                        fix.lat(),
                        fix.lon(),
                        newProgress,
                        newProgressTime,
                        matched,
                        match.lateralOffsetMeters(),
                        speed,
                        finishTime,
                        state.counts().plus(FixVerdict.ACCEPTED));
        return new ProgressStep(next, FixVerdict.ACCEPTED, match, passages);
    }

    private static List<CheckpointPassage> passagesBetween(
            TrackedRace race,
            String riderId,
            double fromMeters,
            Instant fromTime,
            double toMeters,
            Instant toTime) {
        int first = race.firstTimingPointAfter(fromMeters);
        if (first >= race.timingPointCount() || race.timingDistance(first) > toMeters) {
            return List.of();
        }
        long spanNanos = Duration.between(fromTime, toTime).toNanos();
        List<CheckpointPassage> passages = new ArrayList<>(2);
        for (int i = first;
                i < race.timingPointCount() && race.timingDistance(i) <= toMeters;
                i++) {
            double at = race.timingDistance(i);
            double fraction = (at - fromMeters) / (toMeters - fromMeters);
            Instant crossing = fromTime.plusNanos(Math.round(fraction * spanNanos));
            String checkpointId = race.timingId(i);
            int lap = race.timingLap(i);
            passages.add(
                    new CheckpointPassage(
                            CheckpointPassage.idOf(race.raceId(), riderId, checkpointId, lap),
                            race.raceId(),
                            riderId,
                            checkpointId,
                            lap,
                            crossing,
                            at,
                            CheckpointPassage.FINISH_ID.equals(checkpointId)));
        }
        return passages;
    }

    /** The fix matched to the course between two race distances, up to a distance from it. */
    private static CourseMatch within(
            TrackedRace race,
            GpsFix fix,
            double fromMeters,
            double toMeters,
            double expectedMeters,
            double maxOffsetMeters) {
        return race.course()
                .match(fix.lat(), fix.lon(), fromMeters, toMeters, maxOffsetMeters, expectedMeters);
    }

    /** How far from the course an off-course fix's distance to it is still measured. */
    static final double NEAREST_WITHIN_METERS = 5_000;

    private static ProgressStep verdict(RiderProgressState state, FixVerdict verdict) {
        return new ProgressStep(
                state.withCounts(state.counts().plus(verdict)), verdict, null, List.of());
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
