package dev.breakaway.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.breakaway.core.Races;
import dev.breakaway.core.TestData;
import dev.breakaway.core.geo.Course;
import dev.breakaway.core.io.TrackPoint;
import dev.breakaway.core.io.TrackReader;
import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real recordings, with their real GPS noise, sampling and gaps. The recording itself is the course
 * (rides have no separate course), so the truth of each fix is its own position along it.
 */
class RealRidesTest {

    private static List<GeoPoint> asCourse(List<TrackPoint> track) {
        List<GeoPoint> points = new ArrayList<>();
        for (TrackPoint p : track) {
            points.add(new GeoPoint(p.lon(), p.lat(), p.elevationMeters()));
        }
        return points;
    }

    private static TrackedRace raceOn(List<TrackPoint> track, List<Checkpoint> checkpoints) {
        return new TrackedRace(
                new RaceDefinition(
                        "ride",
                        "ride",
                        RaceFormat.MASS_START,
                        1,
                        track.get(0).time(),
                        checkpoints,
                        List.of(new RaceRider("r1", "1", "Rider", null)),
                        asCourse(track),
                        1));
    }

    private static GpsFix fix(TrackPoint p) {
        return GpsFix.of("ride", "r1", p.time(), p.lat(), p.lon());
    }

    private static Map<String, Instant> passagesOf(TrackedRace race, List<TrackPoint> fixes) {
        RiderProgressState state = RiderProgressState.initial();
        Map<String, Instant> crossings = new HashMap<>();
        for (TrackPoint p : fixes) {
            ProgressStep step =
                    RiderProgressProcessor.update(race, TrackingConfig.defaults(), state, fix(p));
            state = step.state();
            step.passages().forEach(x -> crossings.put(x.checkpointId(), x.crossingTime()));
        }
        return crossings;
    }

    @Test
    void aRealRideSampledEveryFiveSecondsCrossesCheckpointsWithinTwoSecondsOfTheFullRecording() {
        List<TrackPoint> ride = TrackReader.read(TestData.path("rides/2.tcx"));
        assertThat(ride).hasSizeGreaterThan(2_000);
        Course course = Course.of(asCourse(ride));
        TrackedRace race = raceOn(ride, Races.checkpointsEvery(1_000, course.lengthMeters()));

        Map<String, Instant> truth = passagesOf(race, ride);
        List<TrackPoint> everyFifth = new ArrayList<>();
        for (int i = 0; i < ride.size(); i += 5) {
            everyFifth.add(ride.get(i));
        }
        Map<String, Instant> sampled = passagesOf(race, everyFifth);

        assertThat(truth).hasSizeGreaterThan(15);
        assertThat(sampled.keySet()).containsAll(truth.keySet());
        for (String checkpoint : truth.keySet()) {
            double error =
                    Math.abs(
                            Duration.between(truth.get(checkpoint), sampled.get(checkpoint))
                                            .toMillis()
                                    / 1000.0);
            assertThat(error).as(checkpoint).isLessThanOrEqualTo(2.0);
        }
    }

    @Test
    void afterThirtyMinutesWithoutAFixTheRiderIsFoundAgainWhereItReallyIs() {
        List<TrackPoint> ride = TrackReader.read(TestData.path("rides/broken1.gpx"));
        TrackedRace race = raceOn(ride, List.of());
        Course course = race.course().lap();

        int gapAt = -1;
        for (int i = 1; i < ride.size(); i++) {
            if (Duration.between(ride.get(i - 1).time(), ride.get(i).time()).toMinutes() >= 25) {
                gapAt = i;
            }
        }
        assertThat(gapAt).as("the recording has a gap of 25+ minutes").isPositive();

        RiderProgressState state = RiderProgressState.initial();
        for (int i = 0; i < ride.size(); i++) {
            ProgressStep step =
                    RiderProgressProcessor.update(
                            race, TrackingConfig.defaults(), state, fix(ride.get(i)));
            state = step.state();
            if (i == gapAt + 5) {
                // The truth: where the recording's own point lies along it.
                TrackPoint p = ride.get(i);
                double truth =
                        course.match(
                                        p.lat(),
                                        p.lon(),
                                        0,
                                        course.lengthMeters(),
                                        5,
                                        state.raceDistanceMeters())
                                .distanceMeters();
                assertThat(state.raceDistanceMeters()).isCloseTo(truth, within(50.0));
            }
        }
        assertThat(state.raceDistanceMeters()).isCloseTo(race.totalMeters(), within(100.0));
    }
}
