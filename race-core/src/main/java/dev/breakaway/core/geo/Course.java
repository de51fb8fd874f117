package dev.breakaway.core.geo;

import dev.breakaway.core.model.GeoPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * One lap of a race course: a polyline on the WGS84 ellipsoid with its distance scale.
 *
 * <p>Distance along the course is the sum of the geodesic lengths of its segments, so that "km 50"
 * is the same point for every part of the platform and for anyone measuring with a geodesic
 * library. Positions are projected onto a segment in a local tangent plane centred on the position
 * (exact to well under a centimetre over a segment of a few hundred metres) and the fraction found
 * is applied to the segment's geodesic length.
 *
 * <p>Matching always takes a window of distances: callers search where the rider can physically be,
 * which is what keeps loops and out-and-back roads from snapping a rider to the wrong pass. A
 * narrow window is scanned segment by segment; a wide one (first fix, after a long gap) asks an
 * STRtree of the segments for those near the position.
 *
 * <p>Limits: the course must not cross the antimeridian. Consecutive duplicate points are dropped.
 * Immutable and thread-safe once built (the index is built eagerly).
 */
public final class Course {

    /** Windows spanning more segments than this use the spatial index. */
    static final int LINEAR_SCAN_LIMIT = 96;

    private static final GeometryFactory GEOMETRY_FACTORY =
            new GeometryFactory(new PrecisionModel(), 4326);

    private final double[] lat;
    private final double[] lon;
    private final double[] elevation;
    private final double[] cumulativeMeters;
    private final double[] segmentMeters;
    private final STRtree segmentIndex;
    private final LineString line;

    private Course(double[] lat, double[] lon, double[] elevation) {
        this.lat = lat;
        this.lon = lon;
        this.elevation = elevation;
        int n = lat.length;
        this.cumulativeMeters = new double[n];
        this.segmentMeters = new double[n - 1];
        Coordinate[] coordinates = new Coordinate[n];
        STRtree index = new STRtree();
        for (int i = 0; i < n; i++) {
            coordinates[i] = new Coordinate(lon[i], lat[i]);
            if (i > 0) {
                segmentMeters[i - 1] =
                        Geodesy.distanceMeters(lat[i - 1], lon[i - 1], lat[i], lon[i]);
                cumulativeMeters[i] = cumulativeMeters[i - 1] + segmentMeters[i - 1];
                index.insert(new Envelope(lon[i - 1], lon[i], lat[i - 1], lat[i]), i - 1);
            }
        }
        index.build();
        this.segmentIndex = index;
        this.line = GEOMETRY_FACTORY.createLineString(coordinates);
    }

    /** Builds a course from its points in riding order. */
    public static Course of(List<GeoPoint> points) {
        List<GeoPoint> distinct = new ArrayList<>(points.size());
        for (GeoPoint p : points) {
            GeoPoint last = distinct.isEmpty() ? null : distinct.get(distinct.size() - 1);
            if (last == null || last.lat() != p.lat() || last.lon() != p.lon()) {
                distinct.add(p);
            }
        }
        if (distinct.size() < 2) {
            throw new IllegalArgumentException("a course needs at least two distinct points");
        }
        int n = distinct.size();
        double[] lat = new double[n];
        double[] lon = new double[n];
        double[] ele = new double[n];
        for (int i = 0; i < n; i++) {
            GeoPoint p = distinct.get(i);
            lat[i] = p.lat();
            lon[i] = p.lon();
            ele[i] = p.elevationMeters() == null ? Double.NaN : p.elevationMeters();
        }
        return new Course(lat, lon, ele);
    }

    public double lengthMeters() {
        return cumulativeMeters[cumulativeMeters.length - 1];
    }

    /** The course as a JTS line, x = longitude, y = latitude (degrees). */
    public LineString lineString() {
        return (LineString) line.copy();
    }

    /** The point at a distance along the course (clamped to the course), elevation interpolated. */
    public GeoPoint pointAt(double distanceMeters) {
        int i = segmentAt(distanceMeters);
        double t = fractionInSegment(i, distanceMeters);
        double e0 = elevation[i];
        double e1 = elevation[i + 1];
        Double ele = Double.isNaN(e0) || Double.isNaN(e1) ? null : e0 + t * (e1 - e0);
        return new GeoPoint(
                lon[i] + t * (lon[i + 1] - lon[i]), lat[i] + t * (lat[i + 1] - lat[i]), ele);
    }

    /**
     * Mean gradient (rise over run) between two distances, or 0 where elevation is unknown.
     * Positive uphill.
     */
    public double gradientBetween(double fromMeters, double toMeters) {
        if (toMeters <= fromMeters) {
            return 0;
        }
        Double e0 = pointAt(fromMeters).elevationMeters();
        Double e1 = pointAt(toMeters).elevationMeters();
        return e0 == null || e1 == null ? 0 : (e1 - e0) / (toMeters - fromMeters);
    }

