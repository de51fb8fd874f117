package dev.breakaway.core.standings;

import dev.breakaway.core.geo.RaceCourse;

/**
 * Time to a point ahead on the course, from a rider's recent riding and the profile ahead: the
 * rider is assumed to keep the power that explains its recent riding, and the speed on every 250 m
 * ahead is what that power gives on its gradient (rolling resistance, gravity and air: the usual
 * cycling power model). So a rider at 40 km/h on the flat is expected at about 20 km/h up a 5 %
 * climb, not at 40. The power is the one that gives the rider's actual time over the last
 * kilometres on their profile when that is known (it takes in the draft of a bunch, which the model
 * has not, and a moment's slowing does not count), else the one that gives its present speed on its
 * present gradient.
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

    static final double MAX_POWER_W = 2_000;

    /** A recent stretch shorter than this does not calibrate the power. */
    public static final double MIN_RECENT_METERS = 1_000;

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
        return seconds(fromMeters, toMeters, speedMps, fromMeters, 0);
    }

    /**
     * The same, with the power calibrated on the rider's actual riding: it took {@code
     * recentSeconds} from {@code recentFromMeters} to {@code fromMeters} (used when that stretch is
     * at least {@link #MIN_RECENT_METERS} long).
     */
    public Double seconds(
            double fromMeters,
            double toMeters,
            double speedMps,
            double recentFromMeters,
            double recentSeconds) {
        if (toMeters <= fromMeters) {
            return 0.0;
        }
        Double power = power(fromMeters, speedMps, recentFromMeters, recentSeconds);
        return power == null ? null : secondsAtPower(fromMeters, toMeters, power);
    }

    /**
     * The power that explains a rider's riding (see {@link #seconds(double, double, double, double,
     * double)}), to estimate several points ahead with one calibration; {@code null} if the rider
     * is stopped.
     */
    public Double power(
            double fromMeters, double speedMps, double recentFromMeters, double recentSeconds) {
        if (speedMps < MIN_SPEED_MPS) {
            return null;
        }
        return fromMeters - recentFromMeters >= MIN_RECENT_METERS && recentSeconds > 0
                ? powerFor(recentFromMeters, fromMeters, recentSeconds)
                : Math.max(MIN_POWER_W, power(speedMps, gradientAt(fromMeters)));
    }

    /** Seconds from one race distance to another at a power from {@link #power}, to 0.1 s. */
    public double secondsAtPower(double fromMeters, double toMeters, double power) {
        return Math.round(time(fromMeters, toMeters, power) * 10) / 10.0;
    }

    /** Seconds the model takes from one race distance to another at a power. */
    private double time(double fromMeters, double toMeters, double power) {
        double seconds = 0;
        double at = fromMeters;
        while (at < toMeters) {
            double chunkEnd = (Math.floor(at / CHUNK_METERS) + 1) * CHUNK_METERS;
            double step = Math.min(toMeters, chunkEnd) - at;
            seconds += step / speed(power, gradientAt(at));
            at += step;
        }
        return seconds;
    }

    /** The power with which the model rides a stretch in the given time (bisection: time falls). */
    private double powerFor(double fromMeters, double toMeters, double seconds) {
        double low = MIN_POWER_W;
        double high = MAX_POWER_W;
        if (time(fromMeters, toMeters, low) <= seconds) {
            return low;
        }
        for (int i = 0; i < 40 && high - low > 0.5; i++) {
            double mid = (low + high) / 2;
            if (time(fromMeters, toMeters, mid) > seconds) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }
}
