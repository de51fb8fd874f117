package dev.breakaway.core.tracking;

/**
 * What the tracker did with one fix. Only {@link #ACCEPTED} fixes can move a rider; every fix,
 * whatever its verdict, stays in the rider's trace.
 */
public enum FixVerdict {
    /** Used for progress (the rider may or may not have moved forward). */
    ACCEPTED,
    /** Before the rider's start: kept as a position, no progress. */
    BEFORE_START,
    /** After the rider's race ended: it finished, or an official recorded its abandon. */
    AFTER_FINISH,
    /** Same timestamp as the last fix used. */
    DUPLICATE,
    /** Older than the last fix used for progress (late or reordered delivery). */
    OUT_OF_ORDER,
    /** Implies a speed no rider reaches from the last fix used. */
    IMPOSSIBLE_JUMP,
    /** The device reported an accuracy worse than the threshold. */
    POOR_ACCURACY,
    /** Not within the off-course threshold of anywhere the rider can be on the course. */
    OFF_COURSE;

    public boolean rejected() {
        return this != ACCEPTED && this != BEFORE_START && this != AFTER_FINISH;
    }
}
