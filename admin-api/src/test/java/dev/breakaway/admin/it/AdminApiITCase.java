package dev.breakaway.admin.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.admin.resources.AuditResource;
import dev.breakaway.admin.resources.DevicesResource;
import dev.breakaway.admin.resources.MeResource;
import dev.breakaway.admin.resources.PageConfigResource;
import dev.breakaway.admin.resources.PeopleResource;
import dev.breakaway.admin.resources.RacesResource;
import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.control.RaceControl;
import dev.breakaway.contracts.identity.DeviceTokens;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.core.model.Neutralisation;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.devstack.KinesisStreams;
import dev.breakaway.devstack.LocalStack;
import dev.breakaway.devstack.OidcServer;
import dev.breakaway.identity.EndpointRoles;
import dev.breakaway.identity.Role;
import dev.breakaway.identity.testing.RoleMatrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * admin-api through HTTP on real servers: a race prepared, started and changed, what reaches
 * race-control, the audit log, bad uploads, and a publication that fails.
 */
class AdminApiITCase {

    static final Path STAGE_7 = LocalStack.resolve(Path.of("data/tdf-2024/trace_2024_7.geojson"));

    private static AdminStack stack;
    private static String admin;
    private static String official;

    @BeforeAll
    static void start() {
        stack = new AdminStack();
        admin = stack.token("admin");
        official = stack.token("official");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A race with the stage 7 course, two riders of a team registered: ready to schedule. */
    static void prepare(String raceId, String format, List<String> riders) throws IOException {
        assertThat(
                        stack.postJson(
                                        "/v1/races",
                                        admin,
                                        Map.of(
                                                "raceId",
                                                raceId,
                                                "name",
                                                "Stage " + raceId,
                                                "format",
                                                format,
                                                "startTime",
                                                Instant.now().plusSeconds(600).toString()))
                                .status())
                .isEqualTo(201);
        AdminStack.Reply course =
                stack.call(
                        "PUT",
                        "/v1/races/" + raceId + "/course",
                        admin,
                        "application/geo+json",
                        Files.readAllBytes(STAGE_7));
        assertThat(course.status()).as(course.text()).isEqualTo(200);
        if (stack.get("/v1/teams", admin).json().findValues("teamId").stream()
                .noneMatch(t -> t.asText().equals("team-a"))) {
            stack.postJson("/v1/teams", admin, Map.of("teamId", "team-a", "name", "Team A"));
        }
        int bib = 1;
        for (String rider : riders) {
            stack.postJson(
                    "/v1/riders",
                    admin,
                    Map.of("riderId", rider, "name", "Rider " + rider, "teamId", "team-a"));
            Map<String, Object> registration = new java.util.HashMap<>();
            registration.put("riderId", rider);
            registration.put("bib", String.valueOf(bib));
            if (format.equals("TIME_TRIAL")) {
                registration.put(
                        "startTime", Instant.now().plusSeconds(600 + 60L * bib).toString());
            }
            AdminStack.Reply r =
                    stack.postJson("/v1/races/" + raceId + "/registrations", admin, registration);
            assertThat(r.status()).as(r.text()).isEqualTo(201);
            bib++;
        }
    }

    @Test
    void aRacePreparedStartedAndChangedReachesTheTrackerAndTheAuditLog() throws Exception {
        prepare("itt-1", "TIME_TRIAL", List.of("anna", "ben"));
        // checkpoints: one at a distance, one at a named point snapped to the course
        AdminStack.Reply checkpoints =
                stack.putJson(
                        "/v1/races/itt-1/checkpoints",
                        admin,
                        List.of(
                                Map.of(
                                        "id", "cp2", "name", "Bridge", "lat", 47.13970, "lon",
                                        4.95142),
                                Map.of("id", "cp1", "name", "Km 5", "distanceMeters", 5000)));
        // the named point is the course's second vertex, a few metres from the start: snapped
        assertThat(checkpoints.status()).as(checkpoints.text()).isEqualTo(200);
        JsonNode cps = checkpoints.json().get("checkpoints");
        assertThat(cps).hasSize(2);
        assertThat(cps.get(0).get("id").asText()).isEqualTo("cp2");
        assertThat(cps.get(0).get("distanceMeters").asDouble()).isBetween(20.0, 30.0);
        assertThat(checkpoints.json().get("courseMeters").asDouble()).isBetween(24_000.0, 26_000.0);

        // a device issued: credential shown once, QR codes, stored hashed
        AdminStack.Reply issued =
                stack.postJson(
                        "/v1/races/itt-1/devices",
                        official,
                        Map.of("riderId", "anna", "label", "phone"));
        assertThat(issued.status()).as(issued.text()).isEqualTo(201);
        String credential = issued.json().get("credential").asText();
        assertThat(credential).hasSizeGreaterThanOrEqualTo(43);
        assertThat(issued.json().get("riderPageUrl").asText())
                .isEqualTo("https://ingest.example.org/rider/#race=itt-1&token=" + credential);
        assertThat(issued.json().get("riderPageQrSvg").asText())
                .startsWith("<svg")
                .contains("<path");
        assertThat(issued.json().at("/traccar/serverUrl").asText())
                .isEqualTo("https://ingest.example.org/v1/osmand");
        assertThat(issued.json().at("/traccar/deviceIdentifier").asText()).isEqualTo(credential);
        assertThat(issued.json().at("/traccar/qrSvg").asText()).startsWith("<svg");
        AdminStack.Reply listed = stack.get("/v1/races/itt-1/devices", admin);
        assertThat(listed.text()).doesNotContain(credential);
        assertThat(column("SELECT token_sha256 FROM devices WHERE rider_id = 'anna'"))
                .containsExactly(DeviceTokens.hash(credential));
        assertThat(dump()).doesNotContain(credential);

        // schedule and start: the definition is on race-control
        assertThat(stack.postJson("/v1/races/itt-1/schedule", admin, null).status()).isEqualTo(200);
        AdminStack.Reply started = stack.postJson("/v1/races/itt-1/start", official, null);
        assertThat(started.status()).as(started.text()).isEqualTo(200);
        assertThat(started.json().get("status").asText()).isEqualTo("LIVE");
        RaceDefinition first = lastDefinition("itt-1");
        assertThat(first.version()).isEqualTo(started.json().get("version").asLong());
        assertThat(first.riders()).extracting(RaceRider::riderId).containsExactly("anna", "ben");
        assertThat(first.riders()).noneMatch(RaceRider::abandoned);
        assertThat(first.checkpoints()).hasSize(2);
        assertThat(first.course()).hasSizeGreaterThan(100);

        // an abandon during the race: a new version, the rider marked
        AdminStack.Reply abandoned =
                stack.postJson("/v1/races/itt-1/registrations/ben/abandon", official, Map.of());
        assertThat(abandoned.status()).as(abandoned.text()).isEqualTo(200);
        RaceDefinition second = lastDefinition("itt-1");
        assertThat(second.version()).isGreaterThan(first.version());
        assertThat(second.rider("ben").orElseThrow().abandoned()).isTrue();
        assertThat(second.rider("anna").orElseThrow().abandoned()).isFalse();
        // abandoning twice is a conflict, and changes nothing
        assertThat(
                        stack.postJson(
                                        "/v1/races/itt-1/registrations/ben/abandon",
                                        official,
                                        Map.of())
                                .status())
                .isEqualTo(409);

        // a start time moved during the race: another version
        Instant moved = Instant.parse("2030-01-01T10:00:00Z");
        assertThat(
                        stack.putJson(
                                        "/v1/races/itt-1/registrations/anna/start-time",
                                        official,
                                        Map.of("startTime", moved.toString()))
                                .status())
                .isEqualTo(200);
        RaceDefinition third = lastDefinition("itt-1");
        assertThat(third.version()).isGreaterThan(second.version());
        assertThat(third.startTimeOf("anna")).isEqualTo(moved);

        // a penalty during the race: another version, carrying it
        AdminStack.Reply penalty =
                stack.putJson(
                        "/v1/races/itt-1/registrations/anna/penalty",
                        official,
                        Map.of("seconds", 20));
        assertThat(penalty.status()).as(penalty.text()).isEqualTo(200);
        RaceDefinition fourth = lastDefinition("itt-1");
        assertThat(fourth.version()).isGreaterThan(third.version());
        assertThat(fourth.rider("anna").orElseThrow().penaltySeconds()).isEqualTo(20);
        assertThat(
                        stack.putJson(
                                        "/v1/races/itt-1/registrations/anna/penalty",
                                        official,
                                        Map.of("seconds", -5))
                                .reason())
                .isEqualTo("BAD_PENALTY");

        // the operator's task publishes the same version again
        int published = definitions("itt-1").size();
        java.net.http.HttpResponse<String> republish =
                java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(
                                                java.net.URI.create(
                                                        stack.adminUrl()
                                                                + "/tasks/republish?race=itt-1"))
                                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(republish.body()).contains("version " + fourth.version());
        assertThat(definitions("itt-1")).hasSize(published + 1);
        assertThat(lastDefinition("itt-1")).isEqualTo(fourth);

        // the course is locked once live
        assertThat(
                        stack.call(
                                        "PUT",
                                        "/v1/races/itt-1/course",
                                        admin,
                                        "application/geo+json",
                                        Files.readAllBytes(STAGE_7))
                                .status())
                .isEqualTo(409);

        // the audit log: who did what, before and after
        JsonNode audit =
                stack.get("/v1/audit?entity=registration&entityId=itt-1/ben", admin).json();
        List<String> actions = new ArrayList<>();
        audit.forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).containsExactly("REGISTER", "ABANDON");
        JsonNode annaAudit =
                stack.get("/v1/audit?entity=registration&entityId=itt-1/anna", admin).json();
        assertThat(annaAudit.findValuesAsText("action"))
                .containsExactly("REGISTER", "MOVE_START", "PENALTY");
        assertThat(annaAudit.get(2).at("/after/penaltySeconds").asLong()).isEqualTo(20);
        JsonNode abandon = audit.get(1);
        assertThat(abandon.get("actor").asText()).isEqualTo("user-official");
        assertThat(abandon.at("/before/abandonedAt").isNull()).isTrue();
        assertThat(abandon.at("/after/abandonedAt").asText()).isNotEmpty();
        JsonNode raceAudit = stack.get("/v1/audit?entity=race&entityId=itt-1", admin).json();
        List<String> raceActions = new ArrayList<>();
        raceAudit.forEach(e -> raceActions.add(e.get("action").asText()));
        assertThat(raceActions)
                .containsExactly(
                        "CREATE",
                        "UPLOAD_COURSE",
                        "SET_CHECKPOINTS",
                        "STATUS_SCHEDULED",
                        "STATUS_LIVE",
                        "REPUBLISH");
        assertThat(raceAudit.get(4).at("/before/status").asText()).isEqualTo("SCHEDULED");
        assertThat(raceAudit.get(4).at("/after/status").asText()).isEqualTo("LIVE");

        // the officials neutralise the race and set it going again: a version each, carrying it
        Instant neutralisedFrom = Instant.parse("2030-01-01T10:20:00Z");
        AdminStack.Reply neutralised =
                stack.postJson(
                        "/v1/races/itt-1/neutralise",
                        official,
                        Map.of("at", neutralisedFrom.toString()));
        assertThat(neutralised.status()).as(neutralised.text()).isEqualTo(200);
        RaceDefinition onHold = lastDefinition("itt-1");
        assertThat(onHold.version()).isGreaterThan(fourth.version());
        assertThat(onHold.neutralisations())
                .containsExactly(new Neutralisation(neutralisedFrom, null));
        assertThat(onHold.neutralisedAt(neutralisedFrom.plusSeconds(3600))).isTrue();
        assertThat(stack.postJson("/v1/races/itt-1/neutralise", official, Map.of()).status())
                .as("neutralised already")
                .isEqualTo(409);
        assertThat(
                        stack.postJson(
                                        "/v1/races/itt-1/restart",
                                        official,
                                        Map.of("at", neutralisedFrom.minusSeconds(1).toString()))
                                .status())
                .as("ending before it began")
                .isEqualTo(400);
        AdminStack.Reply restarted =
                stack.postJson(
                        "/v1/races/itt-1/restart",
                        official,
                        Map.of("at", neutralisedFrom.plusSeconds(180).toString()));
        assertThat(restarted.status()).as(restarted.text()).isEqualTo(200);
        RaceDefinition goingAgain = lastDefinition("itt-1");
        assertThat(goingAgain.version()).isGreaterThan(onHold.version());
        assertThat(goingAgain.neutralisations())
                .containsExactly(
                        new Neutralisation(neutralisedFrom, neutralisedFrom.plusSeconds(180)));
        assertThat(stack.get("/v1/races/itt-1/neutralisations", admin).json().get(0).get("until"))
                .isNotNull();
        assertThat(stack.postJson("/v1/races/itt-1/restart", official, Map.of()).status())
                .as("not neutralised")
                .isEqualTo(409);

        // finish, then revoke the device: audited too
        assertThat(stack.postJson("/v1/races/itt-1/finish", official, null).status())
                .isEqualTo(200);
        // a penalty after the finish is published too: the results are computed again from it
        int beforeCorrection = definitions("itt-1").size();
        assertThat(
                        stack.putJson(
                                        "/v1/races/itt-1/registrations/anna/penalty",
                                        official,
                                        Map.of("seconds", 50))
                                .status())
                .isEqualTo(200);
        assertThat(definitions("itt-1")).hasSize(beforeCorrection + 1);
        RaceDefinition corrected = lastDefinition("itt-1");
        assertThat(corrected.version()).isGreaterThan(fourth.version());
        assertThat(corrected.rider("anna").orElseThrow().penaltySeconds()).isEqualTo(50);
        String deviceId = issued.json().at("/device/deviceId").asText();
        AdminStack.Reply revoked =
                stack.postJson("/v1/devices/" + deviceId + "/revoke", official, null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("revokedBy").asText()).isEqualTo("user-official");
        assertThat(column("SELECT action FROM audit_log WHERE entity = 'device' ORDER BY audit_id"))
                .containsExactly("ISSUE", "REVOKE");
    }

