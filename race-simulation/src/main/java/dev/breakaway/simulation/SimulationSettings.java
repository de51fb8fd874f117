package dev.breakaway.simulation;

import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.RaceFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What to simulate: the course, the field and its incidents, and how the riders' phones report.
 * Built fluently from defaults that give a believable race; every setting is a {@code simulate}
 * option.
 */
public final class SimulationSettings {

    /** How a phone's position error behaves from one fix to the next. */
    public enum GpsNoise {
        /** A fresh error every fix (what a receiver with no filtering gives). */
        INDEPENDENT,
        /**
         * An error that drifts slowly (a correlation time of 15–40 s, different for each phone):
         * what phones' filtered fixes look like, consecutive fixes wrong the same way.
         */
        CORRELATED
    }

    String raceId = "sim";
    String raceName = "Simulated race";
    List<GeoPoint> course;
    RaceFormat format = RaceFormat.MASS_START;
    int laps = 1;
    Instant start = Instant.parse("2024-07-05T12:00:00Z");
    int riders = 60;
    Duration startInterval = Duration.ofMinutes(1);
    double checkpointEveryKm = 5;
    Duration fixInterval = Duration.ofSeconds(1);
    double noiseMeters = 3;
    GpsNoise gpsNoise = GpsNoise.CORRELATED;
    double fixJitterSeconds = 0;
    double multipathPerRiderHour = 0;
    boolean urbanCanyon = false;
    double clockOffsetSeconds = 0;
    boolean reportsMotion = false;
    double lateBatchesPerRiderHour = 0;
    int preStartSeconds = 0;
    int neutralisedFromSecond = -1;
    int neutralisedSeconds = 0;
    int brakesPerCrash = 0;
    boolean spentEscapes = false;
    int crashes = 2;
    int mechanicals = 2;
    int abandons = 1;
    int offCourse = 1;
    int signalLosses = 1;
    double breakawaysPerHour = 1.5;
    double dropoutsPerRiderHour = 2;
    double duplicateRate = 0.01;
    double outOfOrderRate = 0.01;
    long seed = 1;

    public SimulationSettings(List<GeoPoint> course) {
        this.course = List.copyOf(Objects.requireNonNull(course, "course"));
    }

    public SimulationSettings raceId(String raceId, String name) {
        this.raceId = raceId;
        this.raceName = name;
        return this;
    }

    public SimulationSettings format(RaceFormat format, int laps) {
        if (laps < 1) {
            throw new IllegalArgumentException("laps must be at least 1: " + laps);
        }
        this.format = format;
        this.laps = laps;
        return this;
    }

    public SimulationSettings start(Instant start) {
        this.start = start;
        return this;
    }

    public SimulationSettings riders(int riders) {
        if (riders < 1) {
            throw new IllegalArgumentException("at least one rider: " + riders);
        }
        this.riders = riders;
        return this;
    }

    /** Time trials: the time between two riders' starts. */
    public SimulationSettings startInterval(Duration interval) {
        this.startInterval = interval;
        return this;
    }

    public SimulationSettings checkpointEveryKm(double km) {
        if (!(km > 0)) {
            throw new IllegalArgumentException("checkpoint spacing must be positive: " + km);
        }
        this.checkpointEveryKm = km;
        return this;
    }

    public SimulationSettings fixInterval(Duration interval) {
        if (interval.toSeconds() < 1) {
            throw new IllegalArgumentException("the fix interval is at least 1 s: " + interval);
        }
        this.fixInterval = interval;
        return this;
    }

    public SimulationSettings noiseMeters(double meters) {
        if (meters < 0 || meters > 30) {
            throw new IllegalArgumentException("GPS noise must be 0..30 m: " + meters);
        }
        this.noiseMeters = meters;
        return this;
    }

    /**
     * The phones' position error: its kind and its size, the 68 % radius phones report as their
     * accuracy.
     */
    public SimulationSettings noise(GpsNoise kind, double meters) {
        this.gpsNoise = java.util.Objects.requireNonNull(kind, "kind");
        return noiseMeters(meters);
    }

    /**
     * A fix every {@code interval}, each taken up to {@code jitterSeconds} before or after its due
     * time (phones do not keep a strict cadence).
     */
    public SimulationSettings fixInterval(Duration interval, double jitterSeconds) {
        fixInterval(interval);
        if (jitterSeconds < 0 || jitterSeconds > interval.toSeconds() / 2.0) {
            throw new IllegalArgumentException(
                    "jitter must be 0..half the interval: " + jitterSeconds);
        }
        this.fixJitterSeconds = jitterSeconds;
        return this;
    }

