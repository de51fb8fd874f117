package dev.breakaway.core.tracking;

/**
 * Per-rider counters of fix verdicts, so that nothing is rejected silently.
 *
 * @param heldAhead fixes held as a leap ahead of where the rider's speed takes it ({@link
 *     FixVerdict#HELD_AHEAD}); one that was then confirmed is counted as accepted too
 * @param behindProgress fixes matched too far behind the rider's progress ({@link
 *     FixVerdict#BEHIND_PROGRESS})
 * @param leapsDropped leaps dropped: the rider's next fix came back to where its speed takes it (a
 *     multipath jump, of one or more fixes), so the fixes held never moved it
 */
public record VerdictCounts(
        long accepted,
        long beforeStart,
        long afterFinish,
        long duplicate,
        long outOfOrder,
        long impossibleJump,
        long poorAccuracy,
        long offCourse,
        long heldAhead,
        long behindProgress,
        long leapsDropped) {

    public static final VerdictCounts NONE = new VerdictCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public VerdictCounts plus(FixVerdict verdict) {
        long[] counts = byVerdict();
        counts[verdict.ordinal()]++;
        return of(counts, leapsDropped);
    }

    /** One more held leap dropped. */
    public VerdictCounts plusLeapDropped() {
        return of(byVerdict(), leapsDropped + 1);
    }

    public long of(FixVerdict verdict) {
        return byVerdict()[verdict.ordinal()];
    }

    /** Bad fixes: they never move the rider (held leaps are counted apart). */
    public long rejected() {
        return duplicate + outOfOrder + impossibleJump + poorAccuracy + offCourse + behindProgress;
    }

    /** The counts in the order of {@link FixVerdict}'s constants. */
    private long[] byVerdict() {
        return new long[] {
            accepted,
            beforeStart,
            afterFinish,
            duplicate,
            outOfOrder,
            impossibleJump,
            poorAccuracy,
            offCourse,
            heldAhead,
            behindProgress
        };
    }

    private static VerdictCounts of(long[] c, long leapsDropped) {
        return new VerdictCounts(
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], leapsDropped);
    }
}
