package dev.breakaway.query.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.Climb;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.devstack.OidcServer;
import dev.breakaway.devstack.PostgresServer;
import dev.breakaway.devstack.RedisServer;
import dev.breakaway.devstack.TrinoServer;
import dev.breakaway.identity.EndpointRoles;
import dev.breakaway.identity.Role;
import dev.breakaway.identity.dropwizard.OidcFactory;
import dev.breakaway.identity.testing.RoleMatrix;
import dev.breakaway.lakehouse.HistoryTable;
import dev.breakaway.lakehouse.LakehouseCatalog;
import dev.breakaway.lakehouse.LakehouseTables;
import dev.breakaway.lakehouse.RecordFiles;
import dev.breakaway.lakehouse.SchemaMigrations;
import dev.breakaway.query.QueryConfiguration;
import dev.breakaway.query.history.HistoryConfiguration;
import dev.breakaway.query.resources.HistoryResource;
import dev.breakaway.query.resources.OpenApiResource;
import dev.breakaway.query.resources.PageConfigResource;
import dev.breakaway.query.resources.RacesResource;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The history endpoints against a real Trino over the lakehouse (embedded PostgreSQL catalog, local
 * warehouse) holding two constructed races whose every figure follows from how they were built:
 * race a on a straight 10 km course with a 4 km climb rising 200 m, r1 at 10 m/s then 12.5 m/s from
 * km 6, r2 at 8 m/s, r3 at 5 m/s abandoning at km 7; race b an hour later, r2 ahead of r1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryApiITCase {

    private static final Instant A_START = Instant.parse("2024-07-05T12:00:00Z");
    private static final Instant B_START = A_START.plusSeconds(86_400);
    private static final double TOTAL_M = 10_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static PostgresServer postgres;
    private static OidcServer oidc;
    private static String analyst;
    private static TrinoServer trino;
    private static RedisServer redis;
    private static DropwizardTestSupport<QueryConfiguration> app;
    private static final Map<String, List<Record>> rows = new LinkedHashMap<>();
    private static JdbcCatalog catalog;

    /** Seconds after the start at which r1 is at a distance. */
    private static double r1At(double meters) {
        return meters <= 6_000 ? meters / 10 : 600 + (meters - 6_000) / 12.5;
    }

    /** r1's distance at a second after the start. */
    private static double r1Distance(double s) {
        return s <= 600 ? 10 * s : 6_000 + 12.5 * (s - 600);
    }

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start(0);
        LakehouseCatalog settings =
                LakehouseCatalog.onLocalPostgres(
                        postgres.database("lakehouse"), Files.createTempDirectory("warehouse"));
        catalog = settings.open();
        SchemaMigrations.apply(catalog);
        writeRaceA();
        writeRaceB();
        for (Map.Entry<String, List<Record>> table : rows.entrySet()) {
            Table t =
                    catalog.loadTable(
                            TableIdentifier.of(LakehouseTables.NAMESPACE, table.getKey()));
            var append = t.newAppend();
            Map<String, List<Record>> byRace = new LinkedHashMap<>();
            for (Record r : table.getValue()) {
                byRace.computeIfAbsent((String) r.getField("race_id"), k -> new ArrayList<>())
                        .add(r);
            }
            for (List<Record> race : byRace.values()) {
                append.appendFile(RecordFiles.write(t, race));
            }
            append.commit();
        }
        trino = TrinoServer.start(0, settings.trinoValues(), settings.trinoProbeTable());
        redis = RedisServer.start(0);
        HistoryConfiguration history = new HistoryConfiguration();
        history.setJdbcUrl(trino.jdbcUrl(settings.name()) + "/" + LakehouseTables.NAMESPACE);
        history.setRetryAfter(io.dropwizard.util.Duration.seconds(17));
        oidc = OidcServer.start(0);
        analyst = oidc.token("ana", List.of("analyst"));
        OidcFactory tokens = new OidcFactory();
        tokens.setIssuer(oidc.issuer());
        tokens.setJwksUri(oidc.jwksUri());
        tokens.setAudience(OidcServer.AUDIENCE);
        app = QueryApiITCase.app(redis.uri(), history, tokens);
        app.before();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (app != null) {
                app.after();
            }
        } finally {
            for (AutoCloseable c : new AutoCloseable[] {catalog, trino, redis, postgres, oidc}) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    // ---- the races ----

    private static Record row(HistoryTable table, Object... namesAndValues) {
        Record r = GenericRecord.create(table.schema());
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object v = namesAndValues[i + 1];
            r.setField(
                    (String) namesAndValues[i],
                    v instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : v);
        }
        rows.computeIfAbsent(table.name(), k -> new ArrayList<>()).add(r);
        return r;
    }

    private static void race(RaceDefinition d) throws Exception {
        row(
                LakehouseTables.RACES,
                "race_id",
                d.raceId(),
                "version",
                d.version(),
                "name",
                d.name(),
                "format",
                d.format().name(),
                "start_time",
                d.startTime(),
                "laps",
                d.laps(),
                "total_m",
                TOTAL_M,
                "definition_json",
                new String(Json.toBytes(d), StandardCharsets.UTF_8));
        for (RaceRider r : d.riders()) {
            row(
                    LakehouseTables.RIDERS,
                    "race_id",
                    d.raceId(),
                    "rider_id",
                    r.riderId(),
                    "bib",
                    r.bib(),
                    "name",
                    r.name(),
                    "team",
                    "Team " + r.riderId());
        }
    }

    private static RaceDefinition definition(String raceId, Instant start, int version) {
        double degreesPer10m = 10 / (111_320 * Math.cos(Math.toRadians(45)));
        List<GeoPoint> course = new ArrayList<>();
        for (int i = 0; i <= 1_000; i++) {
            course.add(new GeoPoint(5 + i * degreesPer10m, 45, 300.0));
        }
        return new RaceDefinition(
                raceId,
                "Stage " + raceId,
                RaceFormat.MASS_START,
                1,
                start,
                List.of(new Checkpoint("km5", "Km 5", 5_000)),
                List.of(
                        new RaceRider("r1", "1", "Ann", null),
                        new RaceRider("r2", "2", "Bea", null),
                        new RaceRider("r3", "3", "Cid", null)),
                course,
                version,
                List.of(new Climb("c1", "Côte test", "2", 2_000, 6_000, 200)));
    }

    /** A fix a second from 30 s before the start to 5 s after {@code untilS}. */
    private static void fixes(
            String raceId, String rider, double untilS, boolean finishes, DoubleUnaryOperator at) {
        for (int s = -30; s <= untilS + 5; s++) {
            double d = s <= 0 ? 0 : Math.min(at.applyAsDouble(s), TOTAL_M);
            row(
                    LakehouseTables.MATCHED_FIXES,
                    "race_id",
                    raceId,
                    "rider_id",
                    rider,
                    "ts",
                    A_START.plusSeconds(s),
                    "lat",
                    45.0,
                    "lon",
                    5.0,
                    "verdict",
                    "ACCEPTED",
                    "race_distance_m",
                    d,
                    "lateral_offset_m",
                    2.0,
                    "speed_mps",
                    null,
                    "finished",
                    finishes && s > untilS,
                    "late",
                    false);
        }
    }

    private static void writeRaceA() throws Exception {
        String a = "hist-a";
        // the definition in force, and an older version of it
        race(definition(a, A_START, 2));
        row(
                LakehouseTables.RACES,
                "race_id",
                a,
                "version",
                1L,
                "name",
                "Old name",
                "format",
                "MASS_START",
                "start_time",
                A_START.minusSeconds(3_600),
                "laps",
                1,
                "total_m",
                TOTAL_M,
                "definition_json",
                "{\"climbs\": []}");
        fixes(a, "r1", r1At(TOTAL_M), true, HistoryApiITCase::r1Distance);
        fixes(a, "r2", TOTAL_M / 8, true, s -> 8 * s);
        fixes(a, "r3", 1_500, false, s -> Math.min(5 * s, 7_000)); // abandons at km 7
        // a fix the tracker refused: far off, would be a top speed of 1 km/s if it counted
        row(
                LakehouseTables.MATCHED_FIXES,
                "race_id",
                a,
                "rider_id",
                "r2",
                "ts",
                A_START.plusMillis(100_500),
                "lat",
                45.1,
                "lon",
                5.1,
                "verdict",
                "OFF_COURSE",
                "race_distance_m",
                9_000.0,
                "finished",
                false,
                "late",
                false);
        passage(a, "r1", "km5", r1At(5_000), 5_000, false);
        passage(a, "r1", "finish", r1At(TOTAL_M), TOTAL_M, true);
        passage(a, "r2", "km5", 5_000 / 8.0, 5_000, false);
        passage(a, "r2", "finish", TOTAL_M / 8, TOTAL_M, true);
        passage(a, "r3", "km5", 1_000, 5_000, false);
        result(a, "r1", 1, "FINISHED", (long) r1At(TOTAL_M), 0L, null);
        result(a, "r2", 2, "FINISHED", 1_250L, 1_250L - (long) r1At(TOTAL_M), null);
        result(a, "r3", null, "DNF", null, null, 7_000.0);
        // standings every 10 s while r1 races: each rider its own group, gaps behind r1
        for (int s = 10; s < r1At(TOTAL_M); s += 10) {
            double[] d = {r1Distance(s), 8.0 * s, Math.min(5.0 * s, 7_000)};
            String[] who = {"r1", "r2", "r3"};
            for (int i = 0; i < 3; i++) {
                row(
                        LakehouseTables.STANDINGS,
                        "race_id",
                        a,
                        "as_of",
                        A_START.plusSeconds(s),
                        "rider_id",
                        who[i],
                        "position",
                        i + 1,
                        "status",
                        "RACING",
                        "lap",
                        1,
                        "race_distance_m",
                        d[i],
                        "gap_s",
                        s - r1At(d[i]),
                        "speed_mps",
                        0.0,
                        "group_number",
                        i + 1,
                        "group_gap_s",
                        s - r1At(d[i]));
            }
        }
    }

    private static void writeRaceB() throws Exception {
        String b = "hist-b";
        race(definition(b, B_START, 1));
        result(b, "r2", 1, "FINISHED", 900L, 0L, null);
        result(b, "r1", 2, "FINISHED", 960L, 60L, null);
    }

    private static void passage(
            String race, String rider, String cp, double atS, double meters, boolean finish) {
        row(
                LakehouseTables.PASSAGES,
                "race_id",
                race,
                "rider_id",
                rider,
                "checkpoint_id",
                cp,
                "lap",
                1,
                "crossing_time",
                A_START.plusMillis(Math.round(atS * 1000)),
                "race_distance_m",
                meters,
                "finish",
                finish);
    }

    private static void result(
            String race,
            String rider,
            Integer position,
            String status,
            Long timeS,
            Long gapS,
            Double dnfAtM) {
        row(
                LakehouseTables.RESULTS,
                "race_id",
                race,
                "rider_id",
                rider,
                "position",
                position,
                "status",
                status,
                "time_s",
                timeS,
                "gap_s",
                gapS,
                "dnf_at_m",
                dnfAtM,
                "computed_at",
                B_START.plusSeconds(7_200));
    }

    // ---- the calls ----

    /** A call as a signed-in analyst. */
    private static HttpResponse<String> get(String path) throws Exception {
        return get(path, analyst);
    }

    private static HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort() + path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void historyNeedsAnAnalystOfficialOrAdminAndLiveDataNothing() throws Exception {
        List<EndpointRoles.Endpoint> endpoints =
                EndpointRoles.of(
                        RacesResource.class,
                        HistoryResource.class,
                        PageConfigResource.class,
                        OpenApiResource.class);
        Map<Role, String> roles = new java.util.EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            roles.put(role, oidc.token("u-" + role.groupName(), List.of(role.groupName())));
        }
        RoleMatrix matrix =
                new RoleMatrix(
                        "http://127.0.0.1:" + app.getLocalPort(),
                        Map.of("raceId", "hist-a", "riderId", "r1", "otherRiderId", "r2"));

        List<RoleMatrix.Violation> violations =
                matrix.check(
                        endpoints,
                        new RoleMatrix.Callers(
                                oidc.token(
                                        "u",
                                        List.of("analyst"),
                                        OidcServer.AUDIENCE,
                                        java.time.Duration.ofSeconds(-120)),
                                oidc.forgedToken("u", List.of("analyst")),
                                oidc.token(
                                        "u",
                                        List.of("analyst"),
                                        "another-app",
                                        java.time.Duration.ofMinutes(5)),
                                roles));

        assertThat(violations).isEmpty();
        assertThat(matrix.calls()).isGreaterThanOrEqualTo(8 * 9);
        // a rider's token reads history no better than a spectator: 403, never 200
        assertThat(get("/v1/history/races/hist-a", roles.get(Role.RIDER)).statusCode())
                .isEqualTo(403);
        assertThat(get("/v1/history/races/hist-a", null).statusCode()).isEqualTo(401);
        assertThat(get("/v1/history/races/hist-a", roles.get(Role.OFFICIAL)).statusCode())
                .isEqualTo(200);
    }

    private static JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void theRaceIsItsNewestDefinitionAndUnknownRacesAre404() throws Exception {
        JsonNode race = ok("/v1/history/races/hist-a");
        assertThat(race.get("name").asText()).isEqualTo("Stage hist-a");
        assertThat(race.get("startTime").asText()).isEqualTo(A_START.toString());
        assertThat(race.get("totalMeters").asDouble()).isEqualTo(TOTAL_M);
        assertThat(get("/v1/history/races/nope/results").statusCode()).isEqualTo(404);
    }

    @Test
    void resultsInOrderWithRiderNamesInPages() throws Exception {
        JsonNode all = ok("/v1/history/races/hist-a/results");
        assertThat(all.get("items").findValuesAsText("riderId")).containsExactly("r1", "r2", "r3");
        JsonNode first = all.get("items").get(0);
        assertThat(first.get("name").asText()).isEqualTo("Ann");
        assertThat(first.get("team").asText()).isEqualTo("Team r1");
        assertThat(first.get("timeSeconds").asLong()).isEqualTo(920);
        assertThat(all.get("items").get(2).get("status").asText()).isEqualTo("DNF");
        assertThat(all.get("items").get(2).get("dnfAtMeters").asDouble()).isEqualTo(7_000);
        assertThat(all.get("nextOffset").isNull()).isTrue();

        List<String> paged = new ArrayList<>();
        String next = "0";
        int pages = 0;
        while (next != null) {
            JsonNode page = ok("/v1/history/races/hist-a/results?limit=1&offset=" + next);
            paged.addAll(page.get("items").findValuesAsText("riderId"));
            next = page.get("nextOffset").isNull() ? null : page.get("nextOffset").asText();
            pages++;
        }
        assertThat(paged).containsExactly("r1", "r2", "r3");
        assertThat(pages).isEqualTo(3);
        assertThat(get("/v1/history/races/hist-a/results?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/v1/history/races/hist-a/results?limit=5000").statusCode()).isEqualTo(400);
        assertThat(get("/v1/history/races/hist-a/results?offset=-1").statusCode()).isEqualTo(400);
    }

    @Test
    void splitsAreElapsedAndSinceThePreviousPassageRankedAtEachCheckpoint() throws Exception {
        JsonNode items = ok("/v1/history/races/hist-a/splits").get("items");
        assertThat(items).hasSize(5);
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        items.forEach(
                i ->
                        byKey.put(
                                i.get("riderId").asText() + "@" + i.get("checkpointId").asText(),
                                i));
        assertThat(byKey.get("r1@km5").get("elapsedSeconds").asDouble()).isEqualTo(500);
        assertThat(byKey.get("r1@km5").get("splitSeconds").asDouble()).isEqualTo(500);
        assertThat(byKey.get("r1@finish").get("splitSeconds").asDouble())
                .isEqualTo(r1At(TOTAL_M) - 500);
        assertThat(byKey.get("r2@finish").get("splitSeconds").asDouble()).isEqualTo(625);
        assertThat(byKey.get("r3@km5").get("position").asInt()).isEqualTo(3);
        assertThat(byKey.get("r2@km5").get("position").asInt()).isEqualTo(2);
        assertThat(items.get(0).get("checkpointId").asText()).as("by distance").isEqualTo("km5");
    }

    @Test
    void speedsAverageToTheLastFixBeforeTheFinishAndTopOverTenSeconds() throws Exception {
        Map<String, JsonNode> byRider = new LinkedHashMap<>();
        ok("/v1/history/races/hist-a/speeds")
                .get("items")
                .forEach(i -> byRider.put(i.get("riderId").asText(), i));
        double r1LastS = Math.floor(r1At(TOTAL_M)); // the last fix before the finish
        assertThat(byRider.get("r1").get("averageMps").asDouble())
                .isCloseTo(r1Distance(r1LastS) / r1LastS, within(1e-6));
        assertThat(byRider.get("r1").get("topMps").asDouble()).isCloseTo(12.5, within(1e-6));
        assertThat(byRider.get("r2").get("topMps").asDouble())
                .as("the refused fix does not count")
                .isCloseTo(8, within(1e-6));
        assertThat(byRider.get("r3").get("distanceMeters").asDouble()).isEqualTo(7_000);
        assertThat(byRider.keySet()).first().isEqualTo("r1");
    }

    @Test
    void climbTimesAndVamFromTheFootAndSummitCrossings() throws Exception {
        JsonNode items = ok("/v1/history/races/hist-a/climbs").get("items");
        assertThat(items.findValuesAsText("riderId")).containsExactly("r1", "r2", "r3");
        JsonNode r1 = items.get(0);
        assertThat(r1.get("climbId").asText()).isEqualTo("c1");
        assertThat(r1.get("category").asText()).isEqualTo("2");
        assertThat(r1.get("timeSeconds").asDouble()).isCloseTo(400, within(0.01));
        assertThat(r1.get("vamMetersPerHour").asDouble())
                .isCloseTo(200 * 3600 / 400.0, within(0.1));
        assertThat(items.get(1).get("timeSeconds").asDouble()).isCloseTo(500, within(0.01));
        assertThat(items.get(2).get("timeSeconds").asDouble()).isCloseTo(800, within(0.01));
        assertThat(items.get(2).get("position").asInt()).isEqualTo(3);
    }

    @Test
    void raceFlowTakesTheLastSnapshotOfEachStepOfTheHeadsDistance() throws Exception {
        JsonNode items =
                ok("/v1/history/races/hist-a/race-flow?stepMeters=1000&limit=1000").get("items");
        List<String> snapshots = new ArrayList<>();
        items.forEach(
                i -> {
                    if (!snapshots.contains(i.get("asOf").asText())) {
                        snapshots.add(i.get("asOf").asText());
                    }
                });
        // the head covers 0 .. 9,875 m: ten steps of 1 km, each its last snapshot
        assertThat(snapshots).hasSize(10);
        assertThat(snapshots.get(0)).isEqualTo(A_START.plusSeconds(90).toString());
        assertThat(items.size()).isEqualTo(30);
        for (JsonNode i : items) {
            double s =
                    Instant.parse(i.get("asOf").asText()).getEpochSecond()
                            - A_START.getEpochSecond();
            double[] d = {r1Distance(s), 8.0 * s, Math.min(5.0 * s, 7_000)};
            int group = i.get("groupNumber").asInt();
            assertThat(i.get("gapSeconds").asDouble())
                    .isCloseTo(s - r1At(d[group - 1]), within(1e-6));
            assertThat(i.get("headDistanceMeters").asDouble()).isEqualTo(r1Distance(s));
        }
        HttpResponse<String> tooFine = get("/v1/history/races/hist-a/race-flow?stepMeters=5");
        assertThat(tooFine.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(tooFine.body()).get("reason").asText())
                .isEqualTo("BAD_STEP");
    }

    @Test
    void aRidersResultsAcrossRacesAndHeadToHead() throws Exception {
        JsonNode r1 = ok("/v1/history/riders/r1/results");
        assertThat(r1.get("items").findValuesAsText("raceId")).containsExactly("hist-b", "hist-a");
        assertThat(r1.get("items").get(0).get("position").asInt()).isEqualTo(2);
        assertThat(r1.get("items").get(0).get("riders").asInt()).isEqualTo(2);

        JsonNode h2h = ok("/v1/history/riders/r1/head-to-head/r2");
        assertThat(h2h.get("races").asInt()).isEqualTo(2);
        assertThat(h2h.get("ahead").get("r1").asInt()).isEqualTo(1);
        assertThat(h2h.get("ahead").get("r2").asInt()).isEqualTo(1);
        assertThat(h2h.get("items").findValuesAsText("ahead")).containsExactly("r2", "r1");
        JsonNode withDnf = ok("/v1/history/riders/r3/head-to-head/r2");
        assertThat(withDnf.get("ahead").get("r2").asInt())
                .as("a finisher beats a DNF")
                .isEqualTo(1);
        assertThat(get("/v1/history/riders/nobody/results").statusCode()).isEqualTo(404);
        assertThat(get("/v1/history/riders/r1/head-to-head/r1").statusCode()).isEqualTo(400);
    }

    @Test
    void injectionInEveryParameterIsHarmless() throws Exception {
        List<String> attacks =
                List.of(
                        "hist-a' OR '1'='1",
                        "hist-a'; DROP TABLE results; --",
                        "x' UNION SELECT race_id, name, format, start_time, laps, total_m FROM races --",
                        "r1\" OR \"\"=\"");
        for (String attack : attacks) {
            String a = enc(attack);
            for (String path :
                    List.of(
                            "/v1/history/races/" + a,
                            "/v1/history/races/" + a + "/results",
                            "/v1/history/races/" + a + "/splits",
                            "/v1/history/races/" + a + "/speeds",
                            "/v1/history/races/" + a + "/climbs",
                            "/v1/history/races/" + a + "/race-flow",
                            "/v1/history/riders/" + a + "/results",
                            "/v1/history/riders/" + a + "/head-to-head/r1",
                            "/v1/history/riders/r1/head-to-head/" + a)) {
                assertThat(get(path).statusCode()).as(path).isEqualTo(404);
            }
            for (String query : List.of("offset=" + a, "limit=" + a, "stepMeters=" + a)) {
                assertThat(get("/v1/history/races/hist-a/race-flow?" + query).statusCode())
                        .as(query)
                        .isEqualTo(400);
            }
        }
        assertThat(ok("/v1/history/races/hist-a/results").get("items")).hasSize(3);
        assertThat(ok("/v1/history/riders/r1/results").get("items")).hasSize(2);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void trinoDownIsA503WithRetryAfterNotAStackTrace() throws Exception {
        trino.close();
        trino = null;
        HttpResponse<String> r = get("/v1/history/races/hist-a/results");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("17");
        assertThat(Json.mapper().readTree(r.body()).get("reason").asText())
                .isEqualTo("HISTORY_UNAVAILABLE");
        assertThat(r.body()).contains("race history is unavailable").doesNotContain("Exception");
        assertThat(get("/v1/races").statusCode()).as("the live side still answers").isEqualTo(200);
    }
}
