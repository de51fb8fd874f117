package dev.breakaway.core.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.model.GpsFix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentTrackerTest {

    private static final Instant T0 = Instant.parse("2024-07-05T12:00:00Z");
    private static final IncidentRules RULES = IncidentRules.defaults();
    private static final double LAT = 47.0;
    private static final double LON = 5.0;

    /**
     * A rider heading north, one fix a second (3 m accuracy), through the pure chain the job runs:
     * fixes, their window ({@link MotionEstimator}), the crash signature as the job's pattern
     * matcher sees it (a sample not at a standstill, then one at an abrupt standstill) and the
     * tracker.
     */
    private static final class Ride {
        final IncidentState state = new IncidentState();
        final List<RiderIncident> incidents = new ArrayList<>();
        List<GpsFix> recent = List.of();
        MotionSample previous;
        double north;
        double speed;
        int second;

        /** Seconds between fixes. */
        int interval = 1;

        /** Whether the officials have the race neutralised. */
        boolean neutralised;

        MotionSample sample(double metersMoved, boolean onCourse, double jitterNorth) {
            return sample(
                    metersMoved, onCourse ? ON_THE_ROAD : Double.POSITIVE_INFINITY, jitterNorth);
        }

        MotionSample sample(double metersMoved, Double courseOffsetMeters, double jitterNorth) {
            north += metersMoved;
            second += interval;
            GpsFix fix =
                    new GpsFix(
                            "race",
                            "r1",
                            T0.plusSeconds(second),
                            LAT + (north + jitterNorth) / Geodesy.metersPerDegreeLat(LAT),
                            LON,
                            null,
                            3.0,
                            null,
                            false,
                            null,
                            null);
            recent = StandstillDetector.remember(recent, fix);
            return MotionEstimator.next(
                    recent, courseOffsetMeters, north, false, neutralised, RULES);
        }

        void feed(MotionSample m) {
            if (previous != null && !previous.still() && m.abruptStandstill()) {
                IncidentTracker.onAbruptStop(
                        state,
                        new AbruptStop(
                                "race",
                                "r1",
                                m.standstill().since(),
                                m.standstill().lat(),
                                m.standstill().lon(),
                                m.standstill().approachSpeedMps()));
            }
            previous = m;
            incidents.addAll(IncidentTracker.onSample(state, m, RULES));
        }

        Ride ride(double speed, int seconds) {
            return ride(speed, seconds, true);
        }

        Ride ride(double speed, int seconds, boolean onCourse) {
            this.speed = speed;
            for (int i = 0; i < seconds; i++) {
                feed(sample(speed, onCourse, 0));
            }
            return this;
        }

        /** Rides at {@code speed} with its fixes this far from the course, one a fix. */
        Ride rideAt(double speed, double... offsetsMeters) {
            this.speed = speed;
            for (double offset : offsetsMeters) {
                feed(sample(speed * interval, offset, 0));
            }
            return this;
        }

        Ride neutralised(boolean neutralised) {
            this.neutralised = neutralised;
            return this;
        }

        /** Slows at {@code deceleration} m/s² to a standstill (a mechanical, an abandon). */
        Ride slowToAStop(double deceleration) {
            while (speed > 0) {
                double next = Math.max(0, speed - deceleration);
                feed(sample((speed + next) / 2, true, 0));
                speed = next;
            }
            return this;
        }

        /** Stands still while the phone's positions jump {@code meters} back and forth. */
        Ride standJittering(double meters, int seconds) {
            speed = 0;
            for (int i = 0; i < seconds; i++) {
                feed(sample(0, true, i % 2 == 0 ? meters : -meters));
            }
            return this;
        }

        List<String> log() {
            return incidents.stream()
                    .map(
                            i ->
                                    i.type()
                                            + (i.cleared() ? " cleared" : "")
                                            + "@"
                                            + (i.ts().getEpochSecond() - T0.getEpochSecond()))
                    .toList();
        }
    }

    @Test
    void aCrashIsRaisedTenSecondsAfterTheStopOnceAndClearedWhenTheRiderRidesOn() {
        // at 11 m/s until second 60, then a standstill (creeping at 0.3 m/s), then on again
        Ride r = new Ride().ride(11, 60).ride(0.3, 120).ride(6, 20);
        assertThat(r.incidents)
                .extracting(RiderIncident::type)
                .containsExactly(IncidentType.CRASH, IncidentType.CRASH);
        RiderIncident crash = r.incidents.get(0);
        assertThat(crash.cleared()).isFalse();
        assertThat(crash.startedAt()).isBetween(T0.plusSeconds(59), T0.plusSeconds(61));
        assertThat(crash.ts()).isBetween(T0.plusSeconds(69), T0.plusSeconds(75));
        assertThat(r.incidents.get(1).cleared()).isTrue();
        assertThat(r.incidents.get(1).id()).isEqualTo(crash.id() + "/cleared");
    }

    @Test
    void aCrashFromFiveMetresASecondIsACrashAndHardBrakingThatRidesOnIsNothing() {
        Ride slow = new Ride().ride(5, 60).ride(0, 60);
        assertThat(slow.incidents)
                .extracting(RiderIncident::type)
                .containsExactly(IncidentType.CRASH);

        // braking hard to 2 m/s and riding on (the riders behind a crash)
        Ride braking = new Ride().ride(11, 60).ride(7, 1).ride(3, 1).ride(2, 3);
        for (int v = 3; v <= 11; v++) {
            braking.ride(v, 1);
        }
        braking.ride(11, 60);
        assertThat(braking.incidents).isEmpty();
    }

    @Test
    void stillnessWithoutACrashSignatureIsStoppedAfterThirtySeconds() {
        // slowing at 0.5 m/s² from 11 m/s: at rest 22 s after second 60
        Ride r = new Ride().ride(11, 60).slowToAStop(0.5).ride(0, 15);
        assertThat(r.incidents).as("15 s at rest").isEmpty();
        r.ride(0, 20);
        assertThat(r.incidents)
                .extracting(RiderIncident::type)
                .containsExactly(IncidentType.STOPPED);
        r.ride(0, 100);
        assertThat(r.incidents).hasSize(1);
    }

    /**
     * The officials neutralise the race: the bunch brakes (hard, for one rider: the crash
     * signature) and stands three minutes, then rides on. Nobody is racing: no crash, no stop. The
     * same ride not neutralised is a crash.
     */
    @Test
    void standingInANeutralisationIsNeitherAStopNorACrash() {
        Ride r =
                new Ride()
                        .ride(11, 60)
                        .neutralised(true)
                        .slowToAStop(6)
                        .standJittering(2, 180)
                        .neutralised(false)
                        .ride(3, 5)
                        .ride(10, 60);
        assertThat(r.incidents).isEmpty();

        Ride notNeutralised =
                new Ride()
                        .ride(11, 60)
                        .slowToAStop(6)
                        .standJittering(2, 180)
                        .ride(3, 5)
                        .ride(10, 60);
        assertThat(notNeutralised.incidents)
                .extracting(RiderIncident::type)
                .containsExactly(IncidentType.CRASH, IncidentType.CRASH);
    }

    /**
     * A rider still standing when the race sets off again is stopped from the restart: 30 s later
     * it is a stop, which began at the restart.
     */
    @Test
    void aRiderStillStandingAfterTheRestartIsStoppedFromTheRestart() {
        Ride r =
                new Ride()
                        .ride(11, 60)
                        .neutralised(true)
                        .slowToAStop(1)
                        .standJittering(2, 120)
                        .neutralised(false);
        int restart = r.second;
        r.standJittering(2, 25);
        assertThat(r.incidents).as("25 s after the restart").isEmpty();
        r.standJittering(2, 10);
        assertThat(r.incidents)
                .extracting(RiderIncident::type)
                .containsExactly(IncidentType.STOPPED);
        assertThat(r.incidents.get(0).startedAt()).isEqualTo(T0.plusSeconds(restart));
    }

    @Test
    void aRiderWhoStoppedAndWhosePhoneThenGoesQuietHasNoSignalLoss() {
        // an abandon: the rider stops, and minutes later its phone is switched off
        Ride r = new Ride().ride(11, 60).slowToAStop(0.4).ride(0, 240);
        assertThat(r.incidents)
                .extracting(RiderIncident::type)
                .containsExactly(IncidentType.STOPPED);

        assertThat(IncidentTracker.onSilence(r.state, T0.plusSeconds(600), RULES)).isEmpty();
    }

    @Test
    void aBriefStopAndTheJitterOfAStandingPhoneRaiseNothingFalse() {
        // a stop of 15 s: no alert
        Ride r = new Ride().ride(11, 60).slowToAStop(0.6).ride(0, 15).ride(10, 30);
        assertThat(r.incidents).isEmpty();
        // a standing phone whose positions jump 8 m each second is still: one STOPPED, held
        r.slowToAStop(0.6).standJittering(4, 120);
        assertThat(r.incidents)
                .extracting(RiderIncident::type)
                .containsExactly(IncidentType.STOPPED);
    }

    @Test
    void offCourseIsRaisedAfterTwentySecondsAndClearedBackOnTheCourse() {
        Ride r = new Ride().ride(10, 30).ride(10, 19, false).ride(10, 5);
        assertThat(r.incidents).isEmpty();
        r.ride(10, 25, false).ride(10, 3);
        assertThat(r.log()).containsExactly("OFF_COURSE@75", "OFF_COURSE cleared@80");
    }

    @Test
    void offCourseIsMoreThanFiftyMetresFromTheCourseEvenWhereTheTrackerStillMatchesTheFix() {
        double[] at45 = new double[40];
        java.util.Arrays.fill(at45, 45);
        double[] at55 = new double[25];
        java.util.Arrays.fill(at55, 55);
        Ride r = new Ride().ride(10, 10).rideAt(10, at45);
        assertThat(r.incidents).as("a service road 45 m from the course").isEmpty();
        r.rideAt(10, at55);
        assertThat(r.log()).containsExactly("OFF_COURSE@71"); // 20 s after 50.5 s
        assertThat(r.incidents.get(0).startedAt()).isEqualTo(T0.plusMillis(50_500));
    }

    @Test
    void anOffCourseEpisodeBeginsWhereTheDistanceCrossedFiftyMetresBetweenSparseFixes() {
        Ride r = new Ride();
        r.interval = 5;
        // fixes every 5 s: 40 m at 15 s, 90 m at 20 s (crossing 50 m at 16 s), out 25 s
        r.rideAt(8, 0, 10, 40, 90, 120, 140, 130, 90, 40, 5);
        assertThat(r.log()).containsExactly("OFF_COURSE@40", "OFF_COURSE cleared@45");
        assertThat(r.incidents.get(0).startedAt()).isEqualTo(T0.plusSeconds(16));
    }

    @Test
    void anEpisodeLongEnoughThatEndedBetweenTwoSparseFixesIsReportedByTheFixBack() {
        Ride r = new Ride();
        r.interval = 5;
        // beyond 50 m from 16 s (40 m at 15 s, 90 m at 20 s) to 39 s (90 m at 35 s, 40 m at 40
        // s): 23 s off, though no fix beyond it is 20 s after the first
        r.rideAt(8, 0, 10, 40, 90, 120, 140, 90, 40, 5);
        assertThat(r.log()).containsExactly("OFF_COURSE@40", "OFF_COURSE cleared@40");
        // 18 s off (16 s to 34 s): not an episode
        Ride shorter = new Ride();
        shorter.interval = 5;
        shorter.rideAt(8, 0, 10, 40, 90, 120, 90, 40, 5);
        assertThat(shorter.incidents).isEmpty();
    }

    @Test
    void signalLostAfterAMinuteOfSilenceWhileRacingClearedByTheNextFix() {
        Ride r = new Ride().ride(10, 30);
        assertThat(IncidentTracker.onSilence(r.state, T0.plusSeconds(89), RULES)).isEmpty();
        List<RiderIncident> lost = IncidentTracker.onSilence(r.state, T0.plusSeconds(90), RULES);
        assertThat(lost)
                .singleElement()
                .satisfies(
                        i -> {
                            assertThat(i.type()).isEqualTo(IncidentType.SIGNAL_LOST);
                            assertThat(i.riderId()).isEqualTo("r1");
                            assertThat(i.startedAt()).isEqualTo(T0.plusSeconds(30));
                        });
        assertThat(IncidentTracker.onSilence(r.state, T0.plusSeconds(120), RULES)).isEmpty();
        r.second = 130;
        r.ride(10, 1);
        assertThat(r.incidents).singleElement().satisfies(i -> assertThat(i.cleared()).isTrue());
    }

    /** How far a rider's fixes are from the course on it: the road's width and GPS error. */
    private static final double ON_THE_ROAD = 4;

    @Test
    void nothingIsReportedAfterTheFinish() {
        Ride r = new Ride().ride(11, 30);
        IncidentTracker.onSample(
                r.state,
                new MotionSample(
                        "race",
                        "r1",
                        T0.plusSeconds(31),
                        LAT,
                        LON,
                        11,
                        ON_THE_ROAD,
                        1e5,
                        true,
                        StandstillDetector.Motion.MOVING,
                        null),
                RULES);
        r.ride(0.2, 100);
        assertThat(r.incidents).isEmpty();
        assertThat(IncidentTracker.onSilence(r.state, T0.plusSeconds(1000), RULES)).isEmpty();
    }
}
