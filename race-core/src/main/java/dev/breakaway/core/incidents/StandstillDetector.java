package dev.breakaway.core.incidents;

import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.model.GpsFix;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whether a rider is at a standstill, from the displacement of its positions over a window of time
 * (docs/definitions.md: still when its true position moves less than 5 m in 10 s), never from the
 * distance between two fixes: an error of a few metres per fix makes a standing phone "ride" at
 * several m/s from one fix to the next, and a fix every 10 s says nothing about the seconds
 * between.
 *
 * <p>The window reaches back to the newest fix at least {@link #WINDOW} old (so it spans the
 * definition's 10 s whatever the fix interval). Its older and newer halves each give a position
 * (the median of their fixes, which one multipath jump does not move) and the rider is still when
 * these are closer than the definition's 5 m over 10 s allows for the time between them, plus what
 * the fixes' own error can make of it (95 % of the difference of two means of fixes with the
 * accuracy the phone reports). Where every fix of the newer half carries the device's Doppler
 * speed, their median says it instead: still under {@link IncidentRules#stillSpeedMps()}.
 *
 * <p>A standstill is dated back to the first fix of the run of fixes (one stray fix allowed) within
 * reach of where the rider stands. Its approach is the rider's mean speed over at least {@link
 * #APPROACH} before that: a crash (from {@link IncidentRules#raceSpeedMps()} or more to a
 * standstill within {@link IncidentRules#abruptStopWithin()}) arrives at no less than the slowest
 * such stop would, a gradual stop (a mechanical, an abandon) far slower.
 *
 * <p>Pure: the caller keeps the rider's recent fixes ({@link #remember}).
 */
public final class StandstillDetector {

    /** The definition's window: still when moving less than {@link #STILL_METERS} in it. */
    public static final Duration WINDOW = Duration.ofSeconds(10);

    static final double STILL_METERS = 5;

    /** How far back a rider's fixes are kept: the window, the approach before it, and a gap. */
    public static final Duration HISTORY = Duration.ofSeconds(45);

    /** At most this many fixes are kept (a phone sending faster than once a second). */
    static final int MAX_FIXES = 60;

    /** The accuracy assumed for fixes that report none, m (a phone's usual 68 % radius). */
    static final double DEFAULT_ACCURACY_METERS = 5;

    /** The 95 % radius of a 2-D normal error over its per-axis deviation. */
    private static final double RADIUS_95 = 2.45;

    /** A phone's 68 % radius over its per-axis deviation. */
    private static final double RADIUS_68 = 1.51;

    private StandstillDetector() {}

    /** What the window says of the rider's motion. */
    public enum Motion {
        /** Moving more than the definition's stillness and the fixes' error allow. */
        MOVING,
        /** At a standstill. */
        STILL,
        /** Not enough fixes to tell (the first seconds, after a gap). */
        UNKNOWN
    }

    /**
     * A standstill: since when, where, how fast the rider came into it, and whether that is a
     * crash's arrival.
     *
     * @param approachSpeedMps the mean speed before {@code since}, {@code NaN} if not known
     */
    public record Standstill(
            Instant since, double lat, double lon, double approachSpeedMps, boolean abrupt) {}

    /** The verdict on the newest fix: {@code standstill} is set when {@code motion} is STILL. */
    public record Verdict(Motion motion, Standstill standstill) {
        static final Verdict UNKNOWN = new Verdict(Motion.UNKNOWN, null);
        static final Verdict MOVING = new Verdict(Motion.MOVING, null);
    }

    /**
     * The rider's recent fixes with {@code fix} added (the newest last), those older than {@link
     * #HISTORY} before it left out. {@code fix} must be newer than every fix in {@code recent}.
     */
    public static List<GpsFix> remember(List<GpsFix> recent, GpsFix fix) {
        List<GpsFix> kept = new ArrayList<>(recent.size() + 1);
        Instant from = fix.timestamp().minus(HISTORY);
        for (GpsFix f : recent) {
            if (!f.timestamp().isBefore(from)) {
                kept.add(f);
            }
        }
        kept.add(fix);
        return kept.size() > MAX_FIXES
                ? new ArrayList<>(kept.subList(kept.size() - MAX_FIXES, kept.size()))
                : kept;
    }

    /**
     * @param recent the rider's recent fixes in time order, the one judged last
     */
    public static Verdict judge(List<GpsFix> recent, IncidentRules rules) {
        int n = recent.size();
        if (n < 2) {
            return Verdict.UNKNOWN;
        }
        GpsFix newest = recent.get(n - 1);
        long t = newest.timestamp().toEpochMilli();
        int start = -1;
        for (int i = n - 2; i >= 0; i--) {
            if (recent.get(i).timestamp().toEpochMilli() <= t - WINDOW.toMillis()) {
                start = i;
                break;
            }
        }
        if (start < 0
                || t - recent.get(start).timestamp().toEpochMilli()
                        > WINDOW.plus(rules.maxSpeedGap()).toMillis()) {
            return Verdict.UNKNOWN;
        }
        double lat0 = newest.lat();
        double lon0 = newest.lon();
        double mx = Geodesy.metersPerDegreeLon(lat0);
        double my = Geodesy.metersPerDegreeLat(lat0);
        List<GpsFix> window = recent.subList(start, n);
        long mid = (window.get(0).timestamp().toEpochMilli() + t) / 2;
        List<GpsFix> older = new ArrayList<>();
        List<GpsFix> newer = new ArrayList<>();
        for (GpsFix f : window) {
            (f.timestamp().toEpochMilli() < mid ? older : newer).add(f);
        }
        double sigma = accuracy(window) / RADIUS_68;
        Double doppler = medianSpeed(newer);
        if (doppler != null) {
            // the device's own speed, far steadier than its positions, says it all
            if (doppler >= rules.stillSpeedMps()) {
                return Verdict.MOVING;
            }
        } else {
            double[] a = median(older, lat0, lon0, mx, my);
            double[] b = median(newer, lat0, lon0, mx, my);
            double apartSeconds = (meanMillis(newer) - meanMillis(older)) / 1000.0;
            double noise = RADIUS_95 * sigma * Math.sqrt(1.0 / older.size() + 1.0 / newer.size());
            double allowed = STILL_METERS * apartSeconds / (WINDOW.toMillis() / 1000.0) + noise;
            if (Math.hypot(b[0] - a[0], b[1] - a[1]) > allowed) {
                return Verdict.MOVING;
            }
        }
        double[] at = median(window, lat0, lon0, mx, my);
        double reach = STILL_METERS + RADIUS_95 * sigma;
        int first = n - 1;
        int outside = 0;
        for (int i = n - 1; i >= 0; i--) {
            if (distance(recent.get(i), at, lat0, lon0, mx, my) <= reach) {
                first = i;
                outside = 0;
            } else if (++outside >= 2) {
                break;
            }
        }
        Instant since = recent.get(first).timestamp();
        double lat = lat0 + at[1] / my;
        double lon = lon0 + at[0] / mx;
        double[][] fits = arrival(recent, since, at, lat0, lon0, mx, my, GENTLE_MAX_MPS2);
        if (fits == null) {
            return new Verdict(Motion.STILL, new Standstill(since, lat, lon, Double.NaN, false));
        }
        double[] soft = fits[0];
        double[] sudden = fits[1];
        // a crash unless slowing gently explains the fixes clearly better (by more than twice a
        // fix's error variance: a slowly varying error drifts by metres); where the phone missed
        // the moment (a dropout as it happened) it stays a crash, the alert that matters more
        boolean seen = soft[4] > 0;
        Boolean byDoppler = abruptByDoppler(recent, rules);
        boolean abrupt =
                byDoppler != null
                        ? byDoppler
                        : sudden[0] >= rules.raceSpeedMps() - SPEED_MARGIN_MPS
                                && (!seen || sudden[3] <= soft[3] + 2 * sigma * sigma);
        double[] fit = soft[3] <= sudden[3] ? soft : sudden;
        Instant rest = Instant.ofEpochMilli(Math.round(fit[2]));
        if (rest.isAfter(newest.timestamp())) {
            rest = since;
        }
        return new Verdict(Motion.STILL, new Standstill(rest, lat, lon, fit[0], abrupt));
    }

    /**
     * The firmest slowing taken for a gentle stop, m/s² (from 10 m/s to rest in 10 s: coasting and
     * braking lightly, as riders stop for a mechanical, a nature break, an abandon). The definition
     * puts a crash at 5/3 m/s² and more (from 5 m/s to rest within 3 s); positions a few metres off
     * cannot tell 1.2 from 1.7 m/s² on a 6 m/s climb, and what lies between is reported as a crash,
     * the alert that matters more (docs/definitions.md, known differences).
     */
    static final double GENTLE_MAX_MPS2 = 1.0;

    /** A crash's speed is taken down to this much under the definition's (the fit's step). */
    static final double SPEED_MARGIN_MPS = 1;

    /**
     * The arrival is fitted to fixes from this long before the first fix at rest, ms: long enough
     * to hold a gentle stop's slowing (from 5 m/s at 0.7 m/s² it lasts 7 s), short enough that the
     * rider's speed before it (a climb, a bunch slowing) is one speed.
     */
    static final long BEFORE_REST_MS = 15_000;

    /** ... or as far back as this many fixes before it (sparse fixes), ... */
    static final int ARRIVAL_SPAN_FIXES = 8;

    /** ... but never further back than this, ms. */
    static final long MAX_BEFORE_REST_MS = 35_000;

    /** The arrival is fitted to fixes up to this long after the first fix at rest, ms. */
    static final long AFTER_REST_MS = 10_000;

    /** Fixes before the standstill that the arrival is judged from, at least. */
    static final int ARRIVAL_FIXES = 3;

    /** The decelerations the arrival is fitted with, m/s² (the last: stopping at once). */
    private static final double[] DECELERATIONS = {
        0.15, 0.25, 0.35, 0.5, 0.7, 1.0, 1.4, 2.0, 3.0, 5.0, 8.0, 1e9
    };

    /** The speeds before slowing the arrival is fitted with, m/s. */
    private static final double[] SPEEDS = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 18};

    /**
     * How the rider came into the standstill: the ride that best explains its distances from where
     * it stands, from 30 s before to {@link #AFTER_REST_MS} after {@code since}: riding at a steady
     * speed, then slowing at a steady rate, to rest at some moment and resting since (least squares
     * over a grid of speeds, decelerations and moments). A crash is a steady speed and a sudden
     * stop; a mechanical or an abandon a gradual one. {@code null} when too few fixes come before.
     *
     * @param gentle decelerations up to this make the first fit, those above the second
     * @return two fits, the best gentle one and the best sudden one, each {speed before slowing
     *     m/s, deceleration m/s², moment of rest epoch ms, sum of squared residuals m²}; the gentle
     *     one also 1 if the fixes saw the moment, 0 if a gap of more than twice the phone's usual
     *     interval falls in the 15 s before rest
     */
    private static double[][] arrival(
            List<GpsFix> recent,
            Instant since,
            double[] at,
            double lat0,
            double lon0,
            double mx,
            double my,
            double gentle) {
        long origin = since.toEpochMilli();
        // from BEFORE_REST_MS back, further for sparse fixes (ARRIVAL_SPAN_FIXES of them), at
        // most MAX_BEFORE_REST_MS
        long back = BEFORE_REST_MS;
        int counted = 0;
        for (int i = recent.size() - 1; i >= 0; i--) {
            long dt = recent.get(i).timestamp().toEpochMilli() - origin;
            if (dt < 0 && ++counted == ARRIVAL_SPAN_FIXES) {
                back = Math.max(back, Math.min(MAX_BEFORE_REST_MS, -dt));
                break;
            }
        }
        if (counted < ARRIVAL_SPAN_FIXES) {
            back = MAX_BEFORE_REST_MS;
        }
        List<GpsFix> around = new ArrayList<>();
        List<GpsFix> earlier = new ArrayList<>();
        int before = 0;
        for (GpsFix f : recent) {
            long dt = f.timestamp().toEpochMilli() - origin;
            if (dt >= -back && dt <= AFTER_REST_MS) {
                around.add(f);
                before += dt < 0 ? 1 : 0;
            }
            if (dt >= -back && dt < -5_000) {
                earlier.add(f);
            }
        }
        if (before < ARRIVAL_FIXES || earlier.isEmpty()) {
            return null;
        }
        // distances along the way the rider came (signed: the error across it drops out, and
        // at rest it averages out instead of adding up)
        double[] from = median(earlier, lat0, lon0, mx, my);
        double ux = from[0] - at[0];
        double uy = from[1] - at[1];
        double norm = Math.hypot(ux, uy);
        if (norm < STILL_METERS) {
            return null;
        }
        List<double[]> points = new ArrayList<>();
        for (GpsFix f : around) {
            double along =
                    ((f.lon() - lon0) * mx - at[0]) * ux / norm
                            + ((f.lat() - lat0) * my - at[1]) * uy / norm;
            points.add(new double[] {(f.timestamp().toEpochMilli() - origin) / 1000.0, along});
        }
        double[][] fits = {
            {0, 0, 0, Double.MAX_VALUE},
            {0, 0, 0, Double.MAX_VALUE}
        };
        for (double rest = -6; rest <= 10; rest += 0.25) {
            // at rest the phone's error may drift (slowly varying error): both kinds of arrival
            // get the same straight drift after rest, fitted, so neither explains it better
            double sxy = 0;
            double sxx = 0;
            for (double[] p : points) {
                if (p[0] > rest) {
                    sxy += (p[0] - rest) * p[1];
                    sxx += (p[0] - rest) * (p[0] - rest);
                }
            }
            double drift = sxx == 0 ? 0 : Math.max(-1, Math.min(1, sxy / sxx));
            for (double v : SPEEDS) {
                for (double a : DECELERATIONS) {
                    double[] fit = fits[a > gentle ? 1 : 0];
                    double best = fit[3];
                    double slowing = v / a;
                    double rss = 0;
                    for (double[] p : points) {
                        if (p[0] > rest) {
                            double e = p[1] - drift * (p[0] - rest);
                            rss += e * e;
                            continue;
                        }
                        double tau = rest - p[0];
                        double d =
                                tau <= slowing
                                        ? a * tau * tau / 2
                                        : v * slowing / 2 + v * (tau - slowing);
                        double e = p[1] - d;
                        rss += e * e;
                        if (rss >= best) {
                            break;
                        }
                    }
                    if (rss < best) {
                        fits[a > gentle ? 1 : 0] = new double[] {v, a, origin + rest * 1000, rss};
                    }
                }
            }
        }
        // whether the phone missed the moment: a gap before rest over twice its usual interval
        double[] best = fits[0][3] <= fits[1][3] ? fits[0] : fits[1];
        double rest = (best[2] - origin) / 1000.0;
        double[] gaps = new double[points.size() - 1];
        double widest = 0;
        for (int i = 1; i < points.size(); i++) {
            double gap = points.get(i)[0] - points.get(i - 1)[0];
            gaps[i - 1] = gap;
            if (points.get(i)[0] > rest - 15 && points.get(i - 1)[0] < rest) {
                widest = Math.max(widest, gap);
            }
        }
        boolean missed = gaps.length > 0 && widest > 2 * median(gaps);
        // ... unless it saw the rider slowing as gently as the gentle fit has it, before the gap
        double[] soft = fits[0];
        double softRest = (soft[2] - origin) / 1000.0;
        int slowing = 0;
        for (double[] p : points) {
            if (p[0] < softRest && p[0] > softRest - soft[0] / soft[1]) {
                slowing++;
            }
        }
        boolean seen = !missed || slowing >= 3;
        fits[0] = new double[] {soft[0], soft[1], soft[2], soft[3], seen ? 1 : 0};
        return fits;
    }

    /**
     * Fixes further apart than this (a fix every 10 s) cannot tell a crash from a firm stop by
     * their positions (`StandstillDetectorTest`: measured at 1, 2 and 5 s).
     */
    static final Duration POSITIONS_TELL_WITHIN = Duration.ofSeconds(6);

    /**
     * Whether the device's own speeds (Doppler) say the rider came to rest abruptly: from the last
     * fix at a crash's speed to the first of the fixes at rest now, its speed fell faster than a
     * gentle stop's can ({@link #GENTLE_MAX_MPS2}). Positions a few metres off cannot tell a
     * slowing over ten seconds from a stop in two; these speeds, within centimetres a second, can.
     * {@code null} where the fixes do not all carry one (the positions' fit then decides), where
     * the device does not say it is at rest, or where a gentle stop fits between the last fix at
     * speed and the first at rest with no fix between them.
     */
    static Boolean abruptByDoppler(List<GpsFix> recent, IncidentRules rules) {
        int n = recent.size();
        int rest = n;
        for (int i = n - 1; i >= 0; i--) {
            Double v = recent.get(i).speedMps();
            if (v == null) {
                return null;
            }
            if (v >= rules.stillSpeedMps()) {
                break;
            }
            rest = i;
        }
        if (rest == n) {
            return null;
        }
        long restMs = recent.get(rest).timestamp().toEpochMilli();
        for (int k = rest - 1; k >= 0; k--) {
            double v = recent.get(k).speedMps();
            if (restMs - recent.get(k).timestamp().toEpochMilli() > HISTORY.toMillis()) {
                break;
            }
            if (v >= rules.raceSpeedMps() - SPEED_MARGIN_MPS) {
                double seconds = (restMs - recent.get(k).timestamp().toEpochMilli()) / 1000.0;
                if (v - recent.get(rest).speedMps() > GENTLE_MAX_MPS2 * seconds) {
                    return true;
                }
                // a gentle stop fits between the two: gradual if a fix between them saw the
                // slowing; else the speeds cannot tell (a crash from 5 m/s, fixes 5 s apart), and
                // the positions' fit says, where fixes are close enough for it to tell
                if (rest - k > 1 || seconds > POSITIONS_TELL_WITHIN.toSeconds()) {
                    return false;
                }
                return null;
            }
        }
        return false; // not at a crash's speed before it stopped
    }

    private static double accuracy(List<GpsFix> fixes) {
        double[] values = new double[fixes.size()];
        for (int i = 0; i < values.length; i++) {
            Double a = fixes.get(i).accuracyMeters();
            values[i] = a == null ? DEFAULT_ACCURACY_METERS : Math.max(1, Math.min(30, a));
        }
        Arrays.sort(values);
        return values[values.length / 2];
    }

    /** The median Doppler speed of the fixes, or null unless every one carries it. */
    private static Double medianSpeed(List<GpsFix> fixes) {
        double[] speeds = new double[fixes.size()];
        for (int i = 0; i < speeds.length; i++) {
            Double v = fixes.get(i).speedMps();
            if (v == null) {
                return null;
            }
            speeds[i] = v;
        }
        return median(speeds);
    }

    private static double meanMillis(List<GpsFix> fixes) {
        double sum = 0;
        for (GpsFix f : fixes) {
            sum += f.timestamp().toEpochMilli();
        }
        return sum / fixes.size();
    }

    /** The coordinate-wise median of the fixes, in metres east and north of the origin. */
    private static double[] median(
            List<GpsFix> fixes, double lat0, double lon0, double mx, double my) {
        double[] east = new double[fixes.size()];
        double[] north = new double[fixes.size()];
        for (int i = 0; i < east.length; i++) {
            east[i] = (fixes.get(i).lon() - lon0) * mx;
            north[i] = (fixes.get(i).lat() - lat0) * my;
        }
        return new double[] {median(east), median(north)};
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        int k = values.length / 2;
        return values.length % 2 == 1 ? values[k] : (values[k - 1] + values[k]) / 2;
    }

    private static double distance(
            GpsFix f, double[] at, double lat0, double lon0, double mx, double my) {
        return Math.hypot((f.lon() - lon0) * mx - at[0], (f.lat() - lat0) * my - at[1]);
    }
}
