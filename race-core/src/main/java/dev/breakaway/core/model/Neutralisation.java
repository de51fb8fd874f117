package dev.breakaway.core.model;

import java.time.Instant;
import java.util.List;
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

    /**
     * Refuses neutralisations out of time order or overlapping (one still on must be the last).
     *
     * @throws IllegalArgumentException naming the two that do not follow each other
     */
    public static void requireInOrder(String raceId, List<Neutralisation> neutralisations) {
        for (int i = 1; i < neutralisations.size(); i++) {
            Neutralisation before = neutralisations.get(i - 1);
            Neutralisation next = neutralisations.get(i);
            if (before.until() == null || next.from().isBefore(before.until())) {
                throw new IllegalArgumentException(
                        "race "
                                + raceId
                                + ": a neutralisation cannot begin ("
                                + next.from()
                                + ") before the previous one ended ("
                                + (before.until() == null ? "still on" : before.until())
                                + ")");
            }
        }
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