    @Test
    void badUploadsGetClearRefusalsAndChangeNothing() throws Exception {
        prepare("uploads", "MASS_START", List.of("carla"));
        String before = stack.get("/v1/races/uploads", admin).text();
        long auditBefore = count("SELECT count(*) FROM audit_log");

        // a broken GPX (cut in the middle of a track point)
        byte[] gpx = gpxOf(STAGE_7);
        byte[] broken = java.util.Arrays.copyOf(gpx, gpx.length / 2);
        AdminStack.Reply r1 = upload("uploads", broken, "application/gpx+xml");
        assertThat(r1.status()).isEqualTo(400);
        assertThat(r1.reason()).isEqualTo("BAD_COURSE");

        // a GeoJSON polygon
        String polygon =
                "{\"type\":\"Polygon\",\"coordinates\":[[[4.9,47.1],[5.0,47.1],[5.0,47.2],"
                        + "[4.9,47.1]]]}";
        AdminStack.Reply r2 =
                upload("uploads", polygon.getBytes(StandardCharsets.UTF_8), "application/geo+json");
        assertThat(r2.status()).isEqualTo(400);
        assertThat(r2.json().get("message").asText()).contains("LineString");

        // a course with a 50 km jump in the middle
        StringBuilder jump = new StringBuilder("{\"type\":\"LineString\",\"coordinates\":[");
        for (int i = 0; i < 100; i++) {
            double lon = 4.9 + i * 0.001 + (i >= 50 ? 0.66 : 0); // 0.66° of longitude ≈ 50 km
            jump.append(i == 0 ? "" : ",").append("[").append(lon).append(",47.1]");
        }
        jump.append("]}");
        AdminStack.Reply r3 =
                upload(
                        "uploads",
                        jump.toString().getBytes(StandardCharsets.UTF_8),
                        "application/geo+json");
        assertThat(r3.status()).isEqualTo(400);
        assertThat(r3.json().get("message").asText()).contains("jumps").contains("point 49");

        // 100 MB declared by a client that waits to be asked for it: refused on the headers, before
        // any of it is sent (a client sending it all at once gets the same answer, but may lose it
        // in the reset of a connection closed with its body unread)
        List<Integer> interim = new ArrayList<>();
        AdminStack.Reply r4 =
                rawUpload(
                        List.of("Content-Length: " + 100 * 1024 * 1024, "Expect: 100-continue"),
                        new byte[0],
                        interim);
        assertThat(r4.status()).isEqualTo(413);
        assertThat(r4.reason()).isEqualTo("COURSE_TOO_LARGE");
        assertThat(interim).as("asked for the body").isEmpty();

        // noise of undeclared length, sent in a chunk one byte over the limit: refused once the
        // limit is read, without waiting for the rest
        int limit = (int) dev.breakaway.admin.core.CourseValidator.Limits.defaults().maxBytes();
        byte[] noise = new byte[limit + 1];
        new Random(7).nextBytes(noise);
        java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
        chunk.write(
                (Integer.toHexString(noise.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunk.write(noise);
        chunk.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        AdminStack.Reply r5 =
                rawUpload(
                        List.of("Transfer-Encoding: chunked"),
                        chunk.toByteArray(),
                        new ArrayList<>());
        assertThat(r5.status()).isEqualTo(413);
        assertThat(r5.reason()).isEqualTo("COURSE_TOO_LARGE");

        // a GPX that is fine after all of that goes in
        assertThat(stack.get("/v1/races/uploads", admin).text()).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM audit_log")).isEqualTo(auditBefore);
        AdminStack.Reply ok = upload("uploads", gpx, "application/gpx+xml");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.json().get("courseFormat").asText()).isEqualTo("GPX");
    }

    /** The operator's task on the admin port, its answer as text. */
    private static String task(String query) throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(stack.adminUrl() + "/tasks/" + query))
                                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void anOperatorReplaysRecordedFixesIntoALiveRace(@TempDir Path dir) throws Exception {
        prepare("rehearsal", "MASS_START", List.of("hugo", "ines"));
        // recorded last year in another race, with a rider who is not in this one
        Instant recorded = Instant.parse("2025-07-05T12:00:00Z");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            for (String rider : List.of("hugo", "ines", "jules")) {
                lines.add(
                        Json.toString(
                                new GpsFix(
                                        "stage-2025",
                                        rider,
                                        recorded.plusSeconds(i),
                                        48.0 + i * 1e-4,
                                        2.0,
                                        null,
                                        5.0,
                                        null,
                                        false,
                                        9.0,
                                        90.0)));
            }
        }
        Path fixes = dir.resolve("stage-2025.jsonl");
        Files.write(fixes, lines);

        // not before the race is live
        assertThat(task("replay-race?race=rehearsal&fixes=" + fixes))
                .contains("NOT_LIVE")
                .contains("start it first");
        assertThat(stack.postJson("/v1/races/rehearsal/schedule", admin, null).status())
                .isEqualTo(200);
        assertThat(stack.postJson("/v1/races/rehearsal/start", admin, null).status())
                .isEqualTo(200);
        Instant start = lastDefinition("rehearsal").startTime();

        String answer = task("replay-race?race=rehearsal&speed=0&fixes=" + fixes);
        assertThat(answer)
                .contains("replaying 240 fixes of 2 riders into race rehearsal")
                .contains("120 fixes of riders not in the race left out");
        List<GpsFix> sent =
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> replayed("rehearsal"), f -> f.size() == 240);
        // moved to the race's start, in the race, as taken: one rider's fixes in order
        assertThat(sent).extracting(GpsFix::riderId).containsOnly("hugo", "ines");
        assertThat(sent.stream().map(GpsFix::timestamp).min(Instant::compareTo)).contains(start);
        assertThat(sent)
                .filteredOn(f -> f.riderId().equals("hugo"))
                .extracting(GpsFix::timestamp)
                .isSorted()
                .hasSize(120);
        assertThat(sent).extracting(GpsFix::speedMps).containsOnly(9.0);
        assertThat(task("replay-race?race=rehearsal&status=true")).startsWith("done: 240 of 240");
        assertThat(
                        column(
                                "SELECT action || ' ' || actor || ' ' || (after->>'fixes') FROM"
                                        + " audit_log WHERE entity_id = 'rehearsal' AND action ="
                                        + " 'REPLAY'"))
                .containsExactly("REPLAY operator 240");
        // a file without a rider of the race is refused
        Path strangers = dir.resolve("strangers.jsonl");
        Files.write(strangers, lines.stream().filter(l -> l.contains("jules")).toList());
        assertThat(task("replay-race?race=rehearsal&fixes=" + strangers))
                .contains("no fix of a rider");
    }

    /** The fixes of a race on the fixes stream. */
    private static List<GpsFix> replayed(String raceId) {
        List<GpsFix> out = new ArrayList<>();
        for (Record r : KinesisStreams.readAll(stack.kinesis.client(), Streams.GPS_FIXES)) {
            GpsFix f = Json.fromBytes(r.data().asByteArray(), GpsFix.class);
            if (f.raceId().equals(raceId)) {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void aStartThatCannotBePublishedIsNotMade() throws Exception {
        prepare("unpublished", "MASS_START", List.of("dora"));
        assertThat(stack.postJson("/v1/races/unpublished/schedule", admin, null).status())
                .isEqualTo(200);
        long auditBefore = count("SELECT count(*) FROM audit_log");
        stack.kinesis.pause();
        AdminStack.Reply refused;
        try {
            refused = stack.postJson("/v1/races/unpublished/start", admin, null);
        } finally {
            stack.kinesis.resume();
        }
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.reason()).isEqualTo("PUBLISH_FAILED");
        assertThat(stack.get("/v1/races/unpublished", admin).json().get("status").asText())
                .isEqualTo("SCHEDULED");
        assertThat(count("SELECT count(*) FROM audit_log")).isEqualTo(auditBefore);
        // and once the stream is back, it starts
        assertThat(stack.postJson("/v1/races/unpublished/start", admin, null).status())
                .isEqualTo(200);
    }

    @Test
    void theLifecycleAndTheStartListRefuseWhatMakesNoSense() throws Exception {
        prepare("rules", "TIME_TRIAL", List.of("emil"));
        // back from draft to live without scheduling: 409, naming the moves there are
        AdminStack.Reply skip = stack.postJson("/v1/races/rules/start", admin, null);
        assertThat(skip.status()).isEqualTo(409);
        assertThat(skip.json().get("message").asText()).contains("SCHEDULED");
        // a bib twice, an unknown rider, a race id that is not an id
        stack.postJson("/v1/riders", admin, Map.of("riderId", "fred", "name", "Fred"));
        assertThat(
                        stack.postJson(
                                        "/v1/races/rules/registrations",
                                        admin,
                                        Map.of("riderId", "fred", "bib", "1"))
                                .reason())
                .isEqualTo("BIB_TAKEN");
        assertThat(
                        stack.postJson(
                                        "/v1/races/rules/registrations",
                                        admin,
                                        Map.of("riderId", "nobody", "bib", "9"))
                                .reason())
                .isEqualTo("UNKNOWN_RIDER");
        assertThat(
                        stack.postJson(
                                        "/v1/races",
                                        admin,
                                        Map.of(
                                                "raceId",
                                                "Bad Id; DROP TABLE races",
                                                "name",
                                                "x",
                                                "startTime",
                                                "2030-01-01T00:00:00Z"))
                                .reason())
                .isEqualTo("BAD_ID");
        // a time trial where two riders share a start cannot be scheduled
        assertThat(
                        stack.postJson(
                                        "/v1/races/rules/registrations",
                                        admin,
                                        Map.of(
                                                "riderId",
                                                "fred",
                                                "bib",
                                                "2",
                                                "startTime",
                                                stack.get("/v1/races/rules/registrations", admin)
                                                        .json()
                                                        .get(0)
                                                        .get("startTime")
                                                        .asText()))
                                .status())
                .isEqualTo(201);
        AdminStack.Reply shared = stack.postJson("/v1/races/rules/schedule", admin, null);
        assertThat(shared.status()).isEqualTo(409);
        assertThat(shared.json().get("message").asText()).contains("start time of its own");
        // a race without a course lists no length (not 0 km)
        stack.postJson(
                "/v1/races",
                admin,
                Map.of("raceId", "no-course", "name", "x", "startTime", "2030-01-01T00:00:00Z"));
        JsonNode listed = null;
        for (JsonNode r : stack.get("/v1/races", admin).json()) {
            listed = r.get("raceId").asText().equals("no-course") ? r : listed;
        }
        assertThat(listed.get("courseMeters").isNull()).isTrue();
        assertThat(stack.get("/v1/races/rules", admin).json().get("coursePoints").asInt())
                .isEqualTo(1575);
        // an official may start and finish, not archive
        assertThat(stack.postJson("/v1/races/rules/archive", official, null).status())
                .isEqualTo(403);
    }

    @Test
    void everyEndpointAnswersEachCallerAsItsRolesSay() throws Exception {
        prepare("matrix", "MASS_START", List.of("mx"));
        List<EndpointRoles.Endpoint> endpoints =
                EndpointRoles.of(
                        RacesResource.class,
                        PeopleResource.class,
                        DevicesResource.class,
                        AuditResource.class,
                        MeResource.class,
                        PageConfigResource.class,
                        dev.breakaway.admin.resources.OpenApiResource.class);
        assertThat(endpoints).allSatisfy(e -> assertThat(e.declared()).as(e.toString()).isTrue());
        assertThat(endpoints).hasSizeGreaterThan(15);
        Map<Role, String> roles = new java.util.EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            roles.put(role, stack.token(role.groupName()));
        }
        RoleMatrix matrix =
                new RoleMatrix(
                        stack.baseUrl(),
                        Map.of(
                                "raceId",
                                "matrix",
                                "riderId",
                                "mx",
                                "deviceId",
                                java.util.UUID.randomUUID().toString(),
                                "action",
                                "start"));

        List<RoleMatrix.Violation> violations =
                matrix.check(
                        endpoints,
                        new RoleMatrix.Callers(
                                stack.oidc.token(
                                        "u",
                                        List.of("admin"),
                                        OidcServer.AUDIENCE,
                                        java.time.Duration.ofSeconds(-120)),
                                stack.oidc.forgedToken("u", List.of("admin")),
                                stack.oidc.token(
                                        "u",
                                        List.of("admin"),
                                        "another-app",
                                        java.time.Duration.ofMinutes(5)),
                                roles));

        assertThat(violations).isEmpty();
        // every protected endpoint, as 5 kinds of bad token and 4 roles
        long protectedEndpoints = endpoints.stream().filter(e -> !e.open()).count();
        assertThat(protectedEndpoints).isGreaterThan(20);
        assertThat(matrix.calls()).isEqualTo(protectedEndpoints * 9);
        // the open one: the page's sign-in settings
        assertThat(stack.get("/v1/page-config", null).status()).isEqualTo(200);
        // nothing the matrix did changed the race (every allowed call was refused for its content)
        assertThat(
                        stack.get("/v1/races/matrix", roles.get(Role.ADMIN))
                                .json()
                                .get("status")
                                .asText())
                .isEqualTo("DRAFT");
    }

    /** A course upload to race "uploads" written as given ({@link AdminStack#raw}). */
    private static AdminStack.Reply rawUpload(
            List<String> headers, byte[] bodyPart, List<Integer> interim) throws IOException {
        List<String> all = new ArrayList<>(headers);
        all.add("Authorization: Bearer " + admin);
        all.add("Content-Type: application/octet-stream");
        return stack.raw("PUT", "/v1/races/uploads/course", all, bodyPart, interim);
    }

    private static AdminStack.Reply upload(String raceId, byte[] body, String type) {
        return stack.call("PUT", "/v1/races/" + raceId + "/course", admin, type, body);
    }

    /** The definitions of a race on race-control, in the order published. */
    static List<RaceDefinition> definitions(String raceId) {
        List<RaceDefinition> out = new ArrayList<>();
        for (Record r : KinesisStreams.readAll(stack.kinesis.client(), Streams.RACE_CONTROL)) {
            RaceDefinition d = RaceControl.decode(r.data().asByteArray());
            if (d.raceId().equals(raceId)) {
                out.add(d);
            }
        }
        return out;
    }

    static RaceDefinition lastDefinition(String raceId) {
        List<RaceDefinition> all = definitions(raceId);
        assertThat(all).as("a definition of " + raceId + " on race-control").isNotEmpty();
        return all.get(all.size() - 1);
    }

    private static byte[] gpxOf(Path geojson) throws IOException {
        List<dev.breakaway.core.model.GeoPoint> points =
                dev.breakaway.core.io.CourseReader.read(geojson);
        StringBuilder gpx =
                new StringBuilder(
                        "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"test\"><trk><trkseg>");
        for (var p : points) {
            gpx.append("<trkpt lat=\"")
                    .append(p.lat())
                    .append("\" lon=\"")
                    .append(p.lon())
                    .append("\"></trkpt>");
        }
        return gpx.append("</trkseg></trk></gpx>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl, "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static long count(String sql) throws SQLException {
        return Long.parseLong(column(sql).get(0));
    }

    /** Every text value of every table: a credential must be in none. */
    private static String dump() throws SQLException {
        StringBuilder all = new StringBuilder();
        for (String table :
                List.of("races", "registrations", "devices", "audit_log", "riders", "teams")) {
            for (String row : column("SELECT t::text FROM " + table + " t")) {
                all.append(row).append('\n');
            }
        }
        return all.toString();
    }
}
