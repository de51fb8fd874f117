package dev.breakaway.simulation.quality;

import dev.breakaway.core.incidents.IncidentType;
import dev.breakaway.core.incidents.RiderIncident;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.standings.Overtake;
import dev.breakaway.core.standings.RaceGroup;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.simulation.GroundTruth;
import dev.breakaway.simulation.GroundTruth.GroupSnapshot;
import dev.breakaway.simulation.GroundTruth.Incident;
import dev.breakaway.simulation.GroundTruth.Passage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How well the tracker recovered a simulated race's truth.
 *
 * <p>Matching: a true crash is found when a {@code CRASH} alert of the same rider began within 10 s
 * of the true standstill; alerts matching no true crash are false. A gradual stop (mechanical,
 * abandon) is found as {@code STOPPED}; a {@code CRASH} alert on one counts against precision. A
 * wrong turn is found by an {@code OFF_COURSE} alert of the rider while it was off; a silent phone
 * by {@code SIGNAL_LOST} while it was silent. False alerts of every type are counted: a {@code
 * STOPPED} when the rider was not stopped, a {@code SIGNAL_LOST} while its phone sent, an {@code
 * OFF_COURSE} while it was on the course (each within 10 s of a true span); passages found that did
 * not happen are counted as extra. Rates are {@code NaN} (shown "n/a") where the race held nothing
 * to find: a score of 1.0 on nothing to find is not a score.
 */
