package dev.breakaway.query.resources;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.breakaway.identity.Role;
import dev.breakaway.query.history.HistoryQuery;
import dev.breakaway.query.history.HistoryStore;
import dev.breakaway.query.history.Paging;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Analysts' and organisers' reads of past (and running) races, from the lakehouse through Trino:
 * per race (results, splits, speeds, climbs, race flow) and per rider (results across races, head
 * to head). Lists come in pages ({@code offset}, {@code limit}, {@code nextOffset}); a race or
 * rider with no history is a 404; Trino unavailable is a 503 with Retry-After.
 */
@Path("/v1/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    static final int MAX_ID_LENGTH = 200;
    static final double MIN_STEP_METERS = 100;
    static final double MAX_STEP_METERS = 50_000;

    private final HistoryStore store;
    private final CacheControl cache;

    /**
     * Races as last defined, kept as long as caches may keep an answer: every per-race request
     * needs its race (a 404 otherwise), and a Trino query costs a few hundred milliseconds however
     * small (docs/benchmarks.md). Unknown races are not kept.
     */
    private final Cache<String, Map<String, Object>> races;

    public HistoryResource(HistoryStore store, Duration cacheFor) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.cache = new CacheControl();
        cache.setMaxAge((int) cacheFor.toSeconds());
        this.races = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(cacheFor).build();
    }

    @GET
    @RolesAllowed({Role.Names.ANALYST, Role.Names.OFFICIAL, Role.Names.ADMIN})
    @Path("/races/{raceId}")
    public Response race(@PathParam("raceId") String raceId) {
        return ok(raceHeader(raceId));
    }

    @GET
    @RolesAllowed({Role.Names.ANALYST, Role.Names.OFFICIAL, Role.Names.ADMIN})
    @Path("/races/{raceId}/results")
    public Response results(
            @PathParam("raceId") String raceId,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return racePage(raceId, HistoryQuery.RESULTS, List.of(raceId), offset, limit);
    }

    @GET
    @RolesAllowed({Role.Names.ANALYST, Role.Names.OFFICIAL, Role.Names.ADMIN})
    @Path("/races/{raceId}/splits")
    public Response splits(
            @PathParam("raceId") String raceId,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return racePage(raceId, HistoryQuery.SPLITS, List.of(raceId, raceId), offset, limit);
    }

    @GET
    @RolesAllowed({Role.Names.ANALYST, Role.Names.OFFICIAL, Role.Names.ADMIN})
    @Path("/races/{raceId}/speeds")
    public Response speeds(
            @PathParam("raceId") String raceId,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return racePage(raceId, HistoryQuery.SPEEDS, List.of(raceId, raceId), offset, limit);
    }

    @GET
    @RolesAllowed({Role.Names.ANALYST, Role.Names.OFFICIAL, Role.Names.ADMIN})
    @Path("/races/{raceId}/climbs")
    public Response climbs(
            @PathParam("raceId") String raceId,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return racePage(raceId, HistoryQuery.CLIMBS, List.of(raceId, raceId), offset, limit);
    }

    @GET
    @RolesAllowed({Role.Names.ANALYST, Role.Names.OFFICIAL, Role.Names.ADMIN})
    @Path("/races/{raceId}/race-flow")
    public Response raceFlow(
            @PathParam("raceId") String raceId,
            @QueryParam("stepMeters") String stepMeters,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        double step = stepMeters(stepMeters);
        return racePage(raceId, HistoryQuery.RACE_FLOW, List.of(raceId, step), offset, limit);
    }

    @GET
    @RolesAllowed({Role.Names.ANALYST, Role.Names.OFFICIAL, Role.Names.ADMIN})
    @Path("/riders/{riderId}/results")
    public Response riderResults(
            @PathParam("riderId") String riderId,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        id("riderId", riderId);
        Paging paging = paging(offset, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("riderId", riderId);
        page(body, HistoryQuery.RIDER_RESULTS, List.of(riderId), paging);
        if (((List<?>) body.get("items")).isEmpty() && paging.offset() == 0) {
            throw new NotFoundException(
                    RacesResource.error("UNKNOWN_RIDER", "no results of rider " + riderId, 404));
        }
        return ok(body);
    }

    @GET
    @RolesAllowed({Role.Names.ANALYST, Role.Names.OFFICIAL, Role.Names.ADMIN})
    @Path("/riders/{riderId}/head-to-head/{otherRiderId}")
    public Response headToHead(
            @PathParam("riderId") String riderId,
            @PathParam("otherRiderId") String otherRiderId,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        id("riderId", riderId);
        id("otherRiderId", otherRiderId);
        if (riderId.equals(otherRiderId)) {
            throw bad("BAD_RIDERS", "a rider against itself: " + riderId);
        }
        List<Object> riders = List.of(riderId, otherRiderId);
        Map<String, Long> ahead = new LinkedHashMap<>();
        ahead.put(riderId, 0L);
        ahead.put(otherRiderId, 0L);
        long races = 0;
        for (Map<String, Object> row :
                store.rows(
                        // (Trino ignores the inner ORDER BY)
                        "SELECT ahead, count(*) AS races FROM ("
                                + HistoryQuery.HEAD_TO_HEAD.sql()
                                + ") GROUP BY ahead",
                        riders)) {
            long n = ((Number) row.get("races")).longValue();
            races += n;
            if (row.get("ahead") != null) {
                ahead.put((String) row.get("ahead"), n);
            }
        }
        if (races == 0) {
            throw new NotFoundException(
                    RacesResource.error(
                            "UNKNOWN_RIDER",
                            "no race with results of both " + riderId + " and " + otherRiderId,
                            404));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("riderId", riderId);
        body.put("otherRiderId", otherRiderId);
        body.put("races", races);
        body.put("ahead", ahead);
        page(body, HistoryQuery.HEAD_TO_HEAD, riders, paging(offset, limit));
        return ok(body);
    }

    private Response racePage(
            String raceId,
            HistoryQuery query,
            List<Object> parameters,
            String offset,
            String limit) {
        Paging paging = paging(offset, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("race", raceHeader(raceId));
        page(body, query, parameters, paging);
        return ok(body);
    }

    private Map<String, Object> raceHeader(String raceId) {
        id("raceId", raceId);
        Map<String, Object> known = races.getIfPresent(raceId);
        if (known != null) {
            return known;
        }
        List<Map<String, Object>> race = store.rows(HistoryQuery.RACE.sql(), List.of(raceId));
        if (race.isEmpty()) {
            throw new NotFoundException(
                    RacesResource.error("UNKNOWN_RACE", "no history of race " + raceId, 404));
        }
        races.put(raceId, race.get(0));
        return race.get(0);
    }

    private void page(
            Map<String, Object> body, HistoryQuery query, List<Object> parameters, Paging paging) {
        List<Object> all = new ArrayList<>(parameters);
        all.add(paging.offset());
        all.add(paging.fetch());
        List<Map<String, Object>> rows = store.rows(query.pageSql(), all);
        body.put("offset", paging.offset());
        body.put("limit", paging.limit());
        body.put("nextOffset", paging.next(rows.size()));
        body.put("items", rows.size() > paging.limit() ? rows.subList(0, paging.limit()) : rows);
    }

    private Response ok(Object body) {
        return Response.ok(body).cacheControl(cache).build();
    }

    private static Paging paging(String offset, String limit) {
        try {
            return Paging.of(offset, limit);
        } catch (IllegalArgumentException e) {
            throw bad("BAD_PAGE", e.getMessage());
        }
    }

    private static double stepMeters(String value) {
        if (value == null || value.isBlank()) {
            return 1_000;
        }
        double step;
        try {
            step = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw bad("BAD_STEP", "stepMeters must be a number: " + value);
        }
        if (!(step >= MIN_STEP_METERS && step <= MAX_STEP_METERS)) {
            throw bad(
                    "BAD_STEP",
                    "stepMeters must be "
                            + MIN_STEP_METERS
                            + " to "
                            + MAX_STEP_METERS
                            + ": "
                            + value);
        }
        return step;
    }

    private static void id(String name, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_ID_LENGTH) {
            throw bad("BAD_ID", name + " must be 1 to " + MAX_ID_LENGTH + " characters");
        }
    }

    private static BadRequestException bad(String reason, String message) {
        return new BadRequestException(RacesResource.error(reason, message, 400));
    }
}
