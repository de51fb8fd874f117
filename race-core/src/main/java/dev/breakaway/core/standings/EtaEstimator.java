package dev.breakaway.core.standings;

import dev.breakaway.core.geo.RaceCourse;

/**
 * Time to a point ahead on the course, from a rider's recent speed and the profile ahead: the rider
 * is assumed to keep the power that gives its recent speed on the gradient where it rides now, and
 * the speed on every 250 m ahead is what that power gives on its gradient (rolling resistance,
 * gravity and air: the usual cycling power model). So a rider at 40 km/h on the flat is expected at
 * about 20 km/h up an 5 % climb, not at 40.
 */
public final class EtaEstimator {

    static final double CHUNK_METERS = 250;
    static final double MASS_KG = 75;
    static final double CRR = 0.004;
    static final double CDA_M2 = 0.32;
    static final double AIR_KG_M3 = 1.2;
    static final double G = 9.81;
    static final double MIN_POWER_W = 80;
    static final double MAX_SPEED_MPS = 22;

    /** Below this a rider is stopped: no estimate. */
    public static final double MIN_SPEED_MPS = 2;

    private final RaceCourse course;
    private final double[] gradients;

    public EtaEstimator(RaceCourse course) {
        this.course = course;
        double lap = course.lapLengthMeters();
        int chunks = (int) Math.ceil(lap / CHUNK_METERS);
        gradients = new double[chunks];
        for (int i = 0; i < chunks; i++) {
            double from = i * CHUNK_METERS;
            gradients[i] = course.lap().gradientBetween(from, Math.min(lap, from + CHUNK_METERS));
        }
    }

    private double gradientAt(double raceMeters) {
        double lap = course.lapLengthMeters();
        double at = raceMeters - Math.floor(raceMeters / lap) * lap;
        return gradients[Math.min(gradients.length - 1, (int) (at / CHUNK_METERS))];
    }

    static double power(double speed, double gradient) {
        return speed * MASS_KG * G * (CRR + gradient)
                + 0.5 * AIR_KG_M3 * CDA_M2 * speed * speed * speed;
    }

    /** The speed a power gives on a gradient (Newton on the cubic), capped for descents. */
    static double speed(double power, double gradient) {
        double v = 10;
        for (int i = 0; i < 30; i++) {
            double f = power(v, gradient) - power;
            double df = MASS_KG * G * (CRR + gradient) + 1.5 * AIR_KG_M3 * CDA_M2 * v * v;
            if (df <= 0) {
                return MAX_SPEED_MPS;
            }
            double next = Math.max(0.5, v - f / df);
            if (Math.abs(next - v) < 1e-4) {
                v = next;
                break;
            }
            v = next;
        }
        return Math.min(MAX_SPEED_MPS, v);
    }

    /**
     * Seconds from {@code fromMeters} to {@code toMeters} (race distances) for a rider riding at
     * {@code speedMps} now, or {@code null} if the rider is stopped.
     */
    public Double seconds(double fromMeters, double toMeters, double speedMps) {
        if (speedMps < MIN_SPEED_MPS || toMeters <= fromMeters) {
            return toMeters <= fromMeters ? 0.0 : null;
        }
        double power = Math.max(MIN_POWER_W, power(speedMps, gradientAt(fromMeters)));
        double seconds = 0;
        double at = fromMeters;
        while (at < toMeters) {
            double chunkEnd = (Math.floor(at / CHUNK_METERS) + 1) * CHUNK_METERS;
            double step = Math.min(toMeters, chunkEnd) - at;
            seconds += step / speed(power, gradientAt(at));
            at += step;
        }
        return Math.round(seconds * 10) / 10.0;
    }
}
