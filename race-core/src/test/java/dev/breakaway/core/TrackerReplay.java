package dev.breakaway.core;

import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.core.tracking.ProgressStep;
import dev.breakaway.core.tracking.RiderProgressProcessor;
import dev.breakaway.core.tracking.RiderProgressState;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.core.tracking.TrackingConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tracking logic run directly over fixes, in the order given, with default thresholds: the
 * reference the stream job and the tools are compared with.
 */
public record TrackerReplay(
        List<CheckpointPassage> passages, Map<String, RiderProgressState> states) {

    public static TrackerReplay of(TrackedRace race, Iterable<GpsFix> fixes) {
        Map<String, RiderProgressState> states = new HashMap<>();
        List<CheckpointPassage> passages = new ArrayList<>();
        for (GpsFix fix : fixes) {
            ProgressStep step =
                    RiderProgressProcessor.update(
                            race,
                            TrackingConfig.defaults(),
                            states.getOrDefault(fix.riderId(), RiderProgressState.initial()),
                            fix);
            states.put(fix.riderId(), step.state());
            passages.addAll(step.passages());
        }
        return new TrackerReplay(passages, states);
    }
}
