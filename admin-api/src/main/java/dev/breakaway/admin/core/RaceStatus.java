package dev.breakaway.admin.core;

import java.util.Set;

/**
 * A race's lifecycle: draft (being prepared) → scheduled (ready, devices handed out) → live (the
 * definition is published, fixes are taken) → finished → archived. A scheduled race may go back to
 * draft; nothing goes back from live.
 */
public enum RaceStatus {
    DRAFT,
    SCHEDULED,
    LIVE,
    FINISHED,
    ARCHIVED;

    public Set<RaceStatus> next() {
        return switch (this) {
            case DRAFT -> Set.of(SCHEDULED);
            case SCHEDULED -> Set.of(DRAFT, LIVE);
            case LIVE -> Set.of(FINISHED);
            case FINISHED -> Set.of(ARCHIVED);
            case ARCHIVED -> Set.of();
        };
    }

    /** Checks a move; throws a 409 naming the allowed moves if it is not one. */
    public void checkMoveTo(RaceStatus target, String raceId) {
        if (!next().contains(target)) {
            throw AdminException.conflict(
                    "BAD_TRANSITION",
                    "race "
                            + raceId
                            + " is "
                            + this
                            + ": it can go to "
                            + (next().isEmpty() ? "nothing" : next())
                            + ", not "
                            + target);
        }
    }

    /** Whether the course, laps, checkpoints and climbs may still change. */
    public boolean courseEditable() {
        return this == DRAFT || this == SCHEDULED;
    }
}
