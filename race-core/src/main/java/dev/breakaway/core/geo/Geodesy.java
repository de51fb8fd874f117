package dev.breakaway.core.geo;

import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;

/** Distances on the WGS84 ellipsoid, from GeographicLib (Karney's algorithms, nm accuracy). */
public final class Geodesy {

    /** WGS84 semi-major axis. */
    static final double A_METERS = 6378137.0;

    /** WGS84 first eccentricity squared. */
    static final double E2 = 6.69437999014e-3;

    private Geodesy() {}

    /** The geodesic (shortest path on the ellipsoid) distance between two positions. */
    public static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
        return Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2, GeodesicMask.DISTANCE).s12;
    }

    /**
     * A fast distance on the local tangent plane at the mean latitude: within 0.1 % of the geodesic
     * up to tens of kilometres. For plausibility thresholds, not for measuring a course.
     */
    public static double approximateDistanceMeters(
            double lat1, double lon1, double lat2, double lon2) {
        double meanLat = (lat1 + lat2) / 2;
        double dx = (lon2 - lon1) * metersPerDegreeLon(meanLat);
        double dy = (lat2 - lat1) * metersPerDegreeLat(meanLat);
        return Math.sqrt(dx * dx + dy * dy);
    }

    /**
     * Metres per degree of latitude at a latitude (the meridian radius of curvature): exact for the
     * ellipsoid, used to build local tangent planes a few hundred metres across.
     */
    public static double metersPerDegreeLat(double latDegrees) {
        double sin = Math.sin(Math.toRadians(latDegrees));
        double w = Math.sqrt(1 - E2 * sin * sin);
        return Math.toRadians(A_METERS * (1 - E2) / (w * w * w));
    }

    /** Metres per degree of longitude at a latitude (prime-vertical radius times cos lat). */
    public static double metersPerDegreeLon(double latDegrees) {
        double rad = Math.toRadians(latDegrees);
        double sin = Math.sin(rad);
        return Math.toRadians(A_METERS / Math.sqrt(1 - E2 * sin * sin) * Math.cos(rad));
    }
}
