package dev.breakaway.bench;

import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.incidents.IncidentRules;
import dev.breakaway.core.incidents.MotionEstimator;
import dev.breakaway.core.incidents.MotionSample;
import dev.breakaway.core.incidents.StandstillDetector;
import dev.breakaway.core.model.GpsFix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * The per-fix cost of the motion path (what the tracker's {@code motion} operator does for every
 * fix: keep the rider's last 45 s of fixes, then estimate its motion and judge stillness), at 1 Hz
 * with 4 m of GPS error, for a rider riding at 11 m/s ({@code riding}: most fixes of a race) and
 * for one at rest after a sudden stop ({@code standing}: the arrival fit over a grid of speeds,
 * decelerations and moments runs on every fix).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MotionBenchmark {

    private static final int FIXES = 600;
    private static final double LAT = 47.0;
    private static final double LON = 5.0;

    private final IncidentRules rules = IncidentRules.defaults();
    private List<List<GpsFix>> ridingBefore;
    private List<GpsFix> ridingFixes;
    private List<List<GpsFix>> standingBefore;
    private List<GpsFix> standingFixes;
    private int i;

    @Setup
    public void setUp() {
        Random random = new Random(3);
        Instant start = Instant.parse("2024-07-05T12:00:00Z");
        double my = Geodesy.metersPerDegreeLat(LAT);
        double mx = Geodesy.metersPerDegreeLon(LAT);
        List<GpsFix> riding = new ArrayList<>();
        List<GpsFix> standing = new ArrayList<>();
        for (int k = 0; k < FIXES + 60; k++) {
            double east = 11.0 * k;
            riding.add(fix(start.plusSeconds(k), east, random, mx, my));
            // 11 m/s for 60 s, stopped within a second, then still
            double stopped = Math.min(k, 60) * 11.0;
            standing.add(fix(start.plusSeconds(k), stopped, random, mx, my));
        }
        ridingBefore = new ArrayList<>();
        ridingFixes = new ArrayList<>();
        standingBefore = new ArrayList<>();
        standingFixes = new ArrayList<>();
        List<GpsFix> r = List.of();
        List<GpsFix> s = List.of();
        for (int k = 0; k < FIXES + 60; k++) {
            if (k >= 60) {
                ridingBefore.add(r);
                ridingFixes.add(riding.get(k));
                standingBefore.add(s);
                standingFixes.add(standing.get(k));
            }
            r = StandstillDetector.remember(r, riding.get(k));
            s = StandstillDetector.remember(s, standing.get(k));
        }
    }

    private static GpsFix fix(Instant ts, double east, Random random, double mx, double my) {
        return GpsFix.of(
                "bench",
                "r1",
                ts,
                LAT + random.nextGaussian() * 4 / my,
                LON + (east + random.nextGaussian() * 4) / mx);
    }

    private int next() {
        int k = i;
        i = k + 1 == FIXES ? 0 : k + 1;
        return k;
    }

    @Benchmark
    public MotionSample riding() {
        int k = next();
        List<GpsFix> fixes = StandstillDetector.remember(ridingBefore.get(k), ridingFixes.get(k));
        return MotionEstimator.next(fixes, 2.0, 11.0 * k, false, rules);
    }

    @Benchmark
    public MotionSample standing() {
        int k = next();
        List<GpsFix> fixes =
                StandstillDetector.remember(standingBefore.get(k), standingFixes.get(k));
        return MotionEstimator.next(fixes, 2.0, 660.0, false, rules);
    }
}
