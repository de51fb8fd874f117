package dev.breakaway.core.geo;

/**
 * Where a position lies on a course.
 *
 * @param distanceMeters geodesic distance from the start along the course (across laps for a {@link
 *     RaceCourse})
 * @param lateralOffsetMeters distance from the position to the course line
 * @param segmentIndex the lap segment the position projects onto
 * @param lap the lap, from 0, for a {@link RaceCourse}; 0 for a single {@link Course}
 */
public record CourseMatch(
        double distanceMeters, double lateralOffsetMeters, int segmentIndex, int lap) {}
