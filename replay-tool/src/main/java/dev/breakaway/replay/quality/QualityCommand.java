package dev.breakaway.replay.quality;

import dev.breakaway.devstack.LocalStack;
import dev.breakaway.replay.analyze.RaceAnalysis;
import dev.breakaway.simulation.RaceSimulator;
import dev.breakaway.simulation.RaceSimulator.Simulation;
import dev.breakaway.simulation.quality.Scenario;
import dev.breakaway.simulation.quality.Scores;
import dev.breakaway.simulation.quality.TrackerOutput;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** A scenario and its scores. */
    public record Scored(Scenario scenario, Scores scores) {}

    public static List<Scored> run(List<Scenario> scenarios) throws Exception {
        List<Scored> scored = new ArrayList<>();
        for (Scenario s : scenarios) {
            Simulation sim = RaceSimulator.run(s.settings(), second -> {});
            TrackerOutput result = RaceAnalysis.run(sim.race(), sim.fixes());
            scored.add(new Scored(s, Scores.of(sim.race(), sim.truth(), result)));
        }
        return scored;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Scenario> scenarios =
                Scenario.fixedSet(LocalStack.resolve(java.nio.file.Path.of("data/tdf-2024")))
                        .stream()
                        .filter(s -> only == null || s.name().startsWith(only))
                        .toList();
        List<Scored> scored = new ArrayList<>();
        for (Scenario s : scenarios) {
            out.println("running " + s.name() + ": " + s.description());
            out.flush();
            scored.addAll(run(List.of(s)));
        }
        out.println();
        out.printf(
                Locale.ROOT,
                "%-16s %7s %7s %7s %8s %8s %8s %8s %9s %6s %8s %8s %9s %7s %8s %7s %7s %7s %7s %8s"
                        + " %15s %5s%n",
                "scenario",
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
            out.println(row(s.scenario().name(), s.scores()));
        }
        out.println(row("all", Scores.total(scored.stream().map(Scored::scores).toList())));
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
        return 0;
    }

    private static String row(String name, Scores s) {
        return String.format(
                Locale.ROOT,
                "%-16s %7s %7s %7.1f %8s %8d %8s %8s %9s %6d %8s %8s %9s %7s %8d %7s %7s %7s %7s %8s"
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
