package dev.breakaway.core.tracking;

import dev.breakaway.core.geo.CourseMatch;
import java.util.List;

/**
 * The outcome of one fix: the rider's new state, the verdict on the fix, where it matched (if it
 * was matched), and the checkpoints it crossed.
 */
public record ProgressStep(
        RiderProgressState state,
        FixVerdict verdict,
        CourseMatch match,
        List<CheckpointPassage> passages) {}