public record Scores(
        int crashes,
        int crashesFound,
        int crashAlerts,
        double crashAlertMaxDelaySeconds,
        int gradualStops,
        int gradualStopsFound,
        int crashAlertsOnGradualStops,
        int offCourse,
        int offCourseFound,
        int offCourseAlerts,
        int signalLosses,
        int signalLossesFound,
        int passages,
        int passagesFound,
        double checkpointP95Seconds,
        double checkpointP95FastSeconds,
        int overtakes,
        int overtakesDetected,
        int overtakesMatched,
        int overtakesInsideBunch,
        int groupMemberships,
        int groupMembershipsCorrect,
        double groupGapP95Seconds,
        double etaFinishMedianErrorSeconds,
        double etaFinishP90ErrorSeconds,
        List<Double> groupGapErrorsSeconds,
        int timeTrialPairs,
        int timeTrialPairsInOrder,
        int passagesExtra,
        int falseStopAlerts,
        int falseSignalLostAlerts,
        int falseOffCourseAlerts,
        double riderHours) {

    public Scores {
        groupGapErrorsSeconds = List.copyOf(groupGapErrorsSeconds);
    }

    static final Duration MATCH = Duration.ofSeconds(10);

    /** Share of true crashes found; {@code NaN} (not applicable) when there was none to find. */
    public double crashRecall() {
        return crashes == 0 ? Double.NaN : (double) crashesFound / crashes;
    }

    /**
     * F1 of the overtakes; {@code NaN} when there was none to find and none was reported (a score
     * of 1.0 on nothing to find would say nothing), 0 when there was none and some were reported.
     */
    public double overtakeF1() {
        if (overtakes == 0) {
            return overtakesDetected == 0 ? Double.NaN : 0;
        }
        double precision =
                overtakesDetected == 0 ? 0 : (double) overtakesMatched / overtakesDetected;
        double recall = (double) overtakesMatched / overtakes;
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    public double groupMembership() {
        return groupMemberships == 0
                ? Double.NaN
                : (double) groupMembershipsCorrect / groupMemberships;
    }

    /** False STOPPED and SIGNAL_LOST alerts per 100 rider-hours of racing. */
    public double falseStopAndSignalAlertsPer100RiderHours() {
        return riderHours == 0
                ? Double.NaN
                : 100 * (falseStopAlerts + falseSignalLostAlerts) / riderHours;
    }

    /** Share of pairs of riders on the course half way through a time trial in their true order. */
    public double timeTrialOrder() {
        return timeTrialPairs == 0 ? Double.NaN : (double) timeTrialPairsInOrder / timeTrialPairs;
    }

    /** Share of CRASH alerts that were crashes; {@code NaN} when none was raised. */
    public double crashPrecision() {
        return crashAlerts == 0 ? Double.NaN : (double) crashesFound / crashAlerts;
    }

    public static Scores of(RaceDefinition race, GroundTruth truth, TrackerOutput result) {
        List<RiderIncident> alerts =
                result.incidents().stream().map(TrackerOutput.Incident::raised).toList();
        List<RiderIncident> crashAlerts = ofType(alerts, IncidentType.CRASH);
        int crashes = 0;
        int crashesFound = 0;
        double maxDelay = 0;
        int gradual = 0;
        int gradualFound = 0;
        int crashOnGradual = 0;
        int off = 0;
        int offFound = 0;
        int silent = 0;
        int silentFound = 0;
        Set<RiderIncident> matchedCrashAlerts = new HashSet<>();
        for (Incident i : truth.incidents()) {
            switch (i.type()) {
                case CRASH -> {
                    crashes++;
                    RiderIncident alert = near(crashAlerts, i.riderId(), i.stoppedAt());
                    if (alert != null) {
                        crashesFound++;
                        matchedCrashAlerts.add(alert);
                        maxDelay =
                                Math.max(
                                        maxDelay,
                                        Duration.between(i.stoppedAt(), alert.ts()).toMillis()
                                                / 1000.0);
                    }
                }
                case MECHANICAL, ABANDON -> {
                    gradual++;
                    if (near(ofType(alerts, IncidentType.STOPPED), i.riderId(), i.stoppedAt())
                            != null) {
                        gradualFound++;
                    }
                    if (near(crashAlerts, i.riderId(), i.stoppedAt()) != null) {
                        crashOnGradual++;
                    }
                }
                case OFF_COURSE -> {
                    off++;
                    if (during(ofType(alerts, IncidentType.OFF_COURSE), i)) {
                        offFound++;
                    }
                }
                case SIGNAL_LOSS -> {
                    silent++;
                    if (during(ofType(alerts, IncidentType.SIGNAL_LOST), i)) {
                        silentFound++;
                    }
                }
            }
        }
        // false alerts: a STOPPED that matches no true stop (a crash, a mechanical, an abandon),
        // a SIGNAL_LOST or OFF_COURSE raised while the phone sent / the rider was on the course
        int falseStops = 0;
        for (RiderIncident a : ofType(alerts, IncidentType.STOPPED)) {
            boolean stopped =
                    truth.incidents().stream()
                            .anyMatch(
                                    i ->
                                            i.riderId().equals(a.riderId())
                                                    && (i.type() == GroundTruth.IncidentType.CRASH
                                                            || i.type()
                                                                    == GroundTruth.IncidentType
                                                                            .MECHANICAL
                                                            || i.type()
                                                                    == GroundTruth.IncidentType
                                                                            .ABANDON)
                                                    && during(a, i));
            if (!stopped) {
                falseStops++;
            }
        }
        int falseSignal =
                falseAlerts(
                        alerts,
                        truth,
                        IncidentType.SIGNAL_LOST,
                        GroundTruth.IncidentType.SIGNAL_LOSS);
        int falseOff =
                falseAlerts(
                        alerts,
                        truth,
                        IncidentType.OFF_COURSE,
                        GroundTruth.IncidentType.OFF_COURSE);
        Map<String, Instant> found = new HashMap<>();
        for (CheckpointPassage p : result.passages()) {
            found.put(
                    key(p.riderId(), p.finish() ? null : p.checkpointId(), p.lap()),
                    p.crossingTime());
        }
        List<Double> all = new ArrayList<>();
        List<Double> fast = new ArrayList<>();
        for (Passage p : truth.passages()) {
            Instant t = found.get(key(p.riderId(), p.checkpointId(), p.lap()));
            if (t == null) {
                continue;
            }
            double error = Math.abs(Duration.between(p.ts(), t).toNanos() / 1e9);
            all.add(error);
            if (p.speedMps() >= 11) {
                fast.add(error);
            }
        }
        Set<String> trueKeys = new HashSet<>();
        for (Passage p : truth.passages()) {
            trueKeys.add(key(p.riderId(), p.checkpointId(), p.lap()));
        }
        int extra = (int) found.keySet().stream().filter(k -> !trueKeys.contains(k)).count();
        OvertakeMatch overtakeScore = matchOvertakes(truth, result);
        GroupScore groupScore = groups(truth, result);
        List<Double> etaErrors = etaErrors(truth, result);
        int[] order = timeTrialOrder(race, truth, result);
        return new Scores(
                crashes,
                crashesFound,
                crashAlerts.size(),
                maxDelay,
                gradual,
                gradualFound,
                crashOnGradual,
                off,
                offFound,
                ofType(alerts, IncidentType.OFF_COURSE).size(),
                silent,
                silentFound,
                truth.passages().size(),
                all.size(),
                p95(all),
                p95(fast),
                truth.overtakes().size(),
                result.overtakes().size(),
                overtakeScore.matched().size(),
                overtakeScore.insideBunch().size(),
                groupScore.memberships(),
                groupScore.correct(),
                p95(groupScore.gapErrors()),
                quantile(etaErrors, 0.5),
                quantile(etaErrors, 0.9),
                groupScore.gapErrors(),
                order[0],
                order[1],
                extra,
                falseStops,
                falseSignal,
                falseOff,
                riderHours(race, truth));
    }

    /** Alerts of {@code type} raised while no true incident of {@code trueType} was under way. */
    private static int falseAlerts(
            List<RiderIncident> alerts,
            GroundTruth truth,
            IncidentType type,
            GroundTruth.IncidentType trueType) {
        int count = 0;
        for (RiderIncident a : ofType(alerts, type)) {
            boolean real =
                    truth.incidents().stream()
                            .anyMatch(
                                    i ->
                                            i.type() == trueType
                                                    && i.riderId().equals(a.riderId())
                                                    && during(a, i));
            if (!real) {
                count++;
            }
        }
        return count;
    }

    /** Whether an alert began within {@link #MATCH} of the true incident's span. */
    private static boolean during(RiderIncident alert, Incident i) {
        Instant from = (i.startedAt() != null ? i.startedAt() : i.stoppedAt()).minus(MATCH);
        Instant to = i.endedAt() == null ? Instant.MAX : i.endedAt().plus(MATCH);
        return !alert.startedAt().isBefore(from) && !alert.startedAt().isAfter(to);
    }

    /**
     * Hours of racing: each rider from its start to its finish, or to the last finish of the race
     * for a rider who did not finish.
     */
    static double riderHours(RaceDefinition race, GroundTruth truth) {
        Instant last = null;
        for (GroundTruth.Result r : truth.results()) {
            if (r.finishTime() != null && (last == null || r.finishTime().isAfter(last))) {
                last = r.finishTime();
            }
        }
        double hours = 0;
        for (GroundTruth.Result r : truth.results()) {
            Instant end = r.finishTime() != null ? r.finishTime() : last;
            if (end != null) {
                hours +=
                        Math.max(0, Duration.between(race.startTimeOf(r.riderId()), end).toMillis())
                                / 3_600_000.0;
            }
        }
        return hours;
    }

    /**
     * A time trial's standings every minute from the first finish to the last (when there are
     * finished riders to compare with and riders on the course): of the pairs of riders on the
     * course, how many are in the order of their true elapsed times.
     *
     * @return {pairs, pairs in order}; {0, 0} for other races
     */
    static int[] timeTrialOrder(RaceDefinition race, GroundTruth truth, TrackerOutput result) {
        if (race.format() != RaceFormat.TIME_TRIAL) {
            return new int[] {0, 0};
        }
        Map<String, Double> trueElapsed = new HashMap<>();
        Instant firstFinish = null;
        Instant lastFinish = null;
        for (GroundTruth.Result r : truth.results()) {
            if (r.finishTime() != null) {
                Instant start = race.startTimeOf(r.riderId());
                trueElapsed.put(
                        r.riderId(), Duration.between(start, r.finishTime()).toMillis() / 1000.0);
                firstFinish =
                        firstFinish == null || r.finishTime().isBefore(firstFinish)
                                ? r.finishTime()
                                : firstFinish;
                lastFinish =
                        lastFinish == null || r.finishTime().isAfter(lastFinish)
                                ? r.finishTime()
                                : lastFinish;
            }
        }
        int pairs = 0;
        int inOrder = 0;
        Instant next = firstFinish;
        for (Standings at : result.history()) {
            if (next == null || at.asOf().isAfter(lastFinish)) {
                break;
            }
            if (at.asOf().isBefore(next)) {
                continue;
            }
            next = at.asOf().plusSeconds(60);
            List<String> onCourse =
                    at.riders().stream()
                            .filter(e -> e.status() == RiderStatus.RACING)
                            .map(StandingsEntry::riderId)
                            .filter(trueElapsed::containsKey)
                            .toList();
            for (int i = 0; i < onCourse.size(); i++) {
                for (int j = i + 1; j < onCourse.size(); j++) {
                    pairs++;
                    if (trueElapsed.get(onCourse.get(i)) <= trueElapsed.get(onCourse.get(j))) {
                        inOrder++;
                    }
                }
            }
        }
        return new int[] {pairs, inOrder};
    }

    /**
     * Half way through the race (half the winner's time), each racing rider's expected finish (the
     * standings' time plus its estimate) against its true finish, in seconds.
     */
    static List<Double> etaErrors(GroundTruth truth, TrackerOutput result) {
        Map<String, Instant> finishes = new HashMap<>();
        Instant first = null;
        for (GroundTruth.Result r : truth.results()) {
            if (r.finishTime() != null) {
                finishes.put(r.riderId(), r.finishTime());
                first = first == null || r.finishTime().isBefore(first) ? r.finishTime() : first;
            }
        }
        List<Double> errors = new ArrayList<>();
        if (first == null || result.history().isEmpty()) {
            return errors;
        }
        Instant start = result.history().get(0).asOf();
        Instant half = start.plus(Duration.between(start, first).dividedBy(2));
        Standings at =
                result.history().stream()
                        .filter(h -> !h.asOf().isBefore(half))
                        .findFirst()
                        .orElse(null);
        if (at == null) {
            return errors;
        }
        for (var e : at.riders()) {
            Instant trueFinish = finishes.get(e.riderId());
            if (e.etaFinishSeconds() != null && trueFinish != null) {
                Instant expected = at.asOf().plusMillis(Math.round(e.etaFinishSeconds() * 1000));
                errors.add(Math.abs(Duration.between(expected, trueFinish).toMillis() / 1000.0));
            }
        }
        return errors;
    }

    static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.ceil(sorted.size() * q) - 1);
    }

    /** How far apart in time a detected overtake may be from the true one of the same pair. */
    static final Duration OVERTAKE_MATCH = Duration.ofSeconds(90);

    /**
     * The overtakes matched pair by pair: each detected one with the true one of the same pair
     * within {@link #OVERTAKE_MATCH} it matched, the detected ones that matched none (and of them
     * those between riders truly in one group), and the true ones nothing matched.
     */
    public record OvertakeMatch(
            List<Overtake> matched,
            List<Overtake> falseOnes,
            List<Overtake> insideBunch,
            List<GroundTruth.Overtake> missed) {}

    /** Matches the detected overtakes to the true ones (see {@link OvertakeMatch}). */
    public static OvertakeMatch matchOvertakes(GroundTruth truth, TrackerOutput result) {
        List<GroundTruth.Overtake> open = new ArrayList<>(truth.overtakes());
        List<Overtake> matched = new ArrayList<>();
        List<Overtake> falseOnes = new ArrayList<>();
        List<Overtake> inside = new ArrayList<>();
        for (Overtake o : result.overtakes()) {
            GroundTruth.Overtake match =
                    open.stream()
                            .filter(
                                    t ->
                                            t.riderId().equals(o.riderId())
                                                    && t.overtakenRiderId()
                                                            .equals(o.overtakenRiderId())
                                                    && Duration.between(t.ts(), o.ts())
                                                                    .abs()
                                                                    .compareTo(OVERTAKE_MATCH)
                                                            <= 0)
                            .findFirst()
                            .orElse(null);
            if (match != null) {
                matched.add(o);
                open.remove(match);
            } else {
                falseOnes.add(o);
                if (sameTrueGroup(truth, o)) {
                    inside.add(o);
                }
            }
        }
        return new OvertakeMatch(matched, falseOnes, inside, open);
    }

    private static boolean sameTrueGroup(GroundTruth truth, Overtake o) {
        GroupSnapshot at = null;
        for (GroupSnapshot s : truth.groups()) {
            if (!s.ts().isAfter(o.ts())) {
                at = s;
            }
        }
        if (at == null) {
            return false;
        }
        for (GroundTruth.Group g : at.groups()) {
            if (g.riders().contains(o.riderId()) && g.riders().contains(o.overtakenRiderId())) {
                return true;
            }
        }
        return false;
    }

    private record GroupScore(int memberships, int correct, List<Double> gapErrors) {}

    /**
     * At every truth snapshot: each true group is matched with the tracked group holding most of
     * its riders; a rider is right when it is in that group. Gaps: of each matched group but the
     * head's, to the head of the race.
     */
    private static GroupScore groups(GroundTruth truth, TrackerOutput result) {
        Map<Instant, Standings> byTime = new HashMap<>();
        for (Standings s : result.history()) {
            byTime.put(s.asOf(), s);
        }
        int memberships = 0;
        int correct = 0;
        List<Double> gapErrors = new ArrayList<>();
        for (GroupSnapshot snapshot : truth.groups()) {
            Standings tracked = byTime.get(snapshot.ts());
            if (tracked == null) {
                continue;
            }
            for (int k = 0; k < snapshot.groups().size(); k++) {
                GroundTruth.Group g = snapshot.groups().get(k);
                memberships += g.riders().size();
                RaceGroup best = null;
                int overlap = 0;
                for (RaceGroup d : tracked.groups()) {
                    int common = (int) g.riders().stream().filter(d.riders()::contains).count();
                    if (common > overlap) {
                        overlap = common;
                        best = d;
                    }
                }
                correct += overlap;
                if (best != null && k > 0) {
                    gapErrors.add(Math.abs(best.gapToLeadSeconds() - g.gapToLeadSeconds()));
                }
            }
        }
        return new GroupScore(memberships, correct, gapErrors);
    }

    static String key(String riderId, String checkpointId, int lap) {
        return riderId + "/" + checkpointId + "/" + lap;
    }

    private static List<RiderIncident> ofType(List<RiderIncident> alerts, IncidentType type) {
        return alerts.stream().filter(a -> a.type() == type).toList();
    }

    private static RiderIncident near(List<RiderIncident> alerts, String riderId, Instant at) {
        return alerts.stream()
                .filter(a -> a.riderId().equals(riderId))
                .filter(a -> Duration.between(at, a.startedAt()).abs().compareTo(MATCH) <= 0)
                .findFirst()
                .orElse(null);
    }

    private static boolean during(List<RiderIncident> alerts, Incident i) {
        Instant end = i.endedAt() == null ? Instant.MAX : i.endedAt();
        return alerts.stream()
                .anyMatch(
                        a ->
                                a.riderId().equals(i.riderId())
                                        && !a.ts().isBefore(i.startedAt())
                                        && !a.ts().isAfter(end));
    }

    static double p95(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
    }

    /**
     * Sums of several races: the p95 of the group gaps is over all their gaps, the other p95
     * figures are the worst race's.
     */
    public static Scores total(List<Scores> all) {
        return new Scores(
                all.stream().mapToInt(Scores::crashes).sum(),
                all.stream().mapToInt(Scores::crashesFound).sum(),
                all.stream().mapToInt(Scores::crashAlerts).sum(),
                all.stream().mapToDouble(Scores::crashAlertMaxDelaySeconds).max().orElse(0),
                all.stream().mapToInt(Scores::gradualStops).sum(),
                all.stream().mapToInt(Scores::gradualStopsFound).sum(),
                all.stream().mapToInt(Scores::crashAlertsOnGradualStops).sum(),
                all.stream().mapToInt(Scores::offCourse).sum(),
                all.stream().mapToInt(Scores::offCourseFound).sum(),
                all.stream().mapToInt(Scores::offCourseAlerts).sum(),
                all.stream().mapToInt(Scores::signalLosses).sum(),
                all.stream().mapToInt(Scores::signalLossesFound).sum(),
                all.stream().mapToInt(Scores::passages).sum(),
                all.stream().mapToInt(Scores::passagesFound).sum(),
                all.stream().mapToDouble(Scores::checkpointP95Seconds).max().orElse(Double.NaN),
                all.stream().mapToDouble(Scores::checkpointP95FastSeconds).max().orElse(Double.NaN),
                all.stream().mapToInt(Scores::overtakes).sum(),
                all.stream().mapToInt(Scores::overtakesDetected).sum(),
                all.stream().mapToInt(Scores::overtakesMatched).sum(),
                all.stream().mapToInt(Scores::overtakesInsideBunch).sum(),
                all.stream().mapToInt(Scores::groupMemberships).sum(),
                all.stream().mapToInt(Scores::groupMembershipsCorrect).sum(),
                p95(all.stream().flatMap(s -> s.groupGapErrorsSeconds().stream()).toList()),
                all.stream()
                        .mapToDouble(Scores::etaFinishMedianErrorSeconds)
                        .filter(d -> !Double.isNaN(d))
                        .max()
                        .orElse(Double.NaN),
                all.stream()
                        .mapToDouble(Scores::etaFinishP90ErrorSeconds)
                        .filter(d -> !Double.isNaN(d))
                        .max()
                        .orElse(Double.NaN),
                all.stream().flatMap(s -> s.groupGapErrorsSeconds().stream()).toList(),
                all.stream().mapToInt(Scores::timeTrialPairs).sum(),
                all.stream().mapToInt(Scores::timeTrialPairsInOrder).sum(),
                all.stream().mapToInt(Scores::passagesExtra).sum(),
                all.stream().mapToInt(Scores::falseStopAlerts).sum(),
                all.stream().mapToInt(Scores::falseSignalLostAlerts).sum(),
                all.stream().mapToInt(Scores::falseOffCourseAlerts).sum(),
                all.stream().mapToDouble(Scores::riderHours).sum());
    }
}
