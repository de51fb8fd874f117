package dev.breakaway.simulation.quality;

import dev.breakaway.simulation.SimulationSettings;
import dev.breakaway.simulation.SimulationSettings.GpsNoise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a scenario's phones report: the kind and size of their error and how often they send. Every
 * model also has what every phone has now and then: multipath jumps (2 per rider-hour), short
 * dropouts (2 per rider-hour), late batches (1 per rider-hour), 1 % duplicates and 1 % fixes
 * delivered after the next one, and a jitter of a tenth of the interval on each fix's time.
 *
 * @param noise independent per fix, or slowly varying
 * @param meters the error's 68 % radius
 * @param intervalSeconds the time between fixes
 */
public record Phones(GpsNoise noise, double meters, int intervalSeconds) {

    /** The fix intervals the quality matrix covers. */
    public static final int[] INTERVALS_SECONDS = {1, 2, 5, 10};

    /** Every noise model × {3 m, 5 m} × every interval. */
    public static List<Phones> matrix() {
        List<Phones> all = new ArrayList<>();
        for (GpsNoise noise : GpsNoise.values()) {
            for (double meters : new double[] {3, 5}) {
                for (int interval : INTERVALS_SECONDS) {
                    all.add(new Phones(noise, meters, interval));
                }
            }
        }
        return all;
    }

    /** E.g. {@code corr 3m 5s}. */
    public String label() {
        return String.format(
                Locale.ROOT,
                "%s %.0fm %ds",
                noise == GpsNoise.INDEPENDENT ? "indep" : "corr",
                meters,
                intervalSeconds);
    }

    public SimulationSettings apply(SimulationSettings settings) {
        return settings.noise(noise, meters)
                .fixInterval(Duration.ofSeconds(intervalSeconds), intervalSeconds / 10.0)
                .multipath(2)
                .lateBatches(1)
                .delivery(2, 0.01, 0.01);
    }
}
