package dev.breakaway.replay.sim;

import dev.breakaway.core.io.CourseReader;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.devstack.LocalStack;
import dev.breakaway.replay.Progress;
import dev.breakaway.simulation.GroundTruth;
import dev.breakaway.simulation.RaceSimulator;
import dev.breakaway.simulation.RaceSimulator.Simulation;
import dev.breakaway.simulation.SimulationFiles;
import dev.breakaway.simulation.SimulationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code replay-tool simulate --course FILE --out DIR}: a simulated race as files. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Simulate a race on a real course and write it as files: race.json and the course"
                    + " (the analyze contract), fixes.jsonl (in the order the phones delivered"
                    + " them), truth.json (true checkpoint times, results, incidents, overtakes,"
                    + " groups) and devices.json (a device token per rider, for replay through"
                    + " ingest-api).",
            "Riders' speeds follow the gradient; bunches draft, breakaways go clear and get"
                    + " caught, weaker riders are dropped on climbs. The same settings and seed"
                    + " give the same race."
        })
public final class SimulateCommand implements Callable<Integer> {

    @Option(
            names = "--course",
            defaultValue = "data/tdf-2024/trace_2024_7.geojson",
            description =
                    "Course, GPX or GeoJSON with elevations (default: ${DEFAULT-VALUE}, Tour 2024"
                            + " stage 7).")
    Path course;

    @Option(names = "--out", required = true, description = "Directory for the files.")
    Path out;

    @Option(
            names = "--race-id",
            defaultValue = "sim",
            description = "Race id (default: ${DEFAULT-VALUE}).")
    String raceId;

    @Option(
            names = "--name",
            defaultValue = "Simulated race",
            description = "Race name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
            names = "--format",
            defaultValue = "MASS_START",
            description = "MASS_START or TIME_TRIAL (default: ${DEFAULT-VALUE}).")
    RaceFormat format;

    @Option(
            names = "--laps",
            defaultValue = "1",
            description = "Laps of the course; more than one makes a circuit race.")
    int laps;

    @Option(
            names = "--riders",
            defaultValue = "60",
            description = "Riders in the field (default: ${DEFAULT-VALUE}).")
    int riders;

    @Option(
            names = "--start",
            defaultValue = "2024-07-05T12:00:00Z",
            description =
                    "Start of the race, ISO-8601 (default: ${DEFAULT-VALUE}); replay moves it to"
                            + " the present.")
    Instant start;

    @Option(
            names = "--start-interval-seconds",
            defaultValue = "60",
            description =
                    "Time trials: seconds between two riders' starts (default: ${DEFAULT-VALUE}).")
    int startIntervalSeconds;

    @Option(
            names = "--checkpoint-every-km",
            defaultValue = "5",
            description = "Timing points every N km of a lap (default: ${DEFAULT-VALUE}).")
    double checkpointEveryKm;

    @Option(
            names = "--fix-interval-seconds",
            defaultValue = "1",
            description = "Seconds between two fixes of one phone (default: ${DEFAULT-VALUE}).")
    int fixIntervalSeconds;

    @Option(
            names = "--noise-meters",
            defaultValue = "3",
            description =
                    "GPS error as phones report it (accuracyMeters: the radius holding 68 % of"
                            + " fixes), slowly varying (correlated over about 30 s) as real GPS"
                            + " error is; default: ${DEFAULT-VALUE}.")
    double noiseMeters;

    @Option(
            names = "--crashes",
            defaultValue = "2",
            description =
                    "Riders who crash: an abrupt stop, then still (default: ${DEFAULT-VALUE}).")
    int crashes;

    @Option(
            names = "--mechanicals",
            defaultValue = "2",
            description =
                    "Riders with a mechanical: a gradual stop, then on (default: ${DEFAULT-VALUE}).")
    int mechanicals;

    @Option(
            names = "--abandons",
            defaultValue = "1",
            description = "Riders who stop for good (default: ${DEFAULT-VALUE}).")
    int abandons;

    @Option(
            names = "--off-course",
            defaultValue = "1",
            description = "Riders who take a wrong turn and come back (default: ${DEFAULT-VALUE}).")
    int offCourse;

    @Option(
            names = "--signal-losses",
            defaultValue = "1",
            description =
                    "Phones silent for 2 to 5 minutes while racing (default: ${DEFAULT-VALUE}).")
    int signalLosses;

    @Option(
            names = "--breakaways-per-hour",
            defaultValue = "1.5",
            description = "How often riders attack the biggest group (default: ${DEFAULT-VALUE}).")
    double breakawaysPerHour;

    @Option(
            names = "--dropouts-per-hour",
            defaultValue = "2",
            description =
                    "Short (3-15 s) losses of a phone's fixes, per rider and hour (default: ${DEFAULT-VALUE}).")
    double dropoutsPerHour;

    @Option(
            names = "--duplicate-rate",
            defaultValue = "0.01",
            description = "Share of fixes delivered twice (default: ${DEFAULT-VALUE}).")
    double duplicateRate;

    @Option(
            names = "--out-of-order-rate",
            defaultValue = "0.01",
            description =
                    "Share of fixes delivered after the next one (default: ${DEFAULT-VALUE}).")
    double outOfOrderRate;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description =
                    "Seed: the same seed and settings give the same race (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Runs a simulation with a progress bar (in race seconds). */
    public static Simulation simulate(SimulationSettings settings) {
        try (Progress progress =
                Progress.start(
                        "simulate",
                        Math.round(RaceSimulator.expectedSeconds(settings)),
                        "race s")) {
            return RaceSimulator.run(settings, progress::stepTo);
        }
    }

    @Override
    public Integer call() throws Exception {
        Path coursePath = LocalStack.resolve(course);
        List<GeoPoint> points = CourseReader.read(coursePath);
        SimulationSettings settings =
                new SimulationSettings(points)
                        .raceId(raceId, name)
                        .format(format, laps)
                        .start(start)
                        .riders(riders)
                        .startInterval(Duration.ofSeconds(startIntervalSeconds))
                        .checkpointEveryKm(checkpointEveryKm)
                        .fixInterval(Duration.ofSeconds(fixIntervalSeconds))
                        .noiseMeters(noiseMeters)
                        .incidents(crashes, mechanicals, abandons, offCourse, signalLosses)
                        .breakawaysPerHour(breakawaysPerHour)
                        .delivery(dropoutsPerHour, duplicateRate, outOfOrderRate)
                        .seed(seed);
        Simulation simulation = simulate(settings);
        Files.createDirectories(out);
        SimulationFiles.write(simulation, coursePath, out);
        GroundTruth truth = simulation.truth();
        System.out.printf(
                "%s: %d riders, %d fixes, %d finished, %d incidents, %d overtakes; files in %s%n",
                raceId,
                riders,
                simulation.fixes().size(),
                truth.results().stream().filter(r -> r.finishTime() != null).count(),
                truth.incidents().size(),
                truth.overtakes().size(),
                out);
        return 0;
    }
}
