package dev.breakaway.simulation;

import dev.breakaway.core.geo.Course;
import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.geo.RaceCourse;
import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.Neutralisation;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.simulation.GroundTruth.Incident;
import dev.breakaway.simulation.GroundTruth.IncidentType;
import dev.breakaway.simulation.GroundTruth.Passage;
import dev.breakaway.simulation.GroundTruth.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Simulates a bicycle race second by second on a real course, and what the riders' phones report.
 *
 * <p>The riding: each rider has an ability; a group rides at a pace its weaker riders can follow,
 * faster than a lone rider, slower uphill (gradient from the course's elevation) and faster
 * downhill; in a group the draft helps, less so at climbing speeds, so riders who cannot follow are
 * dropped on climbs. Riders shuffle inside their group. Breakaways go clear at a higher effort,
 * tire and are caught; groups that catch each other merge. Incidents: crashes (an abrupt stop from
 * race speed, then stillness; some do not go on), mechanicals (a gradual stop, then on again),
 * abandons (a gradual stop for good), wrong turns off the course and back, lost signal. Time trials
 * start riders one by one and nobody drafts. Laps of a circuit are ridden in full.
 *
 * <p>The phones: a fix every interval with correlated GPS noise, short dropouts, duplicates, and
 * fixes delivered after the next one. The result lists fixes in delivery order.
 *
 * <p>Seeded: the same settings give the same race.
 */
public final class RaceSimulator {

    /** Flat-road speed of a lone rider of ability 1. */
    static final double FLAT_SPEED_MPS = 11.5;

    /** Road length per rider of a bunch (riders ride abreast). */
    static final double BUNCH_SPACING_METERS = 0.6;

    static final double FINISH_ROLL_MPS = 5;
    static final int SENDING_AFTER_FINISH_SECONDS = 30;
    static final int SENDING_AFTER_ABANDON_SECONDS = 300;

    /** A caught breakaway rider rides at this share of its ability for the rest of the race. */
    static final double SPENT_ABILITY = 0.85;

    /** The urban canyon: a stretch of this length from this share of each lap. */
    static final double CANYON_FROM_SHARE = 0.4;

    static final double CANYON_METERS = 1200;

    /** The slowest a crash happens at: below it a fall is not a crash (docs/definitions.md). */
    static final double CRASH_MIN_SPEED_MPS = 5;

    /** A neutralised field comes to a standstill in this many seconds (about 1.4 m/s²)... */
    static final int NEUTRAL_STOP_SECONDS = 8;

    /** ... and is back at its pace this long after the restart. */
    static final int NEUTRAL_RESTART_SECONDS = 10;

    /** The whole simulated race: its definition, the fixes as delivered, and what happened. */
    public record Simulation(RaceDefinition race, List<GpsFix> fixes, GroundTruth truth) {}

    private enum Phase {
        WAITING,
        RIDING,
        STOPPING,
        STILL,
        BRAKING,
        RESUMING,
        DETOUR_OUT,
        DETOUR_BACK,
        FINISHED,
        OUT
    }

    private static final class Rider {
        final int index;
        final String id;
        final double ability;
        final int startSecond;
        final int phoneOffset;
        Phase phase = Phase.WAITING;
        double distance;
        double previousDistance;
        double speed;
        double offset;
        double lateral;
        double maxLateral;
        Group group;
        int strain;
        // the incident this rider will have, if any
        IncidentType incident;
        int incidentSecond;
        double deceleration;
        int stillSeconds;
        boolean staysOut;
        int stillUntil;
        int detourTurnSecond;
        int incidentIndex = -1;
        double brakeToSpeed;
        boolean spent;
        int spentDropAt = Integer.MAX_VALUE;
        // the phone
        double noiseEast;
        double noiseNorth;
        double noiseKeep;
        double nextFixAt;
        double clockOffset;
        double jumpEast;
        double jumpNorth;
        int jumpFixes;
        int bufferUntil = Integer.MIN_VALUE;
        int silentUntil = Integer.MIN_VALUE;
        int stopSendingAt = Integer.MAX_VALUE;

        Rider(int index, String id, double ability, int startSecond, int phoneOffset) {
            this.index = index;
            this.id = id;
            this.ability = ability;
            this.startSecond = startSecond;
            this.phoneOffset = phoneOffset;
        }
    }

    private static final class Group {
        final List<Rider> members = new ArrayList<>();

        /** The ability the group rides at; kept when riders are dropped (no cascade). */
        double pace;

        double effort = 1;
        int effortUntil = Integer.MAX_VALUE;
        double fadedEffort = 1;

        /** An attack is not swallowed by the bunch it left before this second. */
        int clearAt;

        /** A breakaway (its riders are spent once caught, when the settings say so). */
        boolean escape;

        double head() {
            double head = 0;
            for (Rider r : members) {
                head = Math.max(head, r.distance);
            }
            return head;
        }

        double tail() {
            double tail = Double.MAX_VALUE;
            for (Rider r : members) {
                tail = Math.min(tail, r.distance);
            }
            return tail;
        }
    }

    private record Delivery(GpsFix fix, double deliveredSecond, long sequence) {}

    private final SimulationSettings settings;
    private final Random random;

    /** The phones' own randomness: the same race is ridden whatever the phones. */
    private final Random phones;

    /** The network's delay from a phone's send to ingest's receipt (its own draws). */
    private final Random network;

    private final RaceCourse course;
    private final double total;
    private final double[] crossings;
    private final String[] crossingIds;
    private final int[] crossingLaps;
    private final RaceDefinition race;
    private final List<Rider> riders = new ArrayList<>();
    private final List<Group> groups = new ArrayList<>();
    private final List<Passage> passages = new ArrayList<>();
    private final List<Incident> incidents = new ArrayList<>();
    private final Map<String, Instant> finishTimes = new HashMap<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final TrueTracks tracks;
    private final boolean timeTrial;
    private final double canyonEast;
    private final double canyonNorth;
    private long sequence;

    private RaceSimulator(SimulationSettings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed);
        this.phones = new Random(settings.seed * 31 + 7);
        this.network = new Random(settings.seed * 131 + 17);
        Course lap = Course.of(settings.course);
        this.course = new RaceCourse(lap, settings.laps);
        this.total = course.totalMeters();
        this.timeTrial = settings.format == RaceFormat.TIME_TRIAL;
        double canyonBias = 8 + 7 * phones.nextDouble();
        double canyonAngle = 2 * Math.PI * phones.nextDouble();
        this.canyonEast = canyonBias * Math.sin(canyonAngle);
        this.canyonNorth = canyonBias * Math.cos(canyonAngle);
        List<Checkpoint> checkpoints = new ArrayList<>();
        double spacing = settings.checkpointEveryKm * 1000;
        for (int k = 1; k * spacing < lap.lengthMeters() - 500; k++) {
            String km = String.format(Locale.ROOT, "%.0f", k * settings.checkpointEveryKm);
            checkpoints.add(new Checkpoint("km" + km, "km " + km, k * spacing));
        }
        int lapCheckpoints = checkpoints.size();
        int count = settings.laps * lapCheckpoints + 1;
        crossings = new double[count];
        crossingIds = new String[count];
        crossingLaps = new int[count];
        for (int l = 0; l < settings.laps; l++) {
            for (int c = 0; c < lapCheckpoints; c++) {
                int k = l * lapCheckpoints + c;
                crossings[k] = l * lap.lengthMeters() + checkpoints.get(c).distanceMeters();
                crossingIds[k] = checkpoints.get(c).id();
                crossingLaps[k] = l + 1;
            }
        }
        crossings[count - 1] = total;
        crossingLaps[count - 1] = settings.laps;

        List<Integer> startOrder = new ArrayList<>();
        for (int i = 0; i < settings.riders; i++) {
            startOrder.add(i);
        }
        Collections.shuffle(startOrder, random);
        List<RaceRider> startList = new ArrayList<>();
        String[] ids = new String[settings.riders];
        long interval = timeTrial ? Math.max(1, settings.startInterval.toSeconds()) : 0;
        long fixSeconds = settings.fixInterval.toSeconds();
        for (int i = 0; i < settings.riders; i++) {
            String id = String.format(Locale.ROOT, "r%03d", i + 1);
            ids[i] = id;
            int startSecond = (int) (startOrder.get(i) * interval);
            double ability = Math.max(0.9, Math.min(1.1, 1 + random.nextGaussian() * 0.035));
            Rider rider = new Rider(i, id, ability, startSecond, phones.nextInt((int) fixSeconds));
            rider.noiseKeep = Math.exp(-1 / (15 + 25 * phones.nextDouble()));
            rider.clockOffset = (2 * phones.nextDouble() - 1) * settings.clockOffsetSeconds;
            rider.nextFixAt = startSecond - settings.preStartSeconds + rider.phoneOffset;
            if (!timeTrial) {
                // the riders fill the road behind the front of the bunch at the line
                double length = BUNCH_SPACING_METERS * (settings.riders - 1);
                rider.offset = random.nextDouble() * length;
                rider.distance = length - rider.offset;
                rider.previousDistance = rider.distance;
            }
            riders.add(rider);
            startList.add(
                    new RaceRider(
                            id,
                            String.valueOf(i + 1),
                            "Rider " + (i + 1),
                            settings.start.plusSeconds(startSecond)));
        }
        this.race =
                new RaceDefinition(
                        settings.raceId,
                        settings.raceName,
                        settings.format,
                        settings.laps,
                        settings.start,
                        checkpoints,
                        startList,
                        settings.course,
                        1,
                        CourseClimbs.of(Course.of(settings.course)),
                        settings.neutralisedFromSecond < 0
                                ? List.of()
                                : List.of(
                                        new Neutralisation(
                                                settings.start.plusSeconds(
                                                        settings.neutralisedFromSecond),
                                                settings.start.plusSeconds(
                                                        settings.neutralisedFromSecond
                                                                + settings.neutralisedSeconds))));
        int neutralFrom = Math.max(0, settings.neutralisedFromSecond);
        int neutralUntil = neutralFrom + Math.max(0, settings.neutralisedSeconds);
        this.tracks = new TrueTracks(ids, (int) expectedSeconds() + 600, neutralFrom, neutralUntil);
        planIncidents();
    }

    /** Runs the race to its end; {@code onSecond} hears each simulated second (for progress). */
    public static Simulation run(SimulationSettings settings, IntConsumer onSecond) {
        return new RaceSimulator(settings).simulate(onSecond);
    }

    /** The true tracks of a race, for tests of the truth rules. */
    static TrueTracks tracks(SimulationSettings settings) {
        RaceSimulator simulator = new RaceSimulator(settings);
        simulator.simulate(second -> {});
        return simulator.tracks;
    }

    /** About how long the race takes, start of the first to finish of the last, in seconds. */
    public static double expectedSeconds(SimulationSettings settings) {
        return new RaceSimulator(settings).expectedSeconds();
    }

    private double expectedSeconds() {
        double lastStart =
                timeTrial ? (settings.riders - 1.0) * settings.startInterval.toSeconds() : 0;
        return lastStart + total / (FLAT_SPEED_MPS * 0.85);
    }

    private void planIncidents() {
        List<Rider> pool = new ArrayList<>(riders);
        Collections.shuffle(pool, random);
        int next = 0;
        int[] counts = {
            settings.crashes,
            settings.mechanicals,
            settings.abandons,
            settings.offCourse,
            settings.signalLosses
        };
        IncidentType[] types = {
            IncidentType.CRASH,
            IncidentType.MECHANICAL,
            IncidentType.ABANDON,
            IncidentType.OFF_COURSE,
            IncidentType.SIGNAL_LOSS
        };
        double riding = total / (FLAT_SPEED_MPS * 0.9);
        for (int t = 0; t < types.length; t++) {
            for (int k = 0; k < counts[t] && next < pool.size(); k++) {
                Rider r = pool.get(next++);
                r.incident = types[t];
                r.incidentSecond =
                        r.startSecond + (int) (riding * (0.1 + 0.7 * random.nextDouble()));
                switch (types[t]) {
                    case CRASH -> {
                        r.deceleration = 6 + 3 * random.nextDouble();
                        r.stillSeconds = 45 + random.nextInt(195);
                        r.staysOut = random.nextDouble() < 0.25;
                    }
                    case MECHANICAL -> {
                        r.deceleration = 0.35 + 0.35 * random.nextDouble();
                        r.stillSeconds = 40 + random.nextInt(110);
                    }
                    case ABANDON -> {
                        r.deceleration = 0.3 + 0.3 * random.nextDouble();
                        r.staysOut = true;
                    }
                    case OFF_COURSE -> r.stillSeconds = 20 + random.nextInt(21);
                    case SIGNAL_LOSS -> r.stillSeconds = 120 + random.nextInt(180);
                }
            }
        }
    }

    private Simulation simulate(IntConsumer onSecond) {
        int limit = (int) (expectedSeconds() * 3);
        for (int before = 1 - settings.preStartSeconds; before <= 0; before++) {
            for (Rider r : riders) {
                report(r, before); // standing at the line
            }
        }
        int s = 0;
        record(0);
        while (!over(s) && s < limit) {
            s++;
            step(s);
            record(s);
            onSecond.accept(s);
        }
        List<Result> results = new ArrayList<>();
        for (Rider r : riders) {
            Instant finish = finishTimes.get(r.id);
            results.add(new Result(r.id, finish == null ? "DNF" : "FINISHED", finish));
        }
        results.sort(
                Comparator.comparing(
                                (Result r) -> r.finishTime() == null ? Instant.MAX : r.finishTime())
                        .thenComparing(Result::riderId));
        passages.sort(Comparator.comparing(Passage::ts).thenComparing(Passage::riderId));
        incidents.sort(Comparator.comparing(Incident::startedAt));
        deliveries.sort(
                Comparator.comparingDouble(Delivery::deliveredSecond)
                        .thenComparingLong(Delivery::sequence));
        GroundTruth truth =
                new GroundTruth(
                        race.raceId(),
                        List.copyOf(passages),
                        results,
                        List.copyOf(incidents),
                        TruthRules.overtakes(tracks, course, settings.start),
                        timeTrial ? List.of() : TruthRules.groups(tracks, settings.start));
        return new Simulation(race, deliveries.stream().map(Delivery::fix).toList(), truth);
    }

    private boolean over(int s) {
        for (Rider r : riders) {
            if (s < r.stopSendingAt) {
                return false;
            }
        }
        return true;
    }

    private void step(int s) {
        for (Rider r : riders) {
            r.previousDistance = r.distance;
        }
        for (Rider r : riders) {
            if (r.phase == Phase.WAITING && s >= r.startSecond) {
                r.phase = Phase.RIDING;
                if (timeTrial) {
                    alone(r);
                } else {
                    if (groups.isEmpty()) {
                        Group field = new Group();
                        double[] abilities =
                                riders.stream().mapToDouble(x -> x.ability).sorted().toArray();
                        field.pace = abilities[abilities.length * 3 / 10];
                        groups.add(field);
                    }
                    join(r, groups.get(0)); // on its grid place (the constructor's)
                }
            }
            if (r.phase == Phase.RIDING && r.incident != null && s >= r.incidentSecond) {
                beginIncident(r, s);
            }
        }
        maybeBreakAway(s);
        List<Rider> alone = riders.stream().filter(r -> r.group == null).toList();
        for (Group g : List.copyOf(groups)) {
            moveGroup(g, s);
        }
        for (Rider r : alone) {
            moveAlone(r, s); // not those who left a group in this second: they moved already
        }
        if (!timeTrial) {
            mergeGroups(s);
        }
        for (Rider r : riders) {
            report(r, s);
        }
    }

    private void join(Rider r, Group g) {
        if (r.group != null) {
            r.group.members.remove(r);
            if (r.group.members.isEmpty()) {
                groups.remove(r.group);
            }
        }
        r.group = g;
        if (g != null) {
            g.members.add(r);
        }
    }

    private void leave(Rider r) {
        join(r, null);
    }

    private Group alone(Rider r) {
        Group g = new Group();
        g.pace = r.spent ? r.ability * SPENT_ABILITY : r.ability;
        groups.add(g);
        join(r, g);
        r.offset = 0;
        return g;
    }

    private void beginIncident(Rider r, int s) {
        if (neutralFactor(s) < 1) {
            return; // not while the field stands (or sets off again): after it
        }
        double minSpeed = r.incident == IncidentType.CRASH ? CRASH_MIN_SPEED_MPS : 5;
        boolean nearFinish = r.distance > total - 2000;
        if (r.incident == IncidentType.SIGNAL_LOSS) {
            r.silentUntil = s + r.stillSeconds;
            GeoPoint p = course.pointAt(r.distance);
            incidents.add(
                    new Incident(
                            IncidentType.SIGNAL_LOSS,
                            r.id,
                            at(s),
                            null,
                            at(r.silentUntil),
                            p.lat(),
                            p.lon(),
                            r.distance,
                            null));
            r.incident = null;
            return;
        }
        if (r.speed < minSpeed || nearFinish) {
            return; // when the road allows: crashes happen at race speed
        }
        GeoPoint p = course.pointAt(r.distance);
        r.incidentIndex = incidents.size();
        incidents.add(
                new Incident(
                        r.incident, r.id, at(s), null, null, p.lat(), p.lon(), r.distance, null));
        if (r.incident == IncidentType.CRASH && r.group != null) {
            brakeBehind(r);
        }
        leave(r);
        r.phase = r.incident == IncidentType.OFF_COURSE ? Phase.DETOUR_OUT : Phase.STOPPING;
        r.detourTurnSecond = s + r.stillSeconds;
        r.incident = null;
    }

    /** The riders just behind a crash in its group brake hard, and ride on. */
    private void brakeBehind(Rider crashed) {
        List<Rider> behind =
                crashed.group.members.stream()
                        .filter(
                                m ->
                                        m != crashed
                                                && m.phase == Phase.RIDING
                                                && m.incident == null
                                                && m.distance < crashed.distance
                                                && m.distance > crashed.distance - 30)
                        .sorted(Comparator.comparingDouble((Rider m) -> -m.distance))
                        .limit(settings.brakesPerCrash)
                        .toList();
        for (Rider m : behind) {
            m.phase = Phase.BRAKING;
            m.deceleration = 3 + 2 * random.nextDouble();
            m.brakeToSpeed = 1.5 + 2 * random.nextDouble();
            leave(m);
        }
    }

    /**
     * How much of its pace a group rides at in second {@code s}: 1, less while the officials have
     * the race neutralised (braking to a standstill, standing) and while it sets off again.
     */
    private double neutralFactor(int s) {
        int from = settings.neutralisedFromSecond;
        if (from < 0 || s < from) {
            return 1;
        }
        int until = from + settings.neutralisedSeconds;
        if (s < until) {
            return Math.max(0, 1 - (s - from + 1.0) / NEUTRAL_STOP_SECONDS);
        }
        return Math.min(1, (s - until + 1.0) / NEUTRAL_RESTART_SECONDS);
    }

    private void maybeBreakAway(int s) {
        if (timeTrial
                || neutralFactor(s) < 1
                || random.nextDouble() >= settings.breakawaysPerHour / 3600) {
            return;
        }
        Group biggest = null;
        for (Group g : groups) {
            if (biggest == null || g.members.size() > biggest.members.size()) {
                biggest = g;
            }
        }
        if (biggest == null || biggest.members.size() < 10 || biggest.head() > total - 10_000) {
            return;
        }
        double[] abilities =
                biggest.members.stream().mapToDouble(r -> r.ability).sorted().toArray();
        double median = abilities[abilities.length / 2];
        List<Rider> candidates =
                new ArrayList<>(
                        biggest.members.stream()
                                .filter(r -> r.ability >= median && r.phase == Phase.RIDING)
                                .toList());
        Collections.shuffle(candidates, random);
        int k = Math.min(candidates.size(), 1 + random.nextInt(4));
        if (k == 0) {
            return;
        }
        Group escape = new Group();
        escape.pace =
                candidates.subList(0, k).stream().mapToDouble(r -> r.ability).average().orElse(1);
        escape.effort = 1.08 + 0.04 * random.nextDouble();
        // an attack that will be caught (spent escapes) lasts minutes, not half an hour
        escape.effortUntil =
                settings.spentEscapes
                        ? s + 120 + random.nextInt(240)
                        : s + 600 + random.nextInt(1200);
        escape.fadedEffort = 0.94;
        escape.clearAt = s + 120;
        escape.escape = true;
        groups.add(escape);
        for (Rider r : candidates.subList(0, k)) {
            join(r, escape);
        }
    }

    private double gradientFactor(double distance) {
        double lapLength = course.lapLengthMeters();
        double at = distance - Math.floor(distance / lapLength) * lapLength;
        double gradient = course.lap().gradientBetween(at, Math.min(lapLength, at + 150));
        return gradient >= 0 ? 1 / (1 + 14 * gradient) : Math.min(1.6, 1 - 8 * gradient);
    }

    private void moveGroup(Group g, int s) {
        if (g.members.isEmpty()) {
            groups.remove(g);
            return;
        }
        if (s > g.effortUntil) {
            g.effort = g.fadedEffort;
        }
        List<Rider> riding = g.members;
        int n = riding.size();
        double head = g.head();
        double factor = gradientFactor(head);
        double pace = g.pace * g.effort * (1 + 0.04 * Math.min(1, (n - 1) / 8.0));
        double neutral = neutralFactor(s);
        double speed =
                neutral
                        * Math.max(
                                2,
                                FLAT_SPEED_MPS
                                        * pace
                                        * factor
                                        * (1 + random.nextGaussian() * 0.015));
        if (n == 1 && riding.get(0).phase == Phase.RESUMING) {
            Rider r = riding.get(0);
            speed = Math.min(speed, r.speed + 1);
            if (speed >= FLAT_SPEED_MPS * pace * factor * 0.98) {
                r.phase = Phase.RIDING;
            }
        }
        // the draft is worth little at climbing speeds
        double draft = n == 1 ? 0 : 0.25 * Math.max(0, Math.min(1, (speed - 6) / 6));
        double newHead = head + speed;
        double length = BUNCH_SPACING_METERS * (n - 1);
        for (Rider r : riding) {
            // from the present head: the front rider may have left (finished, crashed, dropped)
            r.offset = head - r.distance;
        }
        for (Rider r : List.copyOf(riding)) {
            double sustainable = FLAT_SPEED_MPS * r.ability * g.effort * factor * (1 + draft);
            r.strain = speed > sustainable ? r.strain + 1 : Math.max(0, r.strain - 2);
            if (neutral == 0) {
                advance(r, r.distance, s); // standing where it stopped
                continue;
            }
            if (n > 1) {
                r.offset += random.nextGaussian() * 0.3;
                r.offset = Math.abs(r.offset);
                if (r.offset > length) {
                    r.offset = Math.max(0, 2 * length - r.offset);
                }
            } else {
                r.offset = 0;
            }
            advance(r, Math.max(r.distance, newHead - r.offset), s);
            r.offset = newHead - r.distance;
            if ((r.strain > 20 || s >= r.spentDropAt) && n > 1 && r.group == g) {
                r.strain = 0;
                r.spentDropAt = Integer.MAX_VALUE;
                alone(r); // dropped
            }
        }
    }

    private void moveAlone(Rider r, int s) {
        switch (r.phase) {
            case STOPPING -> {
                double before = r.speed;
                r.speed = Math.max(0, r.speed - r.deceleration);
                r.distance += (before + r.speed) / 2;
                if (r.speed == 0) {
                    double stopped = s - 1 + before / r.deceleration;
                    r.phase = Phase.STILL;
                    r.stillUntil = r.staysOut ? Integer.MAX_VALUE : s + r.stillSeconds;
                    Incident i = incidents.get(r.incidentIndex);
                    GeoPoint p = course.pointAt(r.distance);
                    incidents.set(
                            r.incidentIndex,
                            new Incident(
                                    i.type(),
                                    i.riderId(),
                                    i.startedAt(),
                                    at(stopped),
                                    null,
                                    p.lat(),
                                    p.lon(),
                                    r.distance,
                                    null));
                    if (r.staysOut) {
                        r.phase = Phase.OUT;
                        r.stopSendingAt = s + SENDING_AFTER_ABANDON_SECONDS;
                    }
                }
            }
            case BRAKING -> {
                double before = r.speed;
                r.speed = Math.max(r.brakeToSpeed, r.speed - r.deceleration);
                r.distance += (before + r.speed) / 2;
                if (r.speed == r.brakeToSpeed) {
                    r.phase = Phase.RESUMING;
                    alone(r);
                }
            }
            case STILL -> {
                if (s >= r.stillUntil) {
                    endIncident(r, s, null);
                    r.phase = Phase.RESUMING;
                    alone(r);
                }
            }
            case DETOUR_OUT, DETOUR_BACK -> {
                double sideways = Math.max(6, r.speed) * 0.9;
                if (r.phase == Phase.DETOUR_OUT) {
                    r.lateral += sideways;
                    r.maxLateral = Math.max(r.maxLateral, r.lateral);
                    if (s >= r.detourTurnSecond) {
                        r.phase = Phase.DETOUR_BACK;
                    }
                } else {
                    r.lateral -= sideways;
                    if (r.lateral <= 0) {
                        r.lateral = 0;
                        endIncident(r, s, r.maxLateral);
                        r.phase = Phase.RIDING;
                        alone(r);
                    }
                }
            }
            case FINISHED -> r.distance += FINISH_ROLL_MPS;
            default -> {}
        }
    }

    private void endIncident(Rider r, int s, Double maxOffCourse) {
        Incident i = incidents.get(r.incidentIndex);
        incidents.set(
                r.incidentIndex,
                new Incident(
                        i.type(),
                        i.riderId(),
                        i.startedAt(),
                        i.stoppedAt(),
                        at(s),
                        i.lat(),
                        i.lon(),
                        i.distanceMeters(),
                        maxOffCourse));
    }

    /** Moves a rider forward to a distance, timing the checkpoints and the finish it crosses. */
    private void advance(Rider r, double to, int s) {
        double from = r.distance;
        r.speed = to - from;
        r.distance = to;
        if (to <= from) {
            return;
        }
        for (int k = 0; k < crossings.length; k++) {
            double c = crossings[k];
            if (from < c && c <= to) {
                Instant ts = at(s - 1 + (c - from) / (to - from));
                passages.add(
                        new Passage(
                                r.id,
                                crossingIds[k],
                                crossingLaps[k],
                                ts,
                                Math.round((to - from) * 100) / 100.0));
                if (k == crossings.length - 1) {
                    finishTimes.put(r.id, ts);
                    r.phase = Phase.FINISHED;
                    r.stopSendingAt = s + SENDING_AFTER_FINISH_SECONDS;
                    leave(r);
                }
            }
        }
    }

    private void mergeGroups(int s) {
        groups.sort(Comparator.comparingDouble((Group g) -> -g.head()));
        for (int k = 1; k < groups.size(); k++) {
            Group ahead = groups.get(k - 1);
            Group behind = groups.get(k);
            if (behind.head() >= ahead.tail() - 3 && s >= ahead.clearAt && s >= behind.clearAt) {
                if (settings.spentEscapes && ahead.escape) {
                    for (Rider r : ahead.members) {
                        r.spent = true; // caught: dropped within two minutes
                        r.spentDropAt = s + 30 + random.nextInt(90);
                    }
                }
                int sizes = Integer.compare(behind.members.size(), ahead.members.size());
                Group bigger = sizes > 0 ? behind : ahead;
                ahead.pace = sizes == 0 ? Math.min(ahead.pace, behind.pace) : bigger.pace;
                ahead.effort = bigger.effort;
                ahead.effortUntil = bigger.effortUntil;
                ahead.fadedEffort = bigger.fadedEffort;
                ahead.escape = bigger.escape;
                double head = Math.max(ahead.head(), behind.head());
                for (Rider r : List.copyOf(behind.members)) {
                    join(r, ahead);
                    if (r.phase == Phase.RESUMING) {
                        r.phase = Phase.RIDING;
                    }
                }
                for (Rider r : ahead.members) {
                    r.offset = head - r.distance;
                    r.strain = 0;
                    if (r.spent && r.spentDropAt == Integer.MAX_VALUE) {
                        // a spent rider holds no group it is caught by, either: it is passed again
                        r.spentDropAt = s + 30 + random.nextInt(90);
                    }
                }
                k--;
            }
        }
    }

    private void record(int s) {
        for (Rider r : riders) {
            byte state =
                    switch (r.phase) {
                        case WAITING -> TrueTracks.WAITING;
                        case RIDING, RESUMING, BRAKING -> TrueTracks.RIDING;
                        case FINISHED -> TrueTracks.FINISHED;
                        case OUT -> TrueTracks.OUT;
                        default -> TrueTracks.INCIDENT;
                    };
            tracks.record(s, r.index, r.distance, state);
        }
    }

    /**
     * The phone in second {@code s}: its error drifts (or is drawn afresh per fix), and every fix
     * due in the second is taken at its own instant, where the rider truly was then, and delivered
     * (or lost, buffered, duplicated, delayed).
     */
    private void report(Rider r, int s) {
        // noiseMeters is the 68 % radius phones report as accuracy: sigma per axis = radius / 1.51
        double sigma = settings.noiseMeters / 1.51;
        double fresh = Math.sqrt(1 - r.noiseKeep * r.noiseKeep) * sigma;
        r.noiseEast = r.noiseKeep * r.noiseEast + fresh * phones.nextGaussian();
        r.noiseNorth = r.noiseKeep * r.noiseNorth + fresh * phones.nextGaussian();
        if (s < r.startSecond - settings.preStartSeconds || s >= r.stopSendingAt) {
            return;
        }
        if (settings.multipathPerRiderHour > 0
                && phones.nextDouble() < settings.multipathPerRiderHour / 3600) {
            double size = 20 + 40 * phones.nextDouble();
            double angle = 2 * Math.PI * phones.nextDouble();
            r.jumpEast = size * Math.sin(angle);
            r.jumpNorth = size * Math.cos(angle);
            r.jumpFixes = 1 + phones.nextInt(2);
        }
        if (settings.lateBatchesPerRiderHour > 0
                && s >= r.bufferUntil
                && phones.nextDouble() < settings.lateBatchesPerRiderHour / 3600) {
            r.bufferUntil = s + 15 + phones.nextInt(31);
        }
        if (s >= r.silentUntil
                && settings.dropoutsPerRiderHour > 0
                && phones.nextDouble() < settings.dropoutsPerRiderHour / 3600) {
            r.silentUntil = s + 3 + phones.nextInt(13);
        }
        long interval = settings.fixInterval.toSeconds();
        while (r.nextFixAt <= s) {
            double taken = r.nextFixAt;
            double jitter = settings.fixJitterSeconds;
            r.nextFixAt += interval + (jitter > 0 ? (2 * phones.nextDouble() - 1) * jitter : 0);
            if (s < r.silentUntil) {
                continue;
            }
            // where the rider was at the fix's instant, within this second
            double within = Math.max(0, Math.min(1, taken - (s - 1)));
            double distance = r.previousDistance + (r.distance - r.previousDistance) * within;
            deliver(r, s, taken, distance, interval);
        }
    }

    private void deliver(Rider r, int s, double taken, double distance, long interval) {
        GeoPoint p = course.pointAtOrBeyondFinish(distance);
        double east;
        double north;
        if (settings.gpsNoise == SimulationSettings.GpsNoise.INDEPENDENT) {
            double sigma = settings.noiseMeters / 1.51;
            east = phones.nextGaussian() * sigma;
            north = phones.nextGaussian() * sigma;
        } else {
            double sigma = settings.noiseMeters / 1.51;
            east = r.noiseEast + phones.nextGaussian() * 0.3 * Math.min(1, sigma);
            north = r.noiseNorth + phones.nextGaussian() * 0.3 * Math.min(1, sigma);
        }
        if (r.jumpFixes > 0) {
            east += r.jumpEast;
            north += r.jumpNorth;
            r.jumpFixes--;
        }
        if (settings.urbanCanyon && inCanyon(distance)) {
            east += canyonEast;
            north += canyonNorth;
        }
        double[] along = roadDirection(distance);
        if (r.lateral > 0 && along != null) {
            east += along[1] * r.lateral; // to the right of the road
            north -= along[0] * r.lateral;
        }
        double lat = p.lat() + north / Geodesy.metersPerDegreeLat(p.lat());
        double lon = p.lon() + east / Geodesy.metersPerDegreeLon(p.lat());
        double accuracy =
                Math.round(
                                Math.max(1, settings.noiseMeters)
                                        * (0.8 + 0.4 * phones.nextDouble())
                                        * 10)
                        / 10.0;
        Double speed = null;
        Double bearing = null;
        if (settings.reportsMotion) {
            // Doppler: the true speed over ground within a few cm/s, the course within degrees
            double sideways = r.phase == Phase.DETOUR_OUT || r.phase == Phase.DETOUR_BACK ? 5 : 0;
            double trueSpeed = Math.hypot(r.distance - r.previousDistance, sideways);
            speed = round(Math.max(0, trueSpeed + phones.nextGaussian() * 0.1), 2);
            if (trueSpeed > 1 && along != null) {
                double deg = Math.toDegrees(Math.atan2(along[0], along[1]));
                bearing = round(((deg + phones.nextGaussian() * 2) % 360 + 360) % 360, 1);
            }
        }
        GpsFix fix =
                new GpsFix(
                        race.raceId(),
                        r.id,
                        at(taken + r.clockOffset),
                        round(lat, 7),
                        round(lon, 7),
                        p.elevationMeters() == null ? null : round(p.elevationMeters(), 1),
                        accuracy,
                        null,
                        false,
                        speed,
                        bearing);
        double delivered = Math.max(s, r.bufferUntil);
        if (phones.nextDouble() < settings.outOfOrderRate) {
            delivered += interval + 0.5 + phones.nextDouble();
        }
        deliveries.add(new Delivery(received(fix, delivered), delivered, sequence++));
        if (phones.nextDouble() < settings.duplicateRate) {
            double again = delivered + 2 * phones.nextDouble();
            deliveries.add(new Delivery(received(fix, again), again, sequence++));
        }
    }

    /**
     * The fix as ingest receives it, sent at second {@code sent}: a mobile network's delay, at
     * least 50 ms, 200 ms on average, and ingest's clock (the true one).
     */
    private GpsFix received(GpsFix fix, double sent) {
        double delay = 0.05 - 0.15 * Math.log(1 - network.nextDouble());
        return fix.received(at(sent + delay), false);
    }

    /** The road's direction at a race distance, as a unit (east, north), or null on a point. */
    private double[] roadDirection(double distance) {
        GeoPoint a = course.pointAt(Math.max(0, distance - 10));
        GeoPoint b = course.pointAt(Math.min(total, distance + 10));
        double dx = (b.lon() - a.lon()) * Geodesy.metersPerDegreeLon(a.lat());
        double dy = (b.lat() - a.lat()) * Geodesy.metersPerDegreeLat(a.lat());
        double norm = Math.hypot(dx, dy);
        return norm > 0 ? new double[] {dx / norm, dy / norm} : null;
    }

    private boolean inCanyon(double distance) {
        double lap = course.lapLengthMeters();
        double at = distance - Math.floor(distance / lap) * lap;
        return at >= CANYON_FROM_SHARE * lap && at < CANYON_FROM_SHARE * lap + CANYON_METERS;
    }

    private Instant at(double second) {
        return settings.start.plusNanos(Math.round(second * 1e9));
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
