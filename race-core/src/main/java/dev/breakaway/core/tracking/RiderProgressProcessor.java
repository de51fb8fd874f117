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
 *   <li>Duplicates, fixes older than the last one used, impossible jumps, poor accuracy, positions
 *       off the course and fixes further behind the rider's progress than their error explains
 *       never move the rider; each is counted in the state and reported in the step's verdict, so
 *       that the caller keeps them in the trace.
 *   <li>A fix that leaps ahead of where the rider's speed takes it, by more than the position error
 *       explains, is held, not taken: a multipath jump of a few tens of metres would otherwise move
 *       the rider ahead of its bunch until the others caught up with where it "was", and progress
 *       cannot go back. It is taken once the fixes after it stay ahead for {@link
 *       TrackingConfig#leapConfirmSeconds()} (a surge, a restart after a stop), and dropped as soon
 *       as one comes back to where the rider's speed takes it. Meanwhile the rider is where its
 *       last fix taken put it (the standings bring it forward at its speed). A fix back in line
 *       with the one before the last, where the last fell behind both (a jump back, which without
 *       Doppler cannot be told from braking when it comes), is no leap: it is taken. The first fix
 *       after a silence of {@value #SILENCE_SECONDS} s or more, where the rider can be anywhere
 *       within kilometres, is held the same way until the fixes after it agree with it (none behind
 *       it by more than the error), and dropped as soon as one does not.
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
        if (state.latestFixTime() != null) {
            int order = ts.compareTo(state.latestFixTime());
            if (order == 0) {
                return verdict(state, FixVerdict.DUPLICATE);
            }
            if (order < 0) {
                return verdict(state, FixVerdict.OUT_OF_ORDER);
            }
        }
        if (state.lastFixTime() != null) {
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
                            state.counts().plus(FixVerdict.BEFORE_START),
                            null,
                            null,
                            state.scatterMeters(),
                            Double.NaN,
                            null,
                            Double.NaN,
                            Double.NaN),
                    FixVerdict.BEFORE_START,
                    null,
                    List.of());
        }

        CourseMatch match = match(race, config, state, fix, config.maxOffCourseMeters());
        if (match == null) {
            // too far to move the rider: how far is still what off-course detection needs
            CourseMatch nearest = match(race, config, state, fix, NEAREST_WITHIN_METERS);
            return new ProgressStep(
                    state.withCounts(state.counts().plus(FixVerdict.OFF_COURSE)),
                    FixVerdict.OFF_COURSE,
                    null,
                    List.of(),
                    nearest == null ? null : nearest.lateralOffsetMeters());
        }

        if (behind(race, config, state, fix, match)) {
            return new ProgressStep(
                    state.withCounts(state.counts().plus(FixVerdict.BEHIND_PROGRESS)),
                    FixVerdict.BEHIND_PROGRESS,
                    match,
                    List.of());
        }
        GpsFix held = state.heldFix();
        if (held == null) {
            if (leapsAhead(race, config, state, fix, match) || backFromSilence(state, ts)) {
                return hold(state, fix, ts, match);
            }
            return accept(race, config, state, fix, match);
        }
        RiderProgressState released =
                state.holding(null, null, state.counts()); // what was held is decided now
        boolean ahead =
                backFromSilence(state, held.timestamp())
                        ? agreesWithHeld(race, config, released, held, fix, match)
                        : leapsAhead(race, config, state, fix, match);
        if (!ahead) {
            // back where the rider's speed takes it: what lay ahead was a jump
            RiderProgressState dropped = released.withCounts(released.counts().plusLeapDropped());
            return accept(race, config, dropped, fix, match);
        }
        if (seconds(state.heldSince(), ts) < config.leapConfirmSeconds()) {
            return hold(state, fix, state.heldSince(), match);
        }
        // the fixes stayed ahead: the rider really is there (a surge, a restart)
        // (the held fix matched against the same progress when it came, so it matches again)
        CourseMatch heldMatch = match(race, config, released, held, config.maxOffCourseMeters());
        if (heldMatch == null) {
            return update(race, config, released, fix);
        }
        ProgressStep first = accept(race, config, released, held, heldMatch);
        RiderProgressState afterHeld = first.state();
        CourseMatch now =
                afterHeld.finished()
                        ? null
                        : match(race, config, afterHeld, fix, config.maxOffCourseMeters());
        // this fix is one of those that stayed ahead: taken with the held one, not held anew
        ProgressStep second =
                now == null
                        ? update(race, config, afterHeld, fix)
                        : accept(race, config, afterHeld, fix, now);
        return second.withPassagesBefore(first.passages());
    }

    /**
     * A device silent this long (the definitions' signal loss) may be anywhere within kilometres of
     * where it was: the leap check cannot judge its first fix back, which is held until the fixes
     * after it agree with it for {@link TrackingConfig#leapConfirmSeconds()} (a multipath jump on
     * the first fix back would otherwise stand until the rider caught up with it).
     */
    static final double SILENCE_SECONDS = 60;

    /** Whether a fix at {@code ts} is the first after a silence of the rider's device. */
    private static boolean backFromSilence(RiderProgressState state, Instant ts) {
        return state.progressTime() != null
                && state.lastFixTime() != null
                && seconds(state.lastFixTime(), ts) >= SILENCE_SECONDS;
    }

    /**
     * Whether a fix after the held first fix back from a silence lies where the held one puts the
     * rider: not behind it, moved on at the lowest speed the Doppler speeds allow (0 without them),
     * by more than the position error explains.
     */
    private static boolean agreesWithHeld(
            TrackedRace race,
            TrackingConfig config,
            RiderProgressState released,
            GpsFix held,
            GpsFix fix,
            CourseMatch match) {
        CourseMatch heldMatch = match(race, config, released, held, config.maxOffCourseMeters());
        if (heldMatch == null) {
            return false;
        }
        double low = 0;
        double now = dopplerMps(fix);
        double then = dopplerMps(held);
        if (!Double.isNaN(now) && !Double.isNaN(then)) {
            low = Math.max(0, Math.min(now, then) - DOPPLER_ERROR_MPS);
        }
        double since = Math.max(0, seconds(held.timestamp(), fix.timestamp()));
        return match.distanceMeters()
                >= heldMatch.distanceMeters()
                        + low * since
                        - leapToleranceMeters(config, released, fix);
    }

    /** Whatever held fix is kept, with the new one as the latest. */
    private static ProgressStep hold(
            RiderProgressState state, GpsFix fix, Instant since, CourseMatch match) {
        return new ProgressStep(
                state.holding(fix, since, state.counts().plus(FixVerdict.HELD_AHEAD)),
                FixVerdict.HELD_AHEAD,
                match,
                List.of());
    }

    /**
     * Whether the fix matched further ahead than the rider can have got, by more than the position
     * error explains ({@link #leapToleranceMeters}): ahead of both where its progress and where its
     * last fix taken put it, moved on at the highest speed it can have had since. Where the fix and
     * the one before report their Doppler speed, that is the higher of the two (the rider can have
     * changed speed right away); else the rider's speed (the fix's Doppler speed, or the smoothed
     * speed) and what its acceleration can add over the time since. Until the smoothed speed has
     * had time to follow the rider from its start (twice its time constant), there is no speed to
     * go by: nothing is held then, nor after the restart of a neutralisation (the field sets off
     * from a standstill).
     */
    private static boolean leapsAhead(
            TrackedRace race,
            TrackingConfig config,
            RiderProgressState state,
            GpsFix fix,
            CourseMatch match) {
        if (!speedSettled(race, config, state, fix)) {
            return false;
        }
        double sinceProgress = Math.max(0, seconds(state.progressTime(), fix.timestamp()));
        double sinceLastFix = Math.max(0, seconds(state.lastFixTime(), fix.timestamp()));
        double[] doppler = dopplerRangeMps(state, fix);
        // both Doppler speeds known: the higher of them bounds the speed; else the speed known may
        // be off by what the rider's acceleration makes of it
        double speed = doppler != null ? doppler[1] : speedFor(state, fix);
        double acceleration = doppler != null ? 0 : RIDER_ACCELERATION_MPS2;
        double fromProgress =
                reachMeters(state.raceDistanceMeters(), speed, acceleration, sinceProgress);
        double fromLastFix =
                reachMeters(state.lastMatchedDistanceMeters(), speed, acceleration, sinceLastFix);
        double tolerance = leapToleranceMeters(config, state, fix);
        double matched = Math.min(match.distanceMeters(), race.totalMeters());
        if (matched <= Math.max(fromProgress, fromLastFix) + tolerance) {
            return false;
        }
        // without Doppler a jump back shorter than the distance ridden was taken as braking: the
        // fix after it, back where the fix before it and the speed then put the rider, shows the
        // jump for what it was (two fixes against one), and is no leap
        return doppler != null || !inLineWithPriorFix(state, fix, matched, tolerance);
    }

    /**
     * Whether the last fix taken lay behind where the fix taken before it, at the smoothed speed
     * after it (no acceleration), put the rider, by more than the position error, and this fix lies
     * no further than where that fix puts it now: the last fix then stands alone against the two
     * around it, as a jump back does. Not across a silence of the phone, over which a speed says
     * little of where the rider went.
     */
    private static boolean inLineWithPriorFix(
            RiderProgressState state, GpsFix fix, double matchedMeters, double toleranceMeters) {
        if (state.priorFixTime() == null
                || Double.isNaN(state.priorMatchedDistanceMeters())
                || Double.isNaN(state.priorSpeedMps())) {
            return false;
        }
        double priorToLast = seconds(state.priorFixTime(), state.lastFixTime());
        if (priorToLast >= SILENCE_SECONDS) {
            return false;
        }
        double priorWayOn =
                state.priorMatchedDistanceMeters() + state.priorSpeedMps() * priorToLast;
        if (state.lastMatchedDistanceMeters() >= priorWayOn - toleranceMeters) {
            return false;
        }
        double since = Math.max(0, seconds(state.priorFixTime(), fix.timestamp()));
        return matchedMeters
                <= state.priorMatchedDistanceMeters()
                        + state.priorSpeedMps() * since
                        + toleranceMeters;
    }

    /** How far a rider gets from {@code fromMeters} in {@code seconds}. */
    private static double reachMeters(
            double fromMeters, double speedMps, double accelerationMps2, double seconds) {
        return fromMeters + speedMps * seconds + 0.5 * accelerationMps2 * seconds * seconds;
    }

    /**
     * Whether the fix matched further behind than the rider can be, by more than the position error
     * explains: behind its progress (riders do not ride backwards, and the fixes of a rider at a
     * standstill lie around where it stopped), or, where the fix and the one before report their
     * Doppler speed, behind where the lower of the two takes it from the fix before (a rider who
     * stopped says so: its speed falls to 0). Without Doppler a fix behind where the rider's speed
     * takes it cannot be told from a rider who braked, and is taken.
     */
    private static boolean behind(
            TrackedRace race,
            TrackingConfig config,
            RiderProgressState state,
            GpsFix fix,
            CourseMatch match) {
        if (state.progressTime() == null) {
            return false;
        }
        double tolerance = leapToleranceMeters(config, state, fix);
        if (match.distanceMeters() < state.raceDistanceMeters() - tolerance) {
            return true;
        }
        double[] doppler = dopplerRangeMps(state, fix);
        if (doppler == null || !speedSettled(race, config, state, fix)) {
            return false;
        }
        double sinceLastFix = Math.max(0, seconds(state.lastFixTime(), fix.timestamp()));
        return match.distanceMeters()
                < state.lastMatchedDistanceMeters() + doppler[0] * sinceLastFix - tolerance;
    }

    /**
     * The lowest and highest speed the rider can have had since its last fix taken, where that fix
     * and this one report their Doppler speed: the two speeds, widened by their error; {@code null}
     * otherwise.
     */
    private static double[] dopplerRangeMps(RiderProgressState state, GpsFix fix) {
        double now = dopplerMps(fix);
        if (Double.isNaN(now) || Double.isNaN(state.lastDopplerMps())) {
            return null;
        }
        double low = Math.min(now, state.lastDopplerMps());
        double high = Math.max(now, state.lastDopplerMps());
        return new double[] {Math.max(0, low - DOPPLER_ERROR_MPS), high + DOPPLER_ERROR_MPS};
    }

    /** How far off a phone's Doppler speed may be (a few tenths of a metre per second). */
    static final double DOPPLER_ERROR_MPS = 0.5;

    /**
     * Whether the smoothed speed has had time to follow the rider from its start (twice its time
     * constant) and there is a fix taken before this one to go from.
     */
    private static boolean speedSettled(
            TrackedRace race, TrackingConfig config, RiderProgressState state, GpsFix fix) {
        // set going again after a neutralisation, a rider starts anew from a standstill
        Instant start = race.startTimeOf(fix.riderId());
        Instant restart = race.definition().restartBefore(fix.timestamp());
        Instant from = restart != null && restart.isAfter(start) ? restart : start;
        return state.progressTime() != null
                && state.lastFixTime() != null
                && seconds(from, state.progressTime()) >= 2 * config.speedSmoothingSeconds();
    }

    /**
     * The rider's speed since its last fix taken, as well as it is known: the mean of the Doppler
     * speeds of that fix and this one where both report one, this one's where only it does, else
     * the smoothed speed.
     */
    private static double speedFor(RiderProgressState state, GpsFix fix) {
        double now = dopplerMps(fix);
        if (Double.isNaN(now)) {
            return state.speedMps();
        }
        return Double.isNaN(state.lastDopplerMps()) ? now : (state.lastDopplerMps() + now) / 2;
    }

    /** The speed the fix reports itself (Doppler), NaN if none (a negative speed is unknown). */
    private static double dopplerMps(GpsFix fix) {
        return fix.speedMps() != null && fix.speedMps() >= 0 ? fix.speedMps() : Double.NaN;
    }

    /**
     * How far beyond where the rider can be a fix may lie before it is not taken: {@link
     * TrackingConfig#leapMeters()}, or more for a noisier phone, as its own fixes show ({@value
     * #SCATTER_TIMES} times their scatter) or as it says (three times its reported accuracy, the 68
     * % radius).
     */
    private static double leapToleranceMeters(
            TrackingConfig config, RiderProgressState state, GpsFix fix) {
        double tolerance = Math.max(config.leapMeters(), SCATTER_TIMES * state.scatterMeters());
        return fix.accuracyMeters() == null
                ? tolerance
                : Math.max(tolerance, 3 * fix.accuracyMeters());
    }

    /**
     * How many times a phone's scatter (the mean distance of a fix from where the fix before and
     * the speed put it: 0.8 standard deviations for a normal error) a leap must exceed: about three
     * standard deviations, which a phone's own error rarely reaches.
     */
    static final double SCATTER_TIMES = 4;

    /** The scatter is a running mean over this many fixes (fewer at first). */
    static final int SCATTER_FIXES = 30;

    /**
     * How fast a rider's speed along the road changes (an attack, a sprint, a bend): bounds how far
     * the speed known at its progress may be off over the time since.
     */
    static final double RIDER_ACCELERATION_MPS2 = 0.5;

    /**
     * The rider's scatter with this fix taken in (unchanged until its speed has settled). Each fix
     * counts for no more than {@link TrackingConfig#leapMeters()}: a jump taken in cannot blind the
     * check, nor a scatter feed on itself.
     */
    private static double scatterWith(
            TrackedRace race,
            TrackingConfig config,
            RiderProgressState state,
            GpsFix fix,
            CourseMatch match) {
        if (!speedSettled(race, config, state, fix)) {
            return state.scatterMeters();
        }
        double speed = speedFor(state, fix);
        double sinceLastFix = Math.max(0, seconds(state.lastFixTime(), fix.timestamp()));
        double off =
                Math.abs(
                        match.distanceMeters()
                                - state.lastMatchedDistanceMeters()
                                - speed * sinceLastFix);
        long taken = Math.min(state.counts().accepted() + 1, SCATTER_FIXES);
        return state.scatterMeters()
                + (Math.min(off, config.leapMeters()) - state.scatterMeters()) / taken;
    }

    /** The fix taken for progress. */
    private static ProgressStep accept(
            TrackedRace race,
            TrackingConfig config,
            RiderProgressState state,
            GpsFix fix,
            CourseMatch match) {
        Instant ts = fix.timestamp();
        double progress = state.raceDistanceMeters();
        Instant anchorTime = anchorTime(race, state, fix);
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
        // A first fix has nothing before it but the start: over the time since (a rider who
        // joins the race late), but not over the split second of a fix taken at the start line.
        double speed =
                state.lastFixTime() == null
                        ? Math.max(0, matched - progress)
                                / Math.max(intervalSeconds, config.speedSmoothingSeconds())
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
                        state.counts().plus(FixVerdict.ACCEPTED),
                        null,
                        null,
                        scatterWith(race, config, state, fix, match),
                        dopplerMps(fix),
                        state.lastFixTime(),
                        state.lastMatchedDistanceMeters(),
                        state.speedMps());
        return new ProgressStep(next, FixVerdict.ACCEPTED, match, passages);
    }

    private static Instant anchorTime(TrackedRace race, RiderProgressState state, GpsFix fix) {
        return state.progressTime() == null
                ? race.startTimeOf(fix.riderId())
                : state.progressTime();
    }

    /**
     * The fix matched to the course where the rider can be: from a little behind its progress to as
     * far as the maximum speed reaches since, up to a distance from the course.
     */
    private static CourseMatch match(
            TrackedRace race,
            TrackingConfig config,
            RiderProgressState state,
            GpsFix fix,
            double maxOffsetMeters) {
        double progress = state.raceDistanceMeters();
        double sinceAnchorSeconds =
                Math.max(0, seconds(anchorTime(race, state, fix), fix.timestamp()));
        return race.course()
                .match(
                        fix.lat(),
                        fix.lon(),
                        progress - config.backwardToleranceMeters(),
                        progress
                                + config.maxSpeedMps() * sinceAnchorSeconds
                                + config.windowMarginMeters(),
                        maxOffsetMeters,
                        progress + state.speedMps() * sinceAnchorSeconds);
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
