package dev.breakaway.admin.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.admin.api.CheckpointView;
import dev.breakaway.admin.api.ClimbInput;
import dev.breakaway.admin.api.RegistrationView;
import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.Climb;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.Neutralisation;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The race definition the tracker gets, from what the admin database holds. Pure. */
public final class DefinitionAssembler {

    private DefinitionAssembler() {}

    public static RaceDefinition assemble(
            String raceId,
            String name,
            String format,
            int laps,
            Instant startTime,
            List<GeoPoint> course,
            List<CheckpointView> checkpoints,
            List<ClimbInput> climbs,
            List<RegistrationView> registrations,
            List<Neutralisation> neutralisations,
            long version) {
        List<Checkpoint> timing = new ArrayList<>();
        for (CheckpointView c : checkpoints) {
            timing.add(new Checkpoint(c.id(), c.name(), c.distanceMeters()));
        }
        List<Climb> organiserClimbs = new ArrayList<>();
        for (ClimbInput c : climbs) {
            organiserClimbs.add(
                    new Climb(
                            c.id(),
                            c.name(),
                            c.category(),
                            c.startMeters(),
                            c.endMeters(),
                            c.gainMeters()));
        }
        List<RaceRider> riders = new ArrayList<>();
        for (RegistrationView r : registrations) {
            riders.add(
                    new RaceRider(
                            r.riderId(),
                            r.bib(),
                            r.name(),
                            r.startTime(),
                            r.abandonedAt(),
                            r.penaltySeconds()));
        }
        return new RaceDefinition(
                raceId,
                name,
                RaceFormat.valueOf(format),
                laps,
                startTime,
                timing,
                riders,
                course,
                version,
                organiserClimbs,
                neutralisations);
    }

    /** The stored line ({@code [[lon, lat, ele?], ...]}) as points. */
    public static List<GeoPoint> course(JsonNode line) {
        List<GeoPoint> points = new ArrayList<>(line.size());
        for (JsonNode p : line) {
            points.add(
                    new GeoPoint(
                            p.get(0).asDouble(),
                            p.get(1).asDouble(),
                            p.size() > 2 && !p.get(2).isNull() ? p.get(2).asDouble() : null));
        }
        return points;
    }
}
