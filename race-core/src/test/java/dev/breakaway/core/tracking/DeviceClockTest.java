package dev.breakaway.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.model.GpsFix;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeviceClockTest {

    private static final Instant T0 = Instant.parse("2024-07-05T12:00:00Z");

    /**
     * A phone taking one fix a second for {@code seconds}, its clock {@code clockAheadMs} ahead of
     * the true time, each fix received 0.1-0.9 s after it was truly taken.
     */
    private static DeviceClock phone(long clockAheadMs, int seconds, long seed) {
        Random network = new Random(seed);
        DeviceClock clock = DeviceClock.unknown();
        for (int s = 0; s < seconds; s++) {
            clock = clock.observe(fix(s * 1000L, clockAheadMs, 100 + network.nextInt(800)));
        }
        return clock;
    }

    /** A fix truly taken {@code takenMs} after T0, dated by a clock that far ahead. */
    private static GpsFix fix(long takenMs, long clockAheadMs, long delayMs) {
        Instant taken = T0.plusMillis(takenMs);
        return GpsFix.of("race", "r1", taken.plusMillis(clockAheadMs), 45, 5)
                .received(taken.plusMillis(delayMs), false);
    }

    /** How far the corrected time of the phone's fix after three minutes is from the truth. */
    private static long errorAfterThreeMinutesMs(long clockAheadMs, long seed) {
        DeviceClock clock = phone(clockAheadMs, 180, seed);
        GpsFix next = fix(180_000, clockAheadMs, 400);
        return Duration.between(T0.plusMillis(180_000), clock.corrected(next).timestamp())
                .toMillis();
    }

    @Test
    void aClockSecondsBehindIsBroughtToTheTrueTimeWithinTheFastestDelivery() {
        assertThat(errorAfterThreeMinutesMs(-3_000, 1)).isBetween(0L, 150L);
    }

    @Test
    void aClockSecondsAheadIsBroughtBackLikewise() {
        assertThat(errorAfterThreeMinutesMs(4_500, 2)).isBetween(0L, 150L);
    }

    @Test
    void aClockSlightlyAheadOfTheNetworksDelayIsCorrectedSinceAFixCannotArriveBeforeItWasTaken() {
        assertThat(phone(300, 180, 3).correctionMs()).isBetween(-300L, -150L);
    }

    @Test
    void aRightClockIsLeftAloneThoughSomeDeliveriesTakeSeconds() {
        Random network = new Random(4);
        DeviceClock clock = DeviceClock.unknown();
        for (int s = 0; s < 600; s++) {
            long delay = s % 97 < 30 ? 2_000 + network.nextInt(20_000) : 50 + network.nextInt(900);
            clock = clock.observe(fix(s * 1000L, 0, delay));
        }
        assertThat(clock.correctionMs()).isZero();
        GpsFix next = fix(600_000, 0, 300);
        assertThat(clock.corrected(next)).isSameAs(next);
    }

    @Test
    void nothingIsCorrectedBeforeTwoMinutesOfReceiptsAgree() {
        assertThat(phone(-3_000, 50, 5).correctionMs()).as("one minute of receipts").isZero();
        assertThat(phone(-3_000, 130, 5).correctionMs()).isBetween(3_050L, 3_200L);
    }

    @Test
    void aRaceReplayedFasterThanRealTimeIsNotTakenForAPhoneWithAWrongClock() {
        // a replay at 4x, dated so that its last fix is due now: early fixes arrive long after
        // their time, and less so each second
        DeviceClock clock = DeviceClock.unknown();
        Instant now = T0.plus(Duration.ofHours(1));
        for (int s = 0; s < 3_600; s += 1) {
            Instant ts = T0.plusSeconds(s);
            Instant sent = now.minusMillis((3_600 - s) * 250L);
            clock = clock.observe(GpsFix.of("race", "r1", ts, 45, 5).received(sent, false));
            if (s > 120) {
                assertThat(clock.correctionMs()).as("at %d s", s).isZero();
            }
        }
    }

    @Test
    void aPhoneBackFromASilenceKeepsItsClocksCorrectionFromItsFirstFix() {
        DeviceClock clock = phone(-3_000, 300, 6);
        long settled = clock.correctionMs();
        assertThat(settled).isBetween(3_050L, 3_200L);
        // silent for ten minutes: every minute of receipts kept is gone when it is back, and its
        // first fix back arrives slowly
        clock = clock.observe(fix(900_000, -3_000, 2_500));
        assertThat(clock.correctionMs()).isEqualTo(settled);
        GpsFix back = fix(901_000, -3_000, 2_500);
        assertThat(clock.corrected(back).timestamp())
                .isBetween(T0.plusMillis(901_000), T0.plusMillis(901_200));
    }

    @Test
    void aClockThatStepsKeepsItsOldCorrectionUntilItsNewOffsetHolds() {
        DeviceClock clock = phone(-3_000, 300, 6);
        long before = clock.correctionMs();
        assertThat(before).isPositive();
        Random network = new Random(7);
        // the phone syncs its clock: from now on it is right
        for (int s = 300; s < 330; s++) {
            clock = clock.observe(fix(s * 1000L, 0, 100 + network.nextInt(800)));
            assertThat(clock.correctionMs()).as("old and new offsets disagree").isEqualTo(before);
        }
        for (int s = 330; s < 700; s++) {
            clock = clock.observe(fix(s * 1000L, 0, 100 + network.nextInt(800)));
        }
        assertThat(clock.correctionMs()).as("the old offset has left the windows").isZero();
        for (int s = 700; s < 1_000; s++) {
            clock = clock.observe(fix(s * 1000L, 2_000, 100 + network.nextInt(800)));
        }
        assertThat(clock.correctionMs()).as("steady again, 2 s ahead").isBetween(-1_900L, -1_850L);
    }

    @Test
    void fixesWithoutAReceiptOrUploadedLateTellNothing() {
        DeviceClock clock = DeviceClock.unknown();
        for (int s = 0; s < 300; s++) {
            Instant taken = T0.plusSeconds(s);
            clock = clock.observe(GpsFix.of("race", "r1", taken.minusSeconds(3), 45, 5));
            clock =
                    clock.observe(
                            GpsFix.of("race", "r1", taken.minusSeconds(3), 45, 5)
                                    .received(taken.plusSeconds(90), true));
        }
        assertThat(clock.correctionMs()).isZero();
        assertThat(clock.newestWindowMs()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aFixIsTakenNoLaterThanItIsReceivedWhateverItsClockSays() {
        GpsFix ahead = fix(10_000, 20_000, 300);
        assertThat(ahead.latestTakenAt()).isEqualTo(T0.plusMillis(10_300));
        GpsFix behind = fix(10_000, -20_000, 300);
        assertThat(behind.latestTakenAt()).isEqualTo(behind.timestamp());
        GpsFix file = GpsFix.of("race", "r1", T0, 45, 5);
        assertThat(file.latestTakenAt()).isEqualTo(T0);
    }

    @Test
    void aDeliveryNoFasterThanItsMinutesFastestLeavesTheClockAsItWas() {
        DeviceClock clock = phone(-3_000, 90, 8);
        // 90 s in, a fix of the same minute that took longer than its fastest
        assertThat(clock.observe(fix(90_500, -3_000, 950))).isSameAs(clock);
        assertThat(clock.observe(fix(90_500, -3_000, 60))).isNotSameAs(clock);
    }
}
