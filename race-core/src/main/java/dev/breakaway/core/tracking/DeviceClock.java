package dev.breakaway.core.tracking;

import dev.breakaway.core.model.GpsFix;
import java.time.Instant;
import java.util.Arrays;

/**
 * What the tracker knows of one phone's clock, from when ingest received its fixes, and the fixes'
 * times corrected by it.
 *
 * <p>A fix dated {@code ts} by a clock {@code c} ahead of true time and received at {@code r} (the
 * server's clock) took {@code r − ts + c} to arrive, never less than zero: so {@code r − ts} is at
 * least {@code −c}, and the fastest deliveries come within the network's least delay of it. The
 * tracker keeps the least {@code r − ts} of each minute of receipts for the last {@value #WINDOWS}
 * minutes, and settles the clock's correction whenever the two fastest of those minutes agree
 * within {@value #STEADY_MS} ms (a clock is steady; a replay sped up is not, and is left alone):
 * the least delay if it is negative (a fix received before it was taken: the clock is ahead at
 * least that much) or more than {@value #PROMPT_DELIVERY_MS} ms (no fix of five minutes came
 * promptly: the clock is behind), else none. The correction holds until the receipts settle it
 * anew: a phone back from a silence, whose minutes of receipts have gone, keeps its clock's (a
 * clock does not drift by seconds in minutes), and one unsteady reading does not undo it. The
 * corrected time is the true time plus the fastest delivery's delay (a fraction of a second).
 *
 * <p>Fixes that did not come through ingest (files, simulations without receipts) and fixes ingest
 * marked late (uploaded long after they were taken) tell nothing and are left as they are.
 *
 * @param newestWindowMs start of the newest minute of receipts, epoch ms ({@link Long#MIN_VALUE}
 *     before the first)
 * @param fastestMs the least {@code receivedAt − timestamp} of each of the last minutes, oldest
 *     first ({@link Long#MAX_VALUE} for a minute without receipts)
 * @param correctionMs how far to move this phone's fix times (ms, added), as last settled
 */
public record DeviceClock(long newestWindowMs, long[] fastestMs, long correctionMs) {

    /** How long a window of receipts is. */
    static final long WINDOW_MS = 60_000;

    /** How many windows are kept. */
    static final int WINDOWS = 5;

    /**
     * The most a fix's delivery is taken to need at best: a phone none of whose fixes in five
     * minutes arrived faster has its clock behind.
     */
    static final long PROMPT_DELIVERY_MS = 500;

    /** How closely the two fastest windows must agree for the clock to be taken as steady. */
    static final long STEADY_MS = 500;

    public DeviceClock {
        if (fastestMs == null || fastestMs.length != WINDOWS) {
            fastestMs = empty(); // a new phone
        }
    }

    /** A phone not heard from yet. */
    public static DeviceClock unknown() {
        return new DeviceClock(Long.MIN_VALUE, empty(), 0);
    }

    private static long[] empty() {
        long[] none = new long[WINDOWS];
        Arrays.fill(none, Long.MAX_VALUE);
        return none;
    }

    /** This clock after {@code fix} was received; unchanged by fixes without a usable receipt. */
    public DeviceClock observe(GpsFix fix) {
        if (fix.receivedAt() == null || fix.late()) {
            return this;
        }
        long received = fix.receivedAt().toEpochMilli();
        long delay = received - fix.timestamp().toEpochMilli();
        long window = Math.floorDiv(received, WINDOW_MS) * WINDOW_MS;
        long[] next = fastestMs.clone();
        long newest = newestWindowMs;
        if (newestWindowMs == Long.MIN_VALUE || window > newestWindowMs) {
            long passed =
                    newestWindowMs == Long.MIN_VALUE
                            ? WINDOWS
                            : Math.min(WINDOWS, (window - newestWindowMs) / WINDOW_MS);
            int keep = (int) (WINDOWS - passed);
            System.arraycopy(fastestMs, WINDOWS - keep, next, 0, keep);
            Arrays.fill(next, keep, WINDOWS, Long.MAX_VALUE);
            next[WINDOWS - 1] = delay;
            newest = window;
        } else {
            long back = (newestWindowMs - window) / WINDOW_MS;
            if (back >= WINDOWS) {
                return this; // received before the windows kept: nothing to learn
            }
            int i = (int) (WINDOWS - 1 - back);
            if (delay >= next[i]) {
                return this; // no faster than that minute's fastest: nothing new (no state write)
            }
            next[i] = delay;
        }
        return new DeviceClock(newest, next, settle(next, correctionMs));
    }

    /** The correction the windows settle, or {@code held} where they do not (see the class). */
    private static long settle(long[] fastestMs, long held) {
        long fastest = Long.MAX_VALUE;
        long second = Long.MAX_VALUE;
        for (long delay : fastestMs) {
            if (delay < fastest) {
                second = fastest;
                fastest = delay;
            } else if (delay < second) {
                second = delay;
            }
        }
        if (second == Long.MAX_VALUE || second - fastest > STEADY_MS) {
            return held;
        }
        return fastest < 0 || fastest > PROMPT_DELIVERY_MS ? fastest : 0;
    }

    /** {@code fix} dated by the true clock, as far as this clock is known. */
    public GpsFix corrected(GpsFix fix) {
        return correctionMs == 0
                ? fix
                : fix.takenAt(Instant.ofEpochMilli(fix.timestamp().toEpochMilli() + correctionMs));
    }
}
