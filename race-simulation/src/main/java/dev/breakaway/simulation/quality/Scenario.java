package dev.breakaway.simulation.quality;

import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.io.CourseReader;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.simulation.SimulationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One seeded race of the quality set: a name and how to simulate it.
 *
 * @param race the race's kind in the matrix (e.g. {@code mass-start}), its name in the fixed set
 * @param phones the matrix's phone model, or {@code null} in the fixed set (phones of 3 m, slowly
 *     varying, a fix a second)
 */
public record Scenario(
        String name, String description, SimulationSettings settings, String race, Phones phones) {

    /** A scenario of the fixed set. */
    public Scenario(String name, String description, SimulationSettings settings) {
        this(name, description, settings, name, null);
    }

    /** The races of the matrix, each run with every phone model of {@link Phones#matrix()}. */
    public static final List<String> MATRIX_RACES = List.of("mass-start", "bunch", "time-trial");

    /**
     * The matrix: each race of {@link #MATRIX_RACES} with each of the phone models. The races:
     *
     * <ul>
     *   <li>{@code mass-start}: stage 7, 60 riders standing two minutes at the line, 6 crashes (any
     *       speed from 5 m/s, the climb too) with up to two riders braking hard behind each, 6
     *       mechanicals, 2 abandons, 2 wrong turns, 2 silent phones, 6 breakaways an hour whose
     *       riders are spent once caught, dropped and passed (real overtakes);
     *   <li>{@code bunch}: the first 40 km of stage 9 (flat), 80 riders riding as one for an hour
     *       after two minutes at the line, standing three minutes in a neutralisation after 25
     *       minutes, no attack, no incident (nothing to find but false alarms);
     *   <li>{@code time-trial}: stage 7, 30 riders a minute apart, each a minute on the ramp, 2
     *       crashes, 2 mechanicals, a wrong turn, a silent phone.
     * </ul>
     */
    public static List<Scenario> matrix(Path courses, List<Phones> phones, List<String> races) {
        List<GeoPoint> stage7 = CourseReader.read(stage(courses, 7));
        List<GeoPoint> flat = firstMeters(CourseReader.read(stage(courses, 9)), 40_000);
        List<Scenario> set = new ArrayList<>();
        for (String race : races) {
            for (Phones p : phones) {
                String name = race + " " + p.label();
                String id = "quality-" + name.replace(' ', '-').replace('.', '-');
                SimulationSettings settings =
                        switch (race) {
                            case "mass-start" ->
                                    new SimulationSettings(stage7)
                                            .riders(60)
                                            .incidents(6, 6, 2, 2, 2)
                                            .breakawaysPerHour(6)
                                            .spentEscapes(true)
                                            .hardBraking(2)
                                            .standingStart(120)
                                            .seed(51);
                            case "bunch" ->
                                    new SimulationSettings(flat)
                                            .riders(80)
                                            .checkpointEveryKm(10)
                                            .incidents(0, 0, 0, 0, 0)
                                            .breakawaysPerHour(0)
                                            .standingStart(120)
                                            .neutralised(
                                                    Duration.ofMinutes(25), Duration.ofMinutes(3))
                                            .seed(52);
                            case "time-trial" ->
                                    new SimulationSettings(stage7)
                                            .format(RaceFormat.TIME_TRIAL, 1)
                                            .riders(30)
                                            .startInterval(Duration.ofMinutes(1))
                                            .incidents(2, 2, 0, 1, 1)
                                            .standingStart(60)
                                            .seed(53);
                            default ->
                                    throw new IllegalArgumentException(
                                            "no such race in the matrix: "
                                                    + race
                                                    + " (one of "
                                                    + MATRIX_RACES
                                                    + ")");
                        };
                set.add(
                        new Scenario(
                                name,
                                race + ", phones " + p.label(),
                                p.apply(settings.raceId(id, name)),
                                race,
                                p));
            }
        }
        return set;
    }

    /**
     * The fixed set, on Tour de France 2024 stage 7 (25 km with a climb; the circuit is its first 3
     * km and back, ridden five times, an out-and-back lap): a mass start full of incidents at three
     * seeds, a mass start on the long climb of stage 1, an hour of one bunch on the flat start of
     * stage 9, a time trial, a five-lap circuit. Phones of 3 m accuracy, a fix a second, with the
     * usual dropouts, duplicates and late deliveries.
     */
    /**
     * @param courses the folder of the Tour de France 2024 traces ({@code data/tdf-2024} in the
     *     repository)
     */
    public static List<Scenario> fixedSet(Path courses) {
        List<GeoPoint> stage7 = CourseReader.read(stage(courses, 7));
        List<Scenario> set = new ArrayList<>();
        for (long seed : new long[] {11, 12, 13}) {
            set.add(
                    new Scenario(
                            "mass-start-" + seed,
                            "stage 7 mass start, 60 riders, 6 crashes, 6 mechanicals, 2 abandons,"
                                    + " 2 wrong turns, 2 silent phones",
                            new SimulationSettings(stage7)
                                    .raceId("quality-mass-start-" + seed, "Mass start " + seed)
                                    .riders(60)
                                    .incidents(6, 6, 2, 2, 2)
                                    .seed(seed)));
        }
        set.add(
                new Scenario(
                        "climb",
                        "stage 1 from km 28 to km 58 (a climb of 700 m and the start of the"
                                + " descent), 60 riders, 6 crashes, 8 mechanicals, 4 breakaways an"
                                + " hour",
                        new SimulationSettings(
                                        between(
                                                CourseReader.read(stage(courses, 1)),
                                                28_000,
                                                58_000))
                                .raceId("quality-climb", "Climb")
                                .riders(60)
                                .incidents(6, 8, 0, 0, 0)
                                .breakawaysPerHour(4)
                                .seed(22)));
        set.add(
                new Scenario(
                        "bunch-hour",
                        "the first 40 km of stage 9 (flat), 60 riders riding together for an hour,"
                                + " no attacks, no incidents",
                        new SimulationSettings(
                                        firstMeters(CourseReader.read(stage(courses, 9)), 40_000))
                                .raceId("quality-bunch-hour", "Bunch hour")
                                .riders(60)
                                .checkpointEveryKm(10)
                                .incidents(0, 0, 0, 0, 0)
                                .breakawaysPerHour(0)
                                .seed(41)));
        set.add(
                new Scenario(
                        "time-trial",
                        "stage 7 time trial, 30 riders a minute apart, 2 crashes, 2 mechanicals",
                        new SimulationSettings(stage7)
                                .raceId("quality-time-trial", "Time trial")
                                .format(RaceFormat.TIME_TRIAL, 1)
                                .riders(30)
                                .startInterval(Duration.ofMinutes(1))
                                .incidents(2, 2, 0, 1, 1)
                                .seed(21)));
        set.add(
                new Scenario(
                        "circuit-5-laps",
                        "stage 7's first 3 km and back, 5 laps, 40 riders, 2 crashes, 2 mechanicals",
                        new SimulationSettings(outAndBack(stage7, 3_000))
                                .raceId("quality-circuit", "Circuit")
                                .format(RaceFormat.MASS_START, 5)
                                .checkpointEveryKm(2)
                                .riders(40)
                                .incidents(2, 2, 0, 1, 1)
                                .seed(31)));
        return set;
    }

    static Path stage(Path courses, int number) {
        return courses.resolve("trace_2024_" + number + ".geojson");
    }

    /** The course up to the first point at or past {@code meters}. */
    public static List<GeoPoint> firstMeters(List<GeoPoint> course, double meters) {
        return between(course, 0, meters);
    }

    /**
     * The course from the last point at or before {@code from} to the first at or past {@code to}.
     */
    public static List<GeoPoint> between(List<GeoPoint> course, double from, double to) {
        double[] along = new double[course.size()];
        for (int i = 1; i < course.size(); i++) {
            GeoPoint a = course.get(i - 1);
            GeoPoint b = course.get(i);
            along[i] = along[i - 1] + Geodesy.distanceMeters(a.lat(), a.lon(), b.lat(), b.lon());
        }
        List<GeoPoint> out = new ArrayList<>();
        for (int i = 0; i < course.size(); i++) {
            if (i + 1 == course.size() || along[i + 1] > from) {
                out.add(course.get(i));
            }
            if (along[i] >= to) {
                break;
            }
        }
        return out;
    }

    /** A lap out along the first {@code meters} of a course and back the same road. */
    public static List<GeoPoint> outAndBack(List<GeoPoint> course, double meters) {
        List<GeoPoint> out = firstMeters(course, meters);
        List<GeoPoint> lap = new ArrayList<>(out);
        for (int i = out.size() - 2; i >= 0; i--) {
            lap.add(out.get(i));
        }
        return lap;
    }
}
