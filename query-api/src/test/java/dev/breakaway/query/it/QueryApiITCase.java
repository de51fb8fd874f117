package dev.breakaway.query.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.contracts.serving.ScriptCall;
import dev.breakaway.contracts.serving.ServingStore;
import dev.breakaway.contracts.serving.ServingWrites;
import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.devstack.RedisServer;
import dev.breakaway.identity.dropwizard.OidcFactory;
import dev.breakaway.query.QueryApplication;
import dev.breakaway.query.QueryConfiguration;
import dev.breakaway.query.history.HistoryConfiguration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.testing.DropwizardTestSupport;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * query-api on loopback over a real Redis holding what the tracker's sink writes (the same scripts,
 * {@link ServingWrites}): REST reads with ETags, 404s, events paging, and the WebSocket snapshot
 * then push.
 */
class QueryApiITCase {

    private static final Instant T0 = Instant.parse("2024-07-05T13:00:00Z");
    private static final String RACE = "tdf-2024-07";
    private static RedisServer redis;
    private static RedisClient client;
    private static RedisCommands<String, String> sync;
    private static DropwizardTestSupport<QueryConfiguration> app;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start(0);
        client = RedisClient.create(redis.uri());
        sync = client.connect().sync();
        app = app(redis.uri());
        app.before();
        write(ServingStore.DEFINITION, 1, Json.toBytes(definition()));
        write(RaceUpdate.STANDINGS, standings(10, "r1", "r2", "r3"));
    }

    /** query-api on loopback over the given Redis, free ports, not started yet. */
    static DropwizardTestSupport<QueryConfiguration> app(String redisUri) {
        return app(redisUri, null);
    }

    /** The same with the race history read from Trino. */
    static DropwizardTestSupport<QueryConfiguration> app(
            String redisUri, HistoryConfiguration history) {
        return app(redisUri, history, null);
    }

    /** The same, taking the tokens of an OIDC issuer. */
    static DropwizardTestSupport<QueryConfiguration> app(
            String redisUri, HistoryConfiguration history, OidcFactory oidc) {
        QueryConfiguration config = new QueryConfiguration();
        config.setOidc(oidc);
        DefaultServerFactory server = new DefaultServerFactory();
        HttpConnectorFactory application = new HttpConnectorFactory();
        application.setBindHost("127.0.0.1");
        application.setPort(0);
        HttpConnectorFactory admin = new HttpConnectorFactory();
        admin.setBindHost("127.0.0.1");
        admin.setPort(0);
        server.setApplicationConnectors(List.of(application));
        server.setAdminConnectors(List.of(admin));
        server.setRequestLogFactory(null);
        config.setServerFactory(server);
        ((DefaultLoggingFactory) config.getLoggingFactory()).setLevel("WARN");
        config.setRedisUri(redisUri);
        config.setHistory(history);
        return new DropwizardTestSupport<>(QueryApplication.class, config);
    }

    @AfterAll
    static void stop() {
        try {
            app.after();
        } finally {
            client.shutdown();
            redis.close();
        }
    }

    static RaceDefinition definition() {
        List<GeoPoint> course = new ArrayList<>();
        for (int i = 0; i <= 50; i++) {
            course.add(new GeoPoint(4.90 + i * 0.002, 47.10 + i * 0.001, 250.0 + i));
        }
        return new RaceDefinition(
                RACE,
                "Stage 7",
                RaceFormat.MASS_START,
                1,
                T0,
                List.of(new Checkpoint("km5", "Km 5", 5_000)),
                List.of(
                        new RaceRider("r1", "1", "Ann", null),
                        new RaceRider("r2", "2", "Bea", null),
                        new RaceRider("r3", "3", "Cid", null)),
                course,
                1);
    }

    static RaceUpdate standings(int second, String... order) {
        List<StandingsEntry> entries = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            entries.add(
                    new StandingsEntry(
                            i + 1,
                            order[i],
                            order[i].substring(1),
                            "Rider " + order[i],
                            RiderStatus.RACING,
                            1,
                            3_000 - 10 * i + second,
                            9_000,
                            1.5 * i,
                            11.2,
                            null,
                            null,
                            T0.plusSeconds(second),
                            47.11,
                            4.92));
        }
        return RaceUpdate.of(new Standings(RACE, T0.plusSeconds(second), 12_000, entries));
    }

    static void write(String type, RaceUpdate update) {
        write(type, update.version(), Json.toBytes(update));
    }

    static void write(String type, long version, byte[] json) {
        write(sync, type, version, json);
    }

    /** What the tracker's sink does: the store's own script, then the race index. */
    static void write(RedisCommands<String, String> sync, String type, long version, byte[] json) {
        ScriptCall call = ServingWrites.of(RACE, type, version, json);
        sync.eval(
                call.script(),
                ScriptOutputType.INTEGER,
                call.keys().toArray(String[]::new),
                call.args().toArray(String[]::new));
        sync.zadd(ServingStore.RACES, (double) System.currentTimeMillis(), RACE);
    }

    static HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort() + path));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.fromBytes(response.body().getBytes(), JsonNode.class);
    }

    @Test
    void theRaceIsListedAndServedWithItsCourseAsGeoJson() throws Exception {
        JsonNode races = json(get("/v1/races", null));
        JsonNode race = json(get("/v1/races/" + RACE, null));

        assertThat(races.at("/races/0/raceId").asText()).isEqualTo(RACE);
        assertThat(races.at("/races/0/name").asText()).isEqualTo("Stage 7");
        assertThat(races.at("/races/0/live").asBoolean()).isTrue();
        assertThat(race.at("/course/type").asText()).isEqualTo("Feature");
        assertThat(race.at("/course/geometry/type").asText()).isEqualTo("LineString");
        assertThat(race.at("/course/geometry/coordinates/0/0").asDouble()).isEqualTo(4.90);
        assertThat(race.at("/course/geometry/coordinates/0/1").asDouble()).isEqualTo(47.10);
        assertThat(race.at("/checkpoints/0/position")).hasSize(2);
        assertThat(race.at("/riders")).hasSize(3);
    }

    @Test
    void documentsHaveETagsAndAnUnchangedOneIs304() throws Exception {
        HttpResponse<String> first = get("/v1/races/" + RACE + "/standings", null);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get("/v1/races/" + RACE + "/standings", etag);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).at("/standings/riders/0/riderId").asText()).isNotBlank();
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/v1/races/" + RACE + "/standings", "\"s1\"").statusCode()).isEqualTo(200);
        HttpResponse<String> rider = get("/v1/races/" + RACE + "/riders/r2", null);
        assertThat(rider.statusCode()).isEqualTo(200);
        assertThat(json(rider).get("riderId").asText()).isEqualTo("r2");
        assertThat(
                        get(
                                        "/v1/races/" + RACE + "/riders/r2",
                                        rider.headers().firstValue("ETag").orElseThrow())
                                .statusCode())
                .isEqualTo(304);
    }

    @Test
    void unknownRacesAndRidersAre404WithAReason() throws Exception {
        HttpResponse<String> race = get("/v1/races/nope/standings", null);
        HttpResponse<String> rider = get("/v1/races/" + RACE + "/riders/r99", null);

        assertThat(race.statusCode()).isEqualTo(404);
        assertThat(json(race).get("reason").asText()).isEqualTo("UNKNOWN_RACE");
        assertThat(get("/v1/races/nope", null).statusCode()).isEqualTo(404);
        assertThat(rider.statusCode()).isEqualTo(404);
        assertThat(json(rider).get("reason").asText()).isEqualTo("UNKNOWN_RIDER");
        assertThat(get("/v1/races/" + RACE + "/events?since=yesterday", null).statusCode())
                .isEqualTo(400);
    }

    @Test
    void eventsArePagedByTime() throws Exception {
        for (int i = 0; i < 5; i++) {
            CheckpointPassage passage =
                    new CheckpointPassage(
                            CheckpointPassage.idOf(RACE, "r" + i, "km5", 1),
                            RACE,
                            "r" + i,
                            "km5",
                            1,
                            T0.plusSeconds(400 + i),
                            5_000,
                            false);
            write(RaceUpdate.PASSAGE, RaceUpdate.of(passage));
        }

        JsonNode page1 = json(get("/v1/races/" + RACE + "/events?limit=3", null));
        JsonNode page2 =
                json(get("/v1/races/" + RACE + "/events?limit=3&since=" + page1.get("next"), null));

        assertThat(page1.get("events")).hasSize(3);
        assertThat(page2.get("events")).hasSize(2);
        assertThat(page2.at("/events/1/passage/riderId").asText()).isEqualTo("r4");
        JsonNode iso =
                json(get("/v1/races/" + RACE + "/events?since=" + T0.plusSeconds(403), null));
        assertThat(iso.get("events")).hasSize(1);
    }

    @Test
    void aWebSocketGetsTheStateAtOnceThenEachChange() throws Exception {
        LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        WebSocket socket =
                HTTP.newWebSocketBuilder()
                        .buildAsync(
                                URI.create(
                                        "ws://127.0.0.1:"
                                                + app.getLocalPort()
                                                + "/v1/races/"
                                                + RACE
                                                + "/live?top=2"),
                                new Frames(frames))
                        .get(10, TimeUnit.SECONDS);
        JsonNode snapshot = frames.poll(10, TimeUnit.SECONDS);
        assertThat(snapshot).isNotNull();
        assertThat(snapshot.get("riders")).hasSize(2);

        write(RaceUpdate.STANDINGS, standings(20, "r3", "r1", "r2"));
        JsonNode pushed = frames.poll(10, TimeUnit.SECONDS);

        assertThat(pushed).isNotNull();
        assertThat(pushed.get("version").asLong()).isGreaterThan(snapshot.get("version").asLong());
        assertThat(pushed.at("/riders/0/riderId").asText()).isEqualTo("r3");
        assertThat(pushed.get("riders")).hasSize(2);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aWebSocketToAnUnknownRaceIsRefused() {
        var attempt =
                HTTP.newWebSocketBuilder()
                        .buildAsync(
                                URI.create(
                                        "ws://127.0.0.1:"
                                                + app.getLocalPort()
                                                + "/v1/races/nope/live"),
                                new WebSocket.Listener() {});

        assertThat(attempt)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(
                        java.net.http.WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(404));
    }

    @Test
    void theLivePageAndTheOpenApiDescriptionAreServed() throws Exception {
        assertThat(get("/live/", null).statusCode()).isEqualTo(200);
        assertThat(json(get("/v1/openapi.json", null)).at("/paths").has("/v1/races/{raceId}/live"))
                .isTrue();
    }

    static final class Frames implements WebSocket.Listener {
        private final LinkedBlockingQueue<JsonNode> frames;
        private final StringBuilder partial = new StringBuilder();

        Frames(LinkedBlockingQueue<JsonNode> frames) {
            this.frames = frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(Json.fromBytes(partial.toString().getBytes(), JsonNode.class));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
