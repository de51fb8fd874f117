package dev.breakaway.core.tracking;

import dev.breakaway.core.geo.CourseMatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one fix: the rider's new state, the verdict on the fix, where it matched (if it
 * was matched), the checkpoints it crossed, and how far the fix is from the course (the nearest
 * point of the course where the rider can be; for a fix too far to be matched too), if known.
 */
public record ProgressStep(
        RiderProgressState state,
        FixVerdict verdict,
        CourseMatch match,
        List<CheckpointPassage> passages,
        Double courseOffsetMeters) {

    public ProgressStep(
            RiderProgressState state,
            FixVerdict verdict,
            CourseMatch match,
            List<CheckpointPassage> passages) {
        this(state, verdict, match, passages, match == null ? null : match.lateralOffsetMeters());
    }

    /** This step, after passages that an earlier fix taken in with it made. */
    ProgressStep withPassagesBefore(List<CheckpointPassage> earlier) {
        if (earlier.isEmpty()) {
            return this;
        }
        List<CheckpointPassage> all = new ArrayList<>(earlier);
        all.addAll(passages);
        return new ProgressStep(state, verdict, match, List.copyOf(all), courseOffsetMeters);
    }
}
