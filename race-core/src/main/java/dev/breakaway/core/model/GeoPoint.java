package dev.breakaway.core.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A WGS84 position, written as a GeoJSON position {@code [lon, lat, ele]}.
 *
 * @param lon longitude in degrees, -180..180
 * @param lat latitude in degrees, -90..90
 * @param elevationMeters height above sea level, or {@code null} when unknown
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"lon", "lat", "elevationMeters"})
public record GeoPoint(double lon, double lat, Double elevationMeters) {

    public GeoPoint {
        if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException(
                    "coordinates out of range: lat=" + lat + ", lon=" + lon);
        }
    }

    public static GeoPoint of(double lat, double lon) {
        return new GeoPoint(lon, lat, null);
    }
}
