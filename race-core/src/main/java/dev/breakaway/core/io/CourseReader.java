package dev.breakaway.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.core.model.GeoPoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a course line from GPX (track points, else route points) or GeoJSON (a LineString or
 * MultiLineString, bare or in a Feature or FeatureCollection; parts are joined in order, with the
 * repeated point at each joint dropped). Elevations are kept where present.
 */
public final class CourseReader {

    /** GeoJSON is read as a tree: a course file is not a wire format of the platform. */
    private static final com.fasterxml.jackson.databind.ObjectMapper GEOJSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private CourseReader() {}

    public static List<GeoPoint> read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try (InputStream in = Files.newInputStream(file)) {
            if (name.endsWith(".gpx")) {
                return readGpx(in, file.toString());
            }
            if (name.endsWith(".geojson") || name.endsWith(".json")) {
                return readGeoJson(in.readAllBytes(), file.toString());
            }
        } catch (IOException e) {
            throw new CourseFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        throw new CourseFormatException(
                "unknown course format (expected .gpx, .geojson or .json): " + file);
    }

    public static List<GeoPoint> readGpx(InputStream in, String source) {
        List<TrackPoint> track = new ArrayList<>();
        List<TrackPoint> route = new ArrayList<>();
        XmlTracks.readGpx(in, source, track, route, false);
        List<TrackPoint> chosen = track.isEmpty() ? route : track;
        if (chosen.size() < 2) {
            throw new CourseFormatException(source + ": no track or route with 2+ points");
        }
        List<GeoPoint> points = new ArrayList<>(chosen.size());
        for (TrackPoint p : chosen) {
            points.add(new GeoPoint(p.lon(), p.lat(), p.elevationMeters()));
        }
        return points;
    }

    public static List<GeoPoint> readGeoJson(byte[] json, String source) {
        JsonNode root;
        try {
            root = GEOJSON.readTree(json);
        } catch (IOException e) {
            throw new CourseFormatException(source + ": not JSON: " + e.getMessage(), e);
        }
        JsonNode geometry = findLine(root);
        if (geometry == null) {
            throw new CourseFormatException(source + ": no LineString or MultiLineString found");
        }
        List<GeoPoint> points = new ArrayList<>();
        if ("LineString".equals(geometry.path("type").asText())) {
            addPositions(geometry.path("coordinates"), points, source);
        } else {
            for (JsonNode part : geometry.path("coordinates")) {
                addPositions(part, points, source);
            }
        }
        if (points.size() < 2) {
            throw new CourseFormatException(source + ": the line has fewer than 2 points");
        }
        return points;
    }

    private static JsonNode findLine(JsonNode node) {
        String type = node.path("type").asText();
        switch (type) {
            case "LineString", "MultiLineString" -> {
                return node;
            }
            case "Feature" -> {
                return findLine(node.path("geometry"));
            }
            case "FeatureCollection" -> {
                for (JsonNode feature : node.path("features")) {
                    JsonNode line = findLine(feature);
                    if (line != null) {
                        return line;
                    }
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private static void addPositions(JsonNode coordinates, List<GeoPoint> points, String source) {
        for (JsonNode position : coordinates) {
            if (!position.isArray()
                    || position.size() < 2
                    || !position.get(0).isNumber()
                    || !position.get(1).isNumber()) {
                throw new CourseFormatException(source + ": bad position " + position);
            }
            GeoPoint p;
            try {
                p =
                        new GeoPoint(
                                position.get(0).asDouble(),
                                position.get(1).asDouble(),
                                position.size() > 2 && position.get(2).isNumber()
                                        ? position.get(2).asDouble()
                                        : null);
            } catch (IllegalArgumentException e) {
                throw new CourseFormatException(source + ": " + e.getMessage(), e);
            }
            GeoPoint last = points.isEmpty() ? null : points.get(points.size() - 1);
            if (last == null || last.lat() != p.lat() || last.lon() != p.lon()) {
                points.add(p);
            }
        }
    }
}
