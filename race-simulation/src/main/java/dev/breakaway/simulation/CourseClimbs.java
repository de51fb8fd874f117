package dev.breakaway.simulation;

import dev.breakaway.core.geo.Course;
import dev.breakaway.core.model.Climb;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The climbs an organiser would categorise on a simulated race's course, read off its elevation
 * profile: every rise of at least {@link #MIN_GAIN_METERS} from a foot to a summit without a dip of
 * more than {@link #MAX_DIP_METERS} on the way. A simulation's stand-in for the organiser's list;
 * the category comes from the gain alone (real categories also weigh the gradient and the place in
 * the stage).
 */
public final class CourseClimbs {

    static final double MIN_GAIN_METERS = 80;
    static final double MAX_DIP_METERS = 15;
    private static final double STEP_METERS = 50;

    private CourseClimbs() {}

    /** The course's climbs in order along it (none where the course has no elevation). */
    public static List<Climb> of(Course course) {
        int n = (int) Math.floor(course.lengthMeters() / STEP_METERS) + 1;
        double[] ele = new double[n];
        for (int i = 0; i < n; i++) {
            Double e = course.pointAt(i * STEP_METERS).elevationMeters();
            if (e == null) {
                return List.of();
            }
            ele[i] = e;
        }
        List<Climb> climbs = new ArrayList<>();
        int foot = 0;
        int summit = 0;
        for (int i = 1; i < n; i++) {
            if (ele[i] > ele[summit]) {
                summit = i;
            } else if (ele[summit] - ele[i] > MAX_DIP_METERS) {
                add(climbs, course, foot, summit, ele);
                foot = i;
                summit = i;
            } else if (ele[i] <= ele[foot]) {
                foot = i; // a new low (or as low, later): the foot moves up to it
                summit = i;
            }
        }
        add(climbs, course, foot, summit, ele);
        return climbs;
    }

    private static void add(List<Climb> climbs, Course course, int foot, int summit, double[] e) {
        double gain = e[summit] - e[foot];
        if (summit <= foot || gain < MIN_GAIN_METERS) {
            return;
        }
        int number = climbs.size() + 1;
        climbs.add(
                Climb.onCourse(
                        course,
                        "climb-" + number,
                        String.format(Locale.ROOT, "Climb %d", number),
                        category(gain),
                        foot * STEP_METERS,
                        summit * STEP_METERS));
    }

    private static String category(double gainMeters) {
        if (gainMeters >= 1000) {
            return "HC";
        }
        if (gainMeters >= 600) {
            return "1";
        }
        if (gainMeters >= 350) {
            return "2";
        }
        return gainMeters >= 180 ? "3" : "4";
    }
}
