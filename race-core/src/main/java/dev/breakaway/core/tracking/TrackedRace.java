package dev.breakaway.core.tracking;

import dev.breakaway.core.geo.Course;
import dev.breakaway.core.geo.RaceCourse;
import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceRider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A race definition made ready for tracking: its course measured and indexed, and its timing points
 * (each checkpoint on each lap, then the finish) laid out along the race distance. Building one
 * measures every segment geodesically, so build it once per race version and share it; it is
 * immutable.
 */
public final class TrackedRace {

    private final RaceDefinition definition;
    private final RaceCourse course;
    private final double[] timingDistances;
    private final String[] timingIds;
    private final int[] timingLaps;
    private final Map<String, Instant> startTimes = new HashMap<>();
    private final Map<String, Instant> abandonedAt = new HashMap<>();
    private final Instant latestStartTime;
    private dev.breakaway.core.standings.EtaEstimator eta;

    public TrackedRace(RaceDefinition definition) {
        this.definition = definition;
        this.course = new RaceCourse(Course.of(definition.course()), definition.laps());
        Instant latest = definition.startTime();
        for (RaceRider rider : definition.riders()) {
            Instant start = definition.startTimeOf(rider.riderId());
            startTimes.put(rider.riderId(), start);
            if (rider.abandoned()) {
                abandonedAt.put(rider.riderId(), rider.abandonedAt());
            }
            latest = start.isAfter(latest) ? start : latest;
        }
        this.latestStartTime = latest;
        double lapLength = course.lapLengthMeters();
        List<Checkpoint> checkpoints = new ArrayList<>(definition.checkpoints());
        checkpoints.sort(Comparator.comparingDouble(Checkpoint::distanceMeters));
        for (Checkpoint c : checkpoints) {
            if (CheckpointPassage.FINISH_ID.equals(c.id())) {
                throw new IllegalArgumentException(
                        "checkpoint id '" + c.id() + "' is reserved for the finish");
            }
            if (c.distanceMeters() >= lapLength) {
                throw new IllegalArgumentException(
                        "checkpoint "
                                + c.id()
                                + " at "
                                + c.distanceMeters()
                                + " m is not before the end of the lap ("
                                + Math.round(lapLength)
                                + " m); the finish is implicit");
            }
        }
        int count = checkpoints.size() * definition.laps() + 1;
        timingDistances = new double[count];
        timingIds = new String[count];
        timingLaps = new int[count];
        int n = 0;
        for (int lap = 0; lap < definition.laps(); lap++) {
            for (Checkpoint c : checkpoints) {
                timingDistances[n] = lap * lapLength + c.distanceMeters();
                timingIds[n] = c.id();
                timingLaps[n] = lap + 1;
                n++;
            }
        }
        timingDistances[n] = course.totalMeters();
        timingIds[n] = CheckpointPassage.FINISH_ID;
        timingLaps[n] = definition.laps();
    }

    /** The race distance of the next checkpoint (or the finish) after {@code raceMeters}. */
    public double nextTimingDistance(double raceMeters) {
        for (double d : timingDistances) {
            if (d > raceMeters) {
                return d;
            }
        }
        return course.totalMeters();
    }

    /** Time estimates on this course (built once, on first use). */
    public dev.breakaway.core.standings.EtaEstimator eta() {
        if (eta == null) {
            eta = new dev.breakaway.core.standings.EtaEstimator(course);
        }
        return eta;
    }

    /**
     * Race distances of the timing points passed on the way: checkpoints of every lap, not the
     * finish.
     */
    public double[] intermediateTimingDistances() {
        return java.util.Arrays.copyOf(timingDistances, timingDistances.length - 1);
    }

    /** The race's own start or a (time-trial) rider's, whichever is latest. */
    public Instant latestStartTime() {
        return latestStartTime;
    }

    public RaceDefinition definition() {
        return definition;
    }

    public String raceId() {
        return definition.raceId();
    }

    public RaceCourse course() {
        return course;
    }

    public double totalMeters() {
        return course.totalMeters();
    }

    /** The rider's own start (time trials), else the race's; O(1), called for every fix. */
    /** When an official recorded the rider's abandon, or {@code null} if it did not abandon. */
    public Instant abandonedAt(String riderId) {
        return abandonedAt.get(riderId);
    }

    public Instant startTimeOf(String riderId) {
        return startTimes.getOrDefault(riderId, definition.startTime());
    }

    int timingPointCount() {
        return timingDistances.length;
    }

    double timingDistance(int i) {
        return timingDistances[i];
    }

    String timingId(int i) {
        return timingIds[i];
    }

    int timingLap(int i) {
        return timingLaps[i];
    }

    /** Index of the first timing point strictly beyond a race distance. */
    int firstTimingPointAfter(double raceDistanceMeters) {
        int lo = 0;
        int hi = timingDistances.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timingDistances[mid] <= raceDistanceMeters) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
