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
 * @param doppler whether the phones also report their Doppler speed and bearing
 * @param clockSeconds how far off each phone's clock may be (each phone's is drawn in ± this); 0
 *     for clocks that are right
 */
public record Phones(
        GpsNoise noise, double meters, int intervalSeconds, boolean doppler, double clockSeconds) {

    /** Phones that report positions only. */
    public Phones(GpsNoise noise, double meters, int intervalSeconds) {
        this(noise, meters, intervalSeconds, false);
    }

    /** Phones whose clocks are right. */
    public Phones(GpsNoise noise, double meters, int intervalSeconds, boolean doppler) {
        this(noise, meters, intervalSeconds, doppler, 0);
    }

    /** How far off the clocks of the matrix's phones with wrong clocks are, at most. */
    public static final double CLOCKS_OFF_SECONDS = 3;

    /** The fix intervals the quality matrix covers. */
    public static final int[] INTERVALS_SECONDS = {1, 2, 5, 10};

    /**
     * Every noise model × {3 m, 5 m} × every interval, positions only; 3 m phones at 1 s (slowly
     * varying error) and 5 s (independent) whose clocks are each off by up to {@value
     * #CLOCKS_OFF_SECONDS} s; then the 5 m phones again reporting their Doppler speed and bearing
     * too (as most phones do).
     */
    public static List<Phones> matrix() {
        List<Phones> all = new ArrayList<>();
        for (GpsNoise noise : GpsNoise.values()) {
            for (double meters : new double[] {3, 5}) {
                for (int interval : INTERVALS_SECONDS) {
                    all.add(new Phones(noise, meters, interval));
                }
            }
        }
        all.add(new Phones(GpsNoise.CORRELATED, 3, 1, false, CLOCKS_OFF_SECONDS));
        all.add(new Phones(GpsNoise.INDEPENDENT, 3, 5, false, CLOCKS_OFF_SECONDS));
        for (GpsNoise noise : GpsNoise.values()) {
            for (int interval : INTERVALS_SECONDS) {
                all.add(new Phones(noise, 5, interval, true));
            }
        }
        return all;
    }

    /**
     * E.g. {@code corr 3m 5s}, {@code indep 5m 1s dop} with Doppler, {@code corr 3m 1s clk} with
     * clocks off.
     */
    public String label() {
        return String.format(
                Locale.ROOT,
                "%s %.0fm %ds%s%s",
                noise == GpsNoise.INDEPENDENT ? "indep" : "corr",
                meters,
                intervalSeconds,
                doppler ? " dop" : "",
                clockSeconds > 0 ? " clk" : "");
    }

    public SimulationSettings apply(SimulationSettings settings) {
        return settings.reportsMotion(doppler)
                .noise(noise, meters)
                .fixInterval(Duration.ofSeconds(intervalSeconds), intervalSeconds / 10.0)
                .multipath(2)
                .lateBatches(1)
                .clockOffset(clockSeconds)
                .delivery(2, 0.01, 0.01);
    }
}
