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
    OFF_COURSE,
    /**
     * Matched further ahead than the rider's speed takes it since its progress, beyond what the
     * position error explains: a multipath jump, or a real surge. Held: it moves the rider once the
     * fixes after it stay ahead for {@link TrackingConfig#leapConfirmSeconds()}, and is dropped
     * when one of them comes back to where the rider's speed takes it. Keep the constants in this
     * order: {@link VerdictCounts} counts them by it.
     */
    HELD_AHEAD,
    /**
     * Matched further behind than the rider can be, by more than the position error explains:
     * behind its progress (riders do not ride backwards; a rider at a standstill has fixes around
     * where it stopped), or, with Doppler speeds, behind where the speeds say it got. A position
     * jump back: taken, it would slow the rider's speed and make it look as if it had lost time.
     */
    BEHIND_PROGRESS;

    /** A fix that never moves the rider (a held one may still). */
    public boolean rejected() {
        return this != ACCEPTED
                && this != BEFORE_START
                && this != AFTER_FINISH
                && this != HELD_AHEAD;
    }
}
