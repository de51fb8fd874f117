package dev.breakaway.core.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.core.geo.Geodesy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentTrackerTest {

    private static final Instant T0 = Instant.parse("2024-07-05T12:00:00Z");
    private static final IncidentRules RULES = IncidentRules.defaults();
    private static final double LAT = 47.0;
    private static final double LON = 5.0;

    /** A rider heading north at the given speeds, one fix a second, on or off the course. */
    private static final class Ride {
        final IncidentState state = new IncidentState();
        final List<RiderIncident> incidents = new ArrayList<>();
        double north;
        int second;

        MotionSample sample(double speed, boolean onCourse) {
            north += speed;
            second++;
            return new MotionSample(
                    "race",
                    "r1",
                    T0.plusSeconds(second),
                    LAT + north / Geodesy.metersPerDegreeLat(LAT),
                    LON,
                    speed,
                    onCourse,
                    north,
                    false);
        }

        Ride ride(double speed, int seconds) {
            return ride(speed, seconds, true);
        }

        Ride ride(double speed, int seconds, boolean onCourse) {
            for (int i = 0; i < seconds; i++) {
                incidents.addAll(IncidentTracker.onSample(state, sample(speed, onCourse), RULES));
            }
            return this;
        }

        Ride abruptStop() {
            IncidentTracker.onAbruptStop(
                    state, new AbruptStop("race", "r1", T0.plusSeconds(second + 1), LAT, LON, 11));
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
        Ride r = new Ride().ride(11, 60).abruptStop().ride(0.3, 120).ride(6, 20);
        assertThat(r.incidents)
                .extracting(RiderIncident::type)
                .containsExactly(IncidentType.CRASH, IncidentType.CRASH);
        RiderIncident crash = r.incidents.get(0);
        assertThat(crash.cleared()).isFalse();
        assertThat(crash.startedAt()).isEqualTo(T0.plusSeconds(61));
        assertThat(crash.ts()).isEqualTo(T0.plusSeconds(71));
        assertThat(r.incidents.get(1).cleared()).isTrue();
        assertThat(r.incidents.get(1).id()).isEqualTo(crash.id() + "/cleared");
    }

    @Test
    void stillnessWithoutACrashSignatureIsStoppedAfterThirtySeconds() {
        Ride r = new Ride().ride(11, 60).ride(0.2, 29);
        assertThat(r.incidents).isEmpty();
        r.ride(0.2, 1);
        assertThat(r.incidents)
                .extracting(RiderIncident::type)
                .containsExactly(IncidentType.STOPPED);
        r.ride(0.2, 100);
        assertThat(r.incidents).hasSize(1);
    }

    @Test
    void aRiderWhoStoppedAndWhosePhoneThenGoesQuietHasNoSignalLoss() {
        // an abandon: the rider stops, and minutes later its phone is switched off
        Ride r = new Ride().ride(11, 60).ride(0, 240);
        assertThat(r.incidents)
                .extracting(RiderIncident::type)
                .containsExactly(IncidentType.STOPPED);

        assertThat(IncidentTracker.onSilence(r.state, T0.plusSeconds(600), RULES)).isEmpty();
    }

    @Test
    void aBriefStopAndTheJitterOfAStandingPhoneRaiseNothingFalse() {
        // a stop of 20 s: no alert; jitter of a standing phone between 1 and 2.5 m/s: still
        Ride r = new Ride().ride(11, 60).ride(0.4, 20).ride(10, 30);
        assertThat(r.incidents).isEmpty();
        r.ride(0.4, 10).ride(2.5, 4).ride(0.4, 21);
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

    @Test
    void nothingIsReportedAfterTheFinish() {
        Ride r = new Ride().ride(11, 30);
        IncidentTracker.onSample(
                r.state,
                new MotionSample("race", "r1", T0.plusSeconds(31), LAT, LON, 11, true, 1e5, true),
                RULES);
        r.ride(0.2, 100);
        assertThat(r.incidents).isEmpty();
        assertThat(IncidentTracker.onSilence(r.state, T0.plusSeconds(1000), RULES)).isEmpty();
    }
}
