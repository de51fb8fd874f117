package dev.breakaway.query.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.geo.Course;
import dev.breakaway.core.geo.RaceCourse;
import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceRider;

/**
 * The public view of a race definition: its course as a GeoJSON Feature (x = longitude, y =
 * latitude, elevation third), checkpoints with where they are on the map, and the start list.
 */
public final class RaceViews {

    private RaceViews() {}

    public static ObjectNode race(RaceDefinition race) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("raceId", race.raceId());
        out.put("name", race.name());
        out.put("format", race.format().name());
        out.put("laps", race.laps());
        out.put("startTime", race.startTime().toString());
        out.put("version", race.version());
        RaceCourse course = new RaceCourse(Course.of(race.course()), race.laps());
        out.put("lapMeters", course.lapLengthMeters());
        out.put("totalMeters", course.totalMeters());
        ObjectNode feature = out.putObject("course");
        feature.put("type", "Feature");
        feature.putObject("properties").put("name", race.name());
        ObjectNode geometry = feature.putObject("geometry");
        geometry.put("type", "LineString");
        ArrayNode coordinates = geometry.putArray("coordinates");
        for (GeoPoint p : race.course()) {
            ArrayNode c = coordinates.addArray().add(p.lon()).add(p.lat());
            if (p.elevationMeters() != null) {
                c.add(p.elevationMeters());
            }
        }
        ArrayNode checkpoints = out.putArray("checkpoints");
        for (Checkpoint cp : race.checkpoints()) {
            ObjectNode c = checkpoints.addObject();
            c.put("id", cp.id());
            c.put("name", cp.name());
            c.put("distanceMeters", cp.distanceMeters());
            GeoPoint at = course.pointAt(cp.distanceMeters());
            c.putArray("position").add(at.lon()).add(at.lat());
        }
        ArrayNode riders = out.putArray("riders");
        for (RaceRider r : race.riders()) {
            ObjectNode rider = riders.addObject();
            rider.put("riderId", r.riderId());
            rider.put("bib", r.bib());
            rider.put("name", r.name());
            if (r.startTime() != null) {
                rider.put("startTime", r.startTime().toString());
            }
        }
        return out;
    }
}
