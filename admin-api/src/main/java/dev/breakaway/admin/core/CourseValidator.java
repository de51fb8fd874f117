package dev.breakaway.admin.core;

import dev.breakaway.core.geo.Geodesy;
import dev.breakaway.core.io.CourseReader;
import dev.breakaway.core.model.GeoPoint;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * An uploaded course, read and judged: GPX or GeoJSON (told apart by content), one connected line
 * (no step between consecutive points longer than {@link Limits#maxStepMeters}: a gap in the line,
 * a MultiLineString whose parts do not meet, a point typed wrong), of a plausible length, with at
 * most so many points. Every refusal says what is wrong and where.
 */
public final class CourseValidator {

    /**
     * @param maxBytes the largest file taken
     * @param maxPoints the most points in a line
     * @param minMeters the shortest course (a circuit's lap)
     * @param maxMeters the longest course (a long one-day race is 300 km)
     * @param maxStepMeters the longest step between consecutive points: route planners and recorded
     *     tracks put points every few to a few hundred metres; 2 km allows a simplified line on a
     *     straight road and nothing like a jump across a region
     */
    public record Limits(
            long maxBytes,
            int maxPoints,
            double minMeters,
            double maxMeters,
            double maxStepMeters) {

        public static Limits defaults() {
            return new Limits(20L * 1024 * 1024, 200_000, 200, 500_000, 2_000);
        }
    }

    /** A course that passed: its points, length and where it came from. */
    public record ValidCourse(List<GeoPoint> points, double lengthMeters, String format) {}

    private final Limits limits;

    public CourseValidator(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    public ValidCourse validate(byte[] file) {
        if (file.length > limits.maxBytes()) {
            throw new AdminException(
                    413,
                    "COURSE_TOO_LARGE",
                    "the course file is larger than " + limits.maxBytes() + " bytes");
        }
        String format = sniff(file);
        List<GeoPoint> points;
        try {
            points =
                    format.equals("GPX")
                            ? CourseReader.readGpx(new ByteArrayInputStream(file), "the GPX file")
                            : CourseReader.readGeoJson(file, "the GeoJSON file");
        } catch (IllegalArgumentException e) {
            throw AdminException.invalid("BAD_COURSE", e.getMessage());
        }
        if (points.size() > limits.maxPoints()) {
            throw AdminException.invalid(
                    "BAD_COURSE",
                    "the line has "
                            + points.size()
                            + " points; at most "
                            + limits.maxPoints()
                            + " are taken (simplify it)");
        }
        double length = 0;
        for (int i = 1; i < points.size(); i++) {
            GeoPoint a = points.get(i - 1);
            GeoPoint b = points.get(i);
            double step = Geodesy.distanceMeters(a.lat(), a.lon(), b.lat(), b.lon());
            if (step > limits.maxStepMeters()) {
                throw AdminException.invalid(
                        "BAD_COURSE",
                        String.format(
                                Locale.ROOT,
                                "the line jumps %.1f km between point %d (%.5f, %.5f) and point"
                                        + " %d (%.5f, %.5f); consecutive points must be within"
                                        + " %.1f km: is it one connected line?",
                                step / 1000,
                                i - 1,
                                a.lat(),
                                a.lon(),
                                i,
                                b.lat(),
                                b.lon(),
                                limits.maxStepMeters() / 1000));
            }
            length += step;
        }
        if (length < limits.minMeters() || length > limits.maxMeters()) {
            throw AdminException.invalid(
                    "BAD_COURSE",
                    String.format(
                            Locale.ROOT,
                            "the course is %.2f km long; a course is %.1f to %.0f km",
                            length / 1000,
                            limits.minMeters() / 1000,
                            limits.maxMeters() / 1000));
        }
        return new ValidCourse(points, length, format);
    }

    /** GPX is XML, GeoJSON is JSON: the first character that is not white space tells. */
    private static String sniff(byte[] file) {
        int i = 0;
        // a UTF-8 byte order mark
        if (file.length >= 3
                && (file[0] & 0xff) == 0xef
                && (file[1] & 0xff) == 0xbb
                && (file[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < file.length && Character.isWhitespace(file[i])) {
            i++;
        }
        if (i == file.length) {
            throw AdminException.invalid("BAD_COURSE", "the course file is empty");
        }
        char first = (char) file[i];
        if (first == '<') {
            return "GPX";
        }
        if (first == '{') {
            return "GEOJSON";
        }
        String start =
                new String(file, i, Math.min(16, file.length - i), StandardCharsets.ISO_8859_1);
        throw AdminException.invalid(
                "BAD_COURSE",
                "the course file is neither GPX (XML) nor GeoJSON (JSON); it starts with "
                        + start.replaceAll("[^\\x20-\\x7e]", "?"));
    }
}