    /** The segment holding a distance: the last one whose start is at or before it. */
    int segmentAt(double distanceMeters) {
        if (distanceMeters <= 0) {
            return 0;
        }
        int i = Arrays.binarySearch(cumulativeMeters, distanceMeters);
        int segment = i >= 0 ? i : -i - 2;
        return Math.min(segment, segmentMeters.length - 1);
    }

    private double fractionInSegment(int segment, double distanceMeters) {
        double length = segmentMeters[segment];
        double t = length == 0 ? 0 : (distanceMeters - cumulativeMeters[segment]) / length;
        return Math.max(0, Math.min(1, t));
    }

    /**
     * Matches a position to this course, searching only distances in {@code [fromMeters,
     * toMeters]}.
     *
     * @return the match, or {@code null} if no segment in the window is within {@code
     *     maxOffsetMeters}
     */
    public CourseMatch match(
            double latitude,
            double longitude,
            double fromMeters,
            double toMeters,
            double maxOffsetMeters,
            double expectedMeters) {
        MatchSelector selector =
                new MatchSelector(maxOffsetMeters, TIE_TOLERANCE_METERS, expectedMeters);
        offerCandidates(
                latitude, longitude, fromMeters, toMeters, maxOffsetMeters, 0, 0, false, selector);
        return selector.result();
    }

    /** Offsets within this of the closest candidate count as "about as close". */
    static final double TIE_TOLERANCE_METERS = 15;

    /**
     * Offers every segment overlapping the window to the selector, with distances shifted by {@code
     * distanceShiftMeters} (laps before this one) and tagged with {@code lap}. With {@code
     * overrunEnd}, the last segment extends past the end of the course, up to {@code toMeters}.
     */
    void offerCandidates(
            double latitude,
            double longitude,
            double fromMeters,
            double toMeters,
            double maxOffsetMeters,
            double distanceShiftMeters,
            int lap,
            boolean overrunEnd,
            MatchSelector selector) {
        if (toMeters < fromMeters) {
            return;
        }
        int first = segmentAt(fromMeters);
        int last = segmentAt(toMeters);
        double kx = Geodesy.metersPerDegreeLon(latitude);
        double ky = Geodesy.metersPerDegreeLat(latitude);
        if (last - first + 1 <= LINEAR_SCAN_LIMIT) {
            for (int i = first; i <= last; i++) {
                offerSegment(
                        i,
                        latitude,
                        longitude,
                        kx,
                        ky,
                        fromMeters,
                        toMeters,
                        distanceShiftMeters,
                        lap,
                        overrunEnd,
                        selector);
            }
            return;
        }
        double dLon = maxOffsetMeters / kx;
        double dLat = maxOffsetMeters / ky;
        Envelope around =
                new Envelope(longitude - dLon, longitude + dLon, latitude - dLat, latitude + dLat);
        segmentIndex.query(
                around,
                item -> {
                    int i = (Integer) item;
                    if (i >= first && i <= last) {
                        offerSegment(
                                i,
                                latitude,
                                longitude,
                                kx,
                                ky,
                                fromMeters,
                                toMeters,
                                distanceShiftMeters,
                                lap,
                                overrunEnd,
                                selector);
                    }
                });
        if (overrunEnd && last == segmentMeters.length - 1) {
            // The extension past the end lies outside the indexed envelope of the last segment.
            offerSegment(
                    last,
                    latitude,
                    longitude,
                    kx,
                    ky,
                    fromMeters,
                    toMeters,
                    distanceShiftMeters,
                    lap,
                    true,
                    selector);
        }
    }

    private void offerSegment(
            int i,
            double latitude,
            double longitude,
            double kx,
            double ky,
            double fromMeters,
            double toMeters,
            double distanceShiftMeters,
            int lap,
            boolean overrunEnd,
            MatchSelector selector) {
        // Local tangent plane centred on the position: the position is the origin.
        double ax = (lon[i] - longitude) * kx;
        double ay = (lat[i] - latitude) * ky;
        double bx = (lon[i + 1] - longitude) * kx;
        double by = (lat[i + 1] - latitude) * ky;
        double dx = bx - ax;
        double dy = by - ay;
        double lengthSquared = dx * dx + dy * dy;
        double t = lengthSquared == 0 ? 0 : -(ax * dx + ay * dy) / lengthSquared;
        // Past the end of the last segment the line is extended straight on (a rider beyond the
        // finish line), so that the finish crossing can be interpolated like any other.
        boolean lastSegment = i == segmentMeters.length - 1;
        t = Math.max(0, overrunEnd && lastSegment ? t : Math.min(1, t));
        double along = cumulativeMeters[i] + t * segmentMeters[i];
        // Keep the match inside the window: the segment may straddle its ends.
        if (along < fromMeters || along > toMeters) {
            along = Math.max(fromMeters, Math.min(toMeters, along));
            t = segmentMeters[i] == 0 ? 0 : (along - cumulativeMeters[i]) / segmentMeters[i];
        }
        double px = ax + t * dx;
        double py = ay + t * dy;
        selector.offer(along + distanceShiftMeters, Math.sqrt(px * px + py * py), i, lap);
    }
}
