package dev.breakaway.core.tracking;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a race is over for the tracker, so that everything it keeps of the race and its riders can
 * go: a configurable time ({@code retention}, for fixes that arrive late and a last look at the
 * final state) after the last rider finished, or after the race's cut-off, whichever comes first.
 * The cut-off is the race's latest start (its own, or a time-trial rider's) plus the longest a race
 * may take ({@code maxDuration}): riders who have not finished by then never will.
 *
 * <p>Fixes taken after the end are not tracked: they would start the rider afresh.
 */
public record RaceLifecycle(Duration maxDuration, Duration retention) implements Serializable {

    public RaceLifecycle {
        Objects.requireNonNull(maxDuration, "maxDuration is null");
        Objects.requireNonNull(retention, "retention is null");
        if (maxDuration.isNegative() || maxDuration.isZero() || retention.isNegative()) {
            throw new IllegalArgumentException(
                    "maxDuration must be positive and retention not negative");
        }
    }

    /** Twelve hours for a race, half an hour after it. */
    public static RaceLifecycle defaults() {
        return new RaceLifecycle(Duration.ofHours(12), Duration.ofMinutes(30));
    }

    /** The race's cut-off: its latest start plus {@link #maxDuration}. */
    public Instant cutOff(TrackedRace race) {
        return race.latestStartTime().plus(maxDuration);
    }

    /** The end of the race's state when not every rider has finished: after the cut-off. */
    public Instant end(TrackedRace race) {
        return cutOff(race).plus(retention);
    }

    /**
     * The end of the race's state.
     *
     * @param lastFinish when the last registered rider finished, or {@code null} while some have
     *     not
     */
    public Instant end(TrackedRace race, Instant lastFinish) {
        Instant cutOff = cutOff(race);
        Instant over = lastFinish != null && lastFinish.isBefore(cutOff) ? lastFinish : cutOff;
        return over.plus(retention);
    }
}
