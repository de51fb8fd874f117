package dev.breakaway.core.model;

import dev.breakaway.core.geo.Course;
import java.util.Objects;

/**
 * A categorised climb on one lap of the course, as the organiser publishes it: from where to where
 * along the lap and how much it rises. Climbed again on every lap.
 *
 * @param category the organiser's category, e.g. {@code HC}, {@code 1} .. {@code 4}
 * @param gainMeters the rise from foot to summit, the height VAM divides by
 */
public record Climb(
        String id,
        String name,
        String category,
        double startMeters,
        double endMeters,
        double gainMeters) {

    public Climb {
        Objects.requireNonNull(id, "id is null");
        if (!(startMeters >= 0) || !(endMeters > startMeters)) {
            throw new IllegalArgumentException(
                    "climb "
                            + id
                            + " must end after it starts: "
                            + startMeters
                            + " .. "
                            + endMeters);
        }
        if (!(gainMeters > 0)) {
            throw new IllegalArgumentException(
                    "climb " + id + " must rise: gain " + gainMeters + " m");
        }
    }

    /** A climb whose rise is read off the course's elevations at its foot and summit. */
    public static Climb onCourse(
            Course course,
            String id,
            String name,
            String category,
            double startMeters,
            double endMeters) {
        Double foot = course.pointAt(startMeters).elevationMeters();
        Double summit = course.pointAt(endMeters).elevationMeters();
        if (foot == null || summit == null) {
            throw new IllegalArgumentException(
                    "climb " + id + ": the course has no elevation there; give its gain");
        }
        return new Climb(id, name, category, startMeters, endMeters, summit - foot);
    }

    public double lengthMeters() {
        return endMeters - startMeters;
    }
}
