package dev.breakaway.core.tracking;

/** Per-rider counters of fix verdicts, so that nothing is rejected silently. */
public record VerdictCounts(
        long accepted,
        long beforeStart,
        long afterFinish,
        long duplicate,
        long outOfOrder,
        long impossibleJump,
        long poorAccuracy,
        long offCourse) {

    public static final VerdictCounts NONE = new VerdictCounts(0, 0, 0, 0, 0, 0, 0, 0);

    public VerdictCounts plus(FixVerdict verdict) {
        return switch (verdict) {
            case ACCEPTED ->
                    new VerdictCounts(
                            accepted + 1,
                            beforeStart,
                            afterFinish,
                            duplicate,
                            outOfOrder,
                            impossibleJump,
                            poorAccuracy,
                            offCourse);
            case BEFORE_START ->
                    new VerdictCounts(
                            accepted,
                            beforeStart + 1,
                            afterFinish,
                            duplicate,
                            outOfOrder,
                            impossibleJump,
                            poorAccuracy,
                            offCourse);
            case AFTER_FINISH ->
                    new VerdictCounts(
                            accepted,
                            beforeStart,
                            afterFinish + 1,
                            duplicate,
                            outOfOrder,
                            impossibleJump,
                            poorAccuracy,
                            offCourse);
            case DUPLICATE ->
                    new VerdictCounts(
                            accepted,
                            beforeStart,
                            afterFinish,
                            duplicate + 1,
                            outOfOrder,
                            impossibleJump,
                            poorAccuracy,
                            offCourse);
            case OUT_OF_ORDER ->
                    new VerdictCounts(
                            accepted,
                            beforeStart,
                            afterFinish,
                            duplicate,
                            outOfOrder + 1,
                            impossibleJump,
                            poorAccuracy,
                            offCourse);
            case IMPOSSIBLE_JUMP ->
                    new VerdictCounts(
                            accepted,
                            beforeStart,
                            afterFinish,
                            duplicate,
                            outOfOrder,
                            impossibleJump + 1,
                            poorAccuracy,
                            offCourse);
            case POOR_ACCURACY ->
                    new VerdictCounts(
                            accepted,
                            beforeStart,
                            afterFinish,
                            duplicate,
                            outOfOrder,
                            impossibleJump,
                            poorAccuracy + 1,
                            offCourse);
            case OFF_COURSE ->
                    new VerdictCounts(
                            accepted,
                            beforeStart,
                            afterFinish,
                            duplicate,
                            outOfOrder,
                            impossibleJump,
                            poorAccuracy,
                            offCourse + 1);
        };
    }

    public long of(FixVerdict verdict) {
        return switch (verdict) {
            case ACCEPTED -> accepted;
            case BEFORE_START -> beforeStart;
            case AFTER_FINISH -> afterFinish;
            case DUPLICATE -> duplicate;
            case OUT_OF_ORDER -> outOfOrder;
            case IMPOSSIBLE_JUMP -> impossibleJump;
            case POOR_ACCURACY -> poorAccuracy;
            case OFF_COURSE -> offCourse;
        };
    }

    public long rejected() {
        return duplicate + outOfOrder + impossibleJump + poorAccuracy + offCourse;
    }
}
