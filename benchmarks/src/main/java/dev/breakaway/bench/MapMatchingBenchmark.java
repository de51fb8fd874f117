package dev.breakaway.bench;

import dev.breakaway.core.geo.Course;
import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.io.CourseReader;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.tracking.ProgressStep;
import dev.breakaway.core.tracking.RiderProgressProcessor;
import dev.breakaway.core.tracking.RiderProgressState;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.core.tracking.TrackingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.linearref.LengthIndexedLine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Map matching on Tour de France 2024 stage 1 (18,410 points, 206 km): a rider at 11 m/s sampled at
 * 1 Hz with 3 m of GPS noise.
 *
 * <ul>
 *   <li>{@code naiveProject}: JTS {@code LengthIndexedLine.project}, which scans every segment.
 *   <li>{@code windowedMatch}: {@link Course#match} over the tracker's window (60 m back to 60 m
 *       ahead of the rider's progress).
 *   <li>{@code trackerUpdate}: the whole per-fix step of the tracker (checks, matching,
 *       checkpoints, smoothing), as the Flink function runs it.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MapMatchingBenchmark {

    private static final int FIXES = 18_000;

    private Course course;
    private LengthIndexedLine naive;
    private TrackedRace race;
    private double[] lat;
    private double[] lon;
    private double[] progress;
    private GpsFix[] fixes;
    private RiderProgressState[] states;
    private int i;

    @Setup
    public void setUp() {
        Path stage = findData("tdf-2024/trace_2024_1.geojson");
        List<GeoPoint> points = CourseReader.read(stage);
        course = Course.of(points);
        naive = new LengthIndexedLine(course.lineString());
        Instant start = Instant.parse("2024-06-29T10:00:00Z");
        race =
                new TrackedRace(
                        new RaceDefinition(
                                "bench",
                                "bench",
                                RaceFormat.MASS_START,
                                1,
                                start,
                                List.of(),
                                List.of(new RaceRider("r1", "1", "r1", null)),
                                points,
                                1));
        Random random = new Random(1);
        lat = new double[FIXES];
        lon = new double[FIXES];
        progress = new double[FIXES];
        fixes = new GpsFix[FIXES];
        states = new RiderProgressState[FIXES];
        RiderProgressState state = RiderProgressState.initial();
        for (int k = 0; k < FIXES; k++) {
            double d = 11.0 * k;
            GeoPoint p = course.pointAt(d);
            lat[k] = p.lat() + random.nextGaussian() * 3 / Geodesy.metersPerDegreeLat(p.lat());
            lon[k] = p.lon() + random.nextGaussian() * 3 / Geodesy.metersPerDegreeLon(p.lat());
            progress[k] = d;
            fixes[k] = GpsFix.of("bench", "r1", start.plusSeconds(k), lat[k], lon[k]);
            states[k] = state;
            state =
                    RiderProgressProcessor.update(race, TrackingConfig.defaults(), state, fixes[k])
                            .state();
        }
    }

    private static Path findData(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("data").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("run from inside the repository: data/" + relative);
    }

    private int next() {
        int k = i;
        i = k + 1 == FIXES ? 0 : k + 1;
        return k;
    }

    @Benchmark
    public double naiveProject() {
        int k = next();
        return naive.project(new Coordinate(lon[k], lat[k]));
    }

    @Benchmark
    public Object windowedMatch() {
        int k = next();
        double d = progress[k];
        return course.match(lat[k], lon[k], d - 60, d + 60, 60, d);
    }

    @Benchmark
    public ProgressStep trackerUpdate() {
        int k = next();
        return RiderProgressProcessor.update(race, TrackingConfig.defaults(), states[k], fixes[k]);
    }
}
