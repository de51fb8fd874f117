package dev.breakaway.replay.quality;

import dev.breakaway.core.incidents.RiderIncident;
import dev.breakaway.core.standings.Overtake;
import dev.breakaway.core.standings.RaceGroup;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.devstack.LocalStack;
import dev.breakaway.replay.analyze.RaceAnalysis;
import dev.breakaway.replay.analyze.RaceAnalysis.Wiring;
import dev.breakaway.simulation.GroundTruth;
import dev.breakaway.simulation.RaceSimulator;
import dev.breakaway.simulation.RaceSimulator.Simulation;
import dev.breakaway.simulation.quality.Phones;
import dev.breakaway.simulation.quality.Scenario;
import dev.breakaway.simulation.quality.Scores;
import dev.breakaway.simulation.quality.TrackerOutput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replay-tool quality}: the fixed set of seeded scenarios, each simulated and run through
 * {@code analyze} (the tracker job on a MiniCluster), scored against its ground truth.
 */
@Command(
        name = "quality",
        mixinStandardHelpOptions = true,
        description =
                "Score the tracker against simulated ground truth: a fixed set of seeded races"
                        + " (docs/quality.md) is simulated, analyzed with the tracker job and"
                        + " compared with what really happened.")
public final class QualityCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--only",
            description = "Run only the scenarios whose name starts with this (e.g. mass-start).")
    String only;

    @Option(
            names = "--matrix",
            description =
                    "Run the matrix instead of the fixed set: races (mass-start, bunch,"
                            + " time-trial) × noise model × error size × fix interval.")
    boolean matrix;

    @Option(
            names = "--phones",
            description =
                    "In the matrix, only the phone models whose label contains this (e.g."
                            + " \"corr 3m\", \" 5s\").")
    String phones;

    @Option(
            names = "--path",
            description =
                    "Which wiring of the tracker job: ANALYZE (time order, parallelism 1),"
                            + " LIVE (delivery order, parallelism 2, live standings) or BOTH."
                            + " Default: ${DEFAULT-VALUE}.",
            defaultValue = "BOTH")
    PathChoice path;

    @Option(
            names = "--details",
            description =
                    "Also write, for each scenario and wiring, what was found against what"
                            + " happened into this directory: overtakes (matched, false, missed),"
                            + " the alerts raised and the true incidents.")
    java.nio.file.Path details;

    /** The wirings to score. */
    public enum PathChoice {
        ANALYZE,
        LIVE,
        BOTH;

        List<Wiring> wirings() {
            return switch (this) {
                case ANALYZE -> List.of(Wiring.ANALYZE);
                case LIVE -> List.of(Wiring.LIVE);
                case BOTH -> List.of(Wiring.ANALYZE, Wiring.LIVE);
            };
        }
    }

    /** A scenario, the wiring it ran through, and its scores. */
    public record Scored(Scenario scenario, Wiring wiring, Scores scores) {}

    /** What one run found, handed to whoever wants more than its scores. */
    interface RunListener {
        void ran(Scenario scenario, Wiring wiring, Simulation sim, TrackerOutput result)
                throws IOException;
    }

    /** Each scenario simulated once and run through each wiring. */
    public static List<Scored> run(List<Scenario> scenarios, List<Wiring> wirings)
            throws Exception {
        return run(scenarios, wirings, (scenario, wiring, sim, result) -> {});
    }

    private static List<Scored> run(
            List<Scenario> scenarios, List<Wiring> wirings, RunListener listener) throws Exception {
        List<Scored> scored = new ArrayList<>();
        for (Scenario s : scenarios) {
            Simulation sim = RaceSimulator.run(s.settings(), second -> {});
            for (Wiring wiring : wirings) {
                TrackerOutput result = RaceAnalysis.run(sim.race(), sim.fixes(), wiring);
                listener.ran(s, wiring, sim, result);
                scored.add(new Scored(s, wiring, Scores.of(sim.race(), sim.truth(), result)));
            }
        }
        return scored;
    }

    /** Through {@code analyze}. */
    public static List<Scored> run(List<Scenario> scenarios) throws Exception {
        return run(scenarios, List.of(Wiring.ANALYZE));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        java.nio.file.Path courses = LocalStack.resolve(java.nio.file.Path.of("data/tdf-2024"));
        List<Scenario> scenarios =
                (matrix
                                ? Scenario.matrix(courses, Phones.matrix(), Scenario.MATRIX_RACES)
                                : Scenario.fixedSet(courses))
                        .stream()
                                .filter(s -> only == null || s.name().startsWith(only))
                                .filter(
                                        s ->
                                                phones == null
                                                        || (s.phones() != null
                                                                && s.phones()
                                                                        .label()
                                                                        .contains(phones)))
                                .toList();
        List<Scored> scored = new ArrayList<>();
        RunListener listener = details == null ? (sc, w, sim, result) -> {} : this::writeDetails;
        for (Scenario s : scenarios) {
            out.println("running " + s.name() + ": " + s.description());
            out.flush();
            for (Scored one : run(List.of(s), path.wirings(), listener)) {
                out.println(
                        row(one.scenario().name() + " " + pathName(one.wiring()), one.scores()));
                out.flush();
                scored.add(one);
            }
        }
        out.println();
        printTable(out, scored);
        return 0;
    }

    /**
     * {@code <details>/<scenario>-<path>/}: {@code overtakes.tsv} (each detected overtake matched
     * or false, each true one missed), {@code alerts.tsv} (the incidents raised), {@code
     * truth-incidents.tsv} and {@code groups.tsv} (each standings: its groups' sizes, the true
     * number of groups where the truth has a snapshot, and how far the racing riders' latest fixes
     * lie before or after the standings' instant).
     */
    private void writeDetails(
            Scenario scenario, Wiring wiring, Simulation sim, TrackerOutput result)
            throws IOException {
        java.nio.file.Path dir =
                details.resolve(scenario.name().replace(' ', '-') + "-" + pathName(wiring));
        Files.createDirectories(dir);
        Scores.OvertakeMatch match = Scores.matchOvertakes(sim.truth(), result);
        List<String> overtakes = new ArrayList<>();
        overtakes.add("verdict\trider\tovertaken\tts\tdistance_m");
        for (Overtake o : match.matched()) {
            overtakes.add(
                    tsv("matched", o.riderId(), o.overtakenRiderId(), o.ts(), o.distanceMeters()));
        }
        for (Overtake o : match.falseOnes()) {
            String verdict = match.insideBunch().contains(o) ? "false-in-bunch" : "false";
            overtakes.add(
                    tsv(verdict, o.riderId(), o.overtakenRiderId(), o.ts(), o.distanceMeters()));
        }
        for (GroundTruth.Overtake o : match.missed()) {
            overtakes.add(
                    tsv("missed", o.riderId(), o.overtakenRiderId(), o.ts(), o.distanceMeters()));
        }
        Files.write(dir.resolve("overtakes.tsv"), overtakes);
        List<String> alerts = new ArrayList<>();
        alerts.add("type\trider\tstarted\tcleared_at\tdistance_m");
        for (TrackerOutput.Incident i : result.incidents()) {
            RiderIncident r = i.raised();
            alerts.add(
                    tsv(
                            r.type(),
                            r.riderId(),
                            r.startedAt(),
                            i.clearedAt(),
                            r.raceDistanceMeters()));
        }
        Files.write(dir.resolve("alerts.tsv"), alerts);
        List<String> truth = new ArrayList<>();
        truth.add("type\trider\tstarted\tstopped\tended\tdistance_m");
        for (GroundTruth.Incident i : sim.truth().incidents()) {
            truth.add(
                    tsv(
                            i.type(),
                            i.riderId(),
                            i.startedAt(),
                            i.stoppedAt(),
                            i.endedAt(),
                            i.distanceMeters()));
        }
        Files.write(dir.resolve("truth-incidents.tsv"), truth);
        Map<Instant, Integer> trueGroups = new HashMap<>();
        for (GroundTruth.GroupSnapshot g : sim.truth().groups()) {
            trueGroups.put(g.ts(), g.groups().size());
        }
        List<String> groups = new ArrayList<>();
        groups.add("as_of\ttrue_groups\tgroups\tsizes\tracing\toldest_fix_s\tnewest_fix_s");
        for (Standings s : result.history()) {
            double oldest = Double.NaN;
            double newest = Double.NaN;
            int racing = 0;
            for (StandingsEntry e : s.riders()) {
                if (e.status() != RiderStatus.RACING || e.lastFixTime() == null) {
                    continue;
                }
                racing++;
                double age = Duration.between(s.asOf(), e.lastFixTime()).toMillis() / 1000.0;
                oldest = Double.isNaN(oldest) ? age : Math.min(oldest, age);
                newest = Double.isNaN(newest) ? age : Math.max(newest, age);
            }
            groups.add(
                    tsv(
                            s.asOf(),
                            trueGroups.getOrDefault(s.asOf(), -1),
                            s.groups().size(),
                            s.groups().stream()
                                    .map(g -> describe(g, s))
                                    .collect(java.util.stream.Collectors.joining(" ")),
                            racing,
                            oldest,
                            newest));
        }
        Files.write(dir.resolve("groups.tsv"), groups);
    }

    /** A group: its size, and the range of its riders' gaps and of their fixes' ages. */
    private static String describe(RaceGroup group, Standings standings) {
        double minGap = Double.MAX_VALUE;
        double maxGap = -Double.MAX_VALUE;
        double minAge = Double.MAX_VALUE;
        double maxAge = -Double.MAX_VALUE;
        for (StandingsEntry e : standings.riders()) {
            if (!group.riders().contains(e.riderId()) || e.lastFixTime() == null) {
                continue;
            }
            double gap = e.gapSeconds() == null ? Double.NaN : e.gapSeconds();
            double age = Duration.between(standings.asOf(), e.lastFixTime()).toMillis() / 1000.0;
            minGap = Math.min(minGap, gap);
            maxGap = Math.max(maxGap, gap);
            minAge = Math.min(minAge, age);
            maxAge = Math.max(maxAge, age);
        }
        return String.format(
                Locale.ROOT,
                "%d[gap %.1f..%.1f fix %.1f..%.1f]",
                group.riders().size(),
                minGap,
                maxGap,
                minAge,
                maxAge);
    }

    private static String tsv(Object... values) {
        StringBuilder line = new StringBuilder();
        for (Object v : values) {
            if (line.length() > 0) {
                line.append('\t');
            }
            line.append(v);
        }
        return line.toString();
    }

    /** The table: a row per scenario and wiring, then one per wiring over all scenarios. */
    public static void printTable(PrintWriter out, List<Scored> scored) {
        out.printf(
                Locale.ROOT,
                "%-30s %7s %7s %7s %8s %8s %8s %8s %9s %6s %8s %8s %9s %7s %8s %7s %7s %7s %7s %8s"
                        + " %15s %5s%n",
                "scenario, path",
                "crash R",
                "crash P",
                "delay s",
                "gradual",
                "crash@gr",
                "off",
                "silent",
                "passed",
                "extra",
                "cp p95 s",
                "fast p95",
                "overtakes",
                "ovt F1",
                "in-bunch",
                "groups",
                "gap p95",
                "eta p50",
                "eta p90",
                "tt order",
                "stop/sig",
                "off!");
        for (Scored s : scored) {
            out.println(row(s.scenario().name() + " " + pathName(s.wiring()), s.scores()));
        }
        for (Wiring w : Wiring.values()) {
            List<Scores> of =
                    scored.stream().filter(s -> s.wiring() == w).map(Scored::scores).toList();
            if (!of.isEmpty()) {
                out.println(row("all " + pathName(w), Scores.total(of)));
            }
        }
        out.println();
        out.println(
                "crash R/P: recall/precision of CRASH alerts; delay: latest alert after the"
                        + " standstill; gradual: mechanicals and abandons found as STOPPED;"
                        + " crash@gr: CRASH alerts on gradual stops; off, silent: wrong turns and"
                        + " silent phones found; passed: crossings found of true; cp p95: crossing"
                        + " time error p95, fast: at 11 m/s or more; overtakes: matched/true/"
                        + "detected; in-bunch: detected overtakes between riders truly in one"
                        + " group; groups: riders in the right group at the truth's 10 s"
                        + " snapshots; gap p95: error of the groups' gaps to the head, s; eta:"
                        + " error of the expected finish half way through the race, s; tt"
                        + " order: pairs of riders on the course ranked in the order of their"
                        + " true times, every minute from the first finish to the last;"
                        + " extra: passages found that did not happen; stop/sig: false STOPPED"
                        + " and SIGNAL_LOST alerts per 100 rider-hours (how many of each);"
                        + " off!: false OFF_COURSE"
                        + " alerts. n/a: nothing to find in that race. Thresholds:"
                        + " docs/quality.md.");
        out.flush();
    }

    private static String pathName(Wiring wiring) {
        return wiring == Wiring.LIVE ? "live" : "anlz";
    }

    private static String row(String name, Scores s) {
        return String.format(
                Locale.ROOT,
                "%-30s %7s %7s %7.1f %8s %8d %8s %8s %9s %6d %8s %8s %9s %7s %8d %7s %7s %7s %7s %8s"
                        + " %15s %5d",
                name,
                rate(s.crashRecall(), 2),
                rate(s.crashPrecision(), 2),
                s.crashAlertMaxDelaySeconds(),
                s.gradualStopsFound() + "/" + s.gradualStops(),
                s.crashAlertsOnGradualStops(),
                s.offCourseFound() + "/" + s.offCourse(),
                s.signalLossesFound() + "/" + s.signalLosses(),
                s.passagesFound() + "/" + s.passages(),
                s.passagesExtra(),
                rate(s.checkpointP95Seconds(), 2),
                rate(s.checkpointP95FastSeconds(), 2),
                s.overtakesMatched() + "/" + s.overtakes() + "/" + s.overtakesDetected(),
                rate(s.overtakeF1(), 2),
                s.overtakesInsideBunch(),
                rate(s.groupMembership(), 3),
                rate(s.groupGapP95Seconds(), 2),
                rate(s.etaFinishMedianErrorSeconds(), 1),
                rate(s.etaFinishP90ErrorSeconds(), 1),
                rate(s.timeTrialOrder(), 3),
                rate(s.falseStopAndSignalAlertsPer100RiderHours(), 2)
                        + " ("
                        + s.falseStopAlerts()
                        + "+"
                        + s.falseSignalLostAlerts()
                        + ")",
                s.falseOffCourseAlerts());
    }

    /** A figure, or "n/a" where the race held nothing to measure it on. */
    private static String rate(double value, int decimals) {
        return Double.isNaN(value)
                ? "n/a"
                : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
