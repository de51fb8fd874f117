package dev.breakaway.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A stretch of a race that its officials neutralised (a closed level crossing, a crash blocking the
 * road, the weather): while it lasts nobody is racing, race time stands still for the gaps, and no
 * stop, crash or overtake begins (docs/definitions.md).
 *
 * @param from when the officials neutralised the race
 * @param until when they set it going again, or {@code null} while it still is neutralised
 */
public record Neutralisation(Instant from, Instant until) {

    public Neutralisation {
        Objects.requireNonNull(from, "from is null");
        if (until != null && until.isBefore(from)) {
            throw new IllegalArgumentException(
                    "a neutralisation cannot end (" + until + ") before it began (" + from + ")");
        }
    }

    /** Whether the race is neutralised at {@code t}: from {@code from}, until {@code until}. */
    public boolean covers(Instant t) {
        return !t.isBefore(from) && (until == null || t.isBefore(until));
    }

    /**
     * How many milliseconds of {@code [a, b]} it covers (an open one runs to {@code b}); 0 if
     * {@code b} is not after {@code a}.
     */
    public long overlapMillis(Instant a, Instant b) {
        long start = Math.max(a.toEpochMilli(), from.toEpochMilli());
        long end =
                until == null ? b.toEpochMilli() : Math.min(b.toEpochMilli(), until.toEpochMilli());
        return Math.max(0, end - start);
    }
}
