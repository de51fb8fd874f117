package dev.breakaway.query.resources;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.identity.Public;
import dev.breakaway.query.api.EventsPage;
import dev.breakaway.query.core.LiveStore;
import dev.breakaway.query.core.RaceViews;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Spectators' live reads. Every document answers with an ETag from its version, so a conditional
 * GET ({@code If-None-Match}) of an unchanged document is a 304 without a body, and caches (a CDN
 * in front) may keep it for a second. Races are public: when the identity issue brings private
 * races, an authenticator in front of these methods decides, the methods stay as they are.
 */
@Path("/v1/races")
@Produces(MediaType.APPLICATION_JSON)
public class RacesResource {

    /** A race updated this recently (wall clock) is listed as live. */
    static final Duration LIVE_WITHIN = Duration.ofMinutes(5);

    private static final int MAX_EVENTS = 500;

    private final LiveStore store;
    private final Clock clock;
    private final Map<String, ObjectNode> views = new LinkedHashMap<>(16, 0.75f, true);

    public RacesResource(LiveStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    @GET
    @Public("spectators' live data, no sign-in")
    public ObjectNode races() {
        ObjectNode out = Json.mapper().createObjectNode();
        ArrayNode list = out.putArray("races");
        long now = clock.millis();
        for (LiveStore.RaceEntry entry : store.races(100)) {
            ObjectNode view = view(entry.raceId());
            ObjectNode race = list.addObject();
            race.put("raceId", entry.raceId());
            if (view != null) {
                race.set("name", view.get("name"));
                race.set("format", view.get("format"));
                race.set("startTime", view.get("startTime"));
            }
            race.put("lastUpdate", Instant.ofEpochMilli(entry.lastUpdateMillis()).toString());
            race.put("live", now - entry.lastUpdateMillis() <= LIVE_WITHIN.toMillis());
        }
        return out;
    }

    @GET
    @Public("spectators' live data, no sign-in")
    @Path("/{raceId}")
    public Response race(@PathParam("raceId") String raceId, @Context Request request) {
        LiveStore.Versioned definition =
                store.definition(raceId).orElseThrow(() -> unknown(raceId));
        EntityTag tag = new EntityTag("d" + definition.version());
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return cached(unchanged, tag);
        }
        return cached(Response.ok(view(raceId, definition)), tag);
    }

    @GET
    @Public("spectators' live data, no sign-in")
    @Path("/{raceId}/standings")
    public Response standings(@PathParam("raceId") String raceId, @Context Request request) {
        LiveStore.Versioned standings = store.standings(raceId).orElse(null);
        if (standings == null) {
            store.definition(raceId).orElseThrow(() -> unknown(raceId));
            // the race is known, nothing is standing yet: a standings message without standings
            return Response.ok(
                            Json.toString(
                                    new RaceUpdate(
                                            RaceUpdate.STANDINGS,
                                            null,
                                            raceId,
                                            0,
                                            null,
                                            null,
                                            null,
                                            null)))
                    .build();
        }
        EntityTag tag = new EntityTag("s" + standings.version());
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return cached(unchanged, tag);
        }
        return cached(Response.ok(standings.json()), tag);
    }

    @GET
    @Public("spectators' live data, no sign-in")
    @Path("/{raceId}/riders/{riderId}")
    public Response rider(
            @PathParam("raceId") String raceId,
            @PathParam("riderId") String riderId,
            @Context Request request) {
        LiveStore.Versioned rider = store.rider(raceId, riderId).orElse(null);
        if (rider == null) {
            store.definition(raceId).orElseThrow(() -> unknown(raceId));
            throw new NotFoundException(
                    error("UNKNOWN_RIDER", "no live position of rider " + riderId + " yet", 404));
        }
        EntityTag tag = new EntityTag("r" + rider.version());
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return cached(unchanged, tag);
        }
        return cached(Response.ok(rider.json()), tag);
    }

    /**
     * Events after {@code since} (epoch milliseconds or ISO-8601, exclusive), oldest first; {@code
     * next} is the {@code since} of the following page.
     */
    @GET
    @Public("spectators' live data, no sign-in")
    @Path("/{raceId}/events")
    public Response events(
            @PathParam("raceId") String raceId,
            @QueryParam("since") String since,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (store.definition(raceId).isEmpty() && store.standings(raceId).isEmpty()) {
            throw unknown(raceId);
        }
        if (limit < 1 || limit > MAX_EVENTS) {
            throw new WebApplicationException(
                    error("BAD_LIMIT", "limit must be in [1, " + MAX_EVENTS + "]", 400));
        }
        long after = parseSince(since);
        List<RaceUpdate> events = new ArrayList<>();
        long next = after;
        for (LiveStore.Versioned event : store.eventsAfter(raceId, after, limit)) {
            events.add(Json.fromString(event.json(), RaceUpdate.class));
            next = Math.max(next, event.version());
        }
        // the platform's codec, as for every document the tracker wrote
        return Response.ok(Json.toString(new EventsPage(events, next))).build();
    }

    private static long parseSince(String since) {
        if (since == null || since.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(since);
        } catch (NumberFormatException notMillis) {
            try {
                return Instant.parse(since).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new WebApplicationException(
                        error(
                                "BAD_SINCE",
                                "since must be epoch milliseconds or an ISO-8601 instant",
                                400));
            }
        }
    }

    private ObjectNode view(String raceId) {
        return store.definition(raceId).map(d -> view(raceId, d)).orElse(null);
    }

    /** The public view of a definition, kept per version (the course is the bulk of it). */
    private ObjectNode view(String raceId, LiveStore.Versioned definition) {
        String key = raceId + "@" + definition.version();
        synchronized (views) {
            ObjectNode cached = views.get(key);
            if (cached != null) {
                return cached;
            }
        }
        ObjectNode view = RaceViews.race(Json.fromString(definition.json(), RaceDefinition.class));
        synchronized (views) {
            views.put(key, view);
            if (views.size() > 64) {
                views.remove(views.keySet().iterator().next());
            }
        }
        return view;
    }

    private static Response cached(Response.ResponseBuilder response, EntityTag tag) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(1);
        return response.tag(tag).cacheControl(cache).build();
    }

    private static NotFoundException unknown(String raceId) {
        return new NotFoundException(error("UNKNOWN_RACE", "no race " + raceId, 404));
    }

    static Response error(String reason, String message, int status) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("reason", reason);
        body.put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