    /**
     * Multipath: now and then (this often per rider-hour) a fix or two 20–60 m off in a random
     * direction.
     */
    public SimulationSettings multipath(double perRiderHour) {
        this.multipathPerRiderHour = Math.max(0, perRiderHour);
        return this;
    }

    /**
     * An urban canyon: on a stretch of 1.2 km of each lap (from 40 % of the lap) every phone's
     * error is biased 8–15 m the same way (signals reflected off the same buildings).
     */
    public SimulationSettings urbanCanyon(boolean canyon) {
        this.urbanCanyon = canyon;
        return this;
    }

    /** Device clocks up to this many seconds fast or slow (each its own offset). */
    public SimulationSettings clockOffset(double maxSeconds) {
        this.clockOffsetSeconds = Math.max(0, maxSeconds);
        return this;
    }

    /** Phones report their Doppler speed and course over ground with every fix. */
    public SimulationSettings reportsMotion(boolean motion) {
        this.reportsMotion = motion;
        return this;
    }

    /**
     * Late batches: this often per rider-hour a phone is offline for 15–45 s and then delivers what
     * it buffered all at once.
     */
    public SimulationSettings lateBatches(double perRiderHour) {
        this.lateBatchesPerRiderHour = Math.max(0, perRiderHour);
        return this;
    }

    /**
     * Phones already sending this long before the start, the riders standing at the line (a mass
     * start's bunch on its grid, a time trialist on the ramp before its own start).
     */
    public SimulationSettings standingStart(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("seconds cannot be negative: " + seconds);
        }
        this.preStartSeconds = seconds;
        return this;
    }

    /**
     * The officials neutralise the race {@code after} its start for {@code length} (a closed level
     * crossing): every group brakes to a standstill, stands, and sets off again together when it
     * ends; riders in an incident go on with it. The race's definition carries the neutralisation.
     */
    public SimulationSettings neutralised(Duration after, Duration length) {
        if (after.isNegative() || length.toSeconds() < 1) {
            throw new IllegalArgumentException(
                    "a neutralisation starts after the start and lasts at least a second: "
                            + after
                            + ", "
                            + length);
        }
        this.neutralisedFromSecond = (int) after.toSeconds();
        this.neutralisedSeconds = (int) length.toSeconds();
        return this;
    }

    /**
     * Hard braking: up to this many riders just behind a crash in its group brake hard (3–5 m/s²,
     * down to 1.5–3.5 m/s) and ride on: not a crash, not a stop.
     */
    public SimulationSettings hardBraking(int ridersPerCrash) {
        this.brakesPerCrash = Math.max(0, ridersPerCrash);
        return this;
    }

    /**
     * Breakaway riders caught by a group behind them are spent: they are dropped from it within two
     * minutes and ride on slower, passed by the groups behind, each of which drops them again in
     * turn (real overtakes in a mass start).
     */
    public SimulationSettings spentEscapes(boolean spent) {
        this.spentEscapes = spent;
        return this;
    }

    /** Incidents, each befalling a different rider. */
    public SimulationSettings incidents(
            int crashes, int mechanicals, int abandons, int offCourse, int signalLosses) {
        if (Math.min(Math.min(crashes, mechanicals), Math.min(abandons, offCourse)) < 0
                || signalLosses < 0) {
            throw new IllegalArgumentException("incident counts cannot be negative");
        }
        this.crashes = crashes;
        this.mechanicals = mechanicals;
        this.abandons = abandons;
        this.offCourse = offCourse;
        this.signalLosses = signalLosses;
        return this;
    }

    public SimulationSettings breakawaysPerHour(double rate) {
        this.breakawaysPerHour = Math.max(0, rate);
        return this;
    }

    /** The phones' faults: short dropouts, duplicated and out-of-order deliveries. */
    public SimulationSettings delivery(
            double dropoutsPerRiderHour, double duplicateRate, double outOfOrderRate) {
        if (duplicateRate < 0
                || duplicateRate > 0.5
                || outOfOrderRate < 0
                || outOfOrderRate > 0.5) {
            throw new IllegalArgumentException("duplicate and out-of-order rates must be 0..0.5");
        }
        this.dropoutsPerRiderHour = Math.max(0, dropoutsPerRiderHour);
        this.duplicateRate = duplicateRate;
        this.outOfOrderRate = outOfOrderRate;
        return this;
    }

    public SimulationSettings seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** A race with no incidents and perfect phones: for tests of one effect at a time. */
    public SimulationSettings clean() {
        return incidents(0, 0, 0, 0, 0).breakawaysPerHour(0).delivery(0, 0, 0);
    }
}
