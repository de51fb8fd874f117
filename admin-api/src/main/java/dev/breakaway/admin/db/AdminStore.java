package dev.breakaway.admin.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.admin.api.AuditEntry;
import dev.breakaway.admin.api.CheckpointView;
import dev.breakaway.admin.api.ClimbInput;
import dev.breakaway.admin.api.DeviceView;
import dev.breakaway.admin.api.RegistrationView;
import dev.breakaway.admin.core.RaceStatus;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.Neutralisation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The admin database through Jdbi: every statement the admin API runs, each on the handle of the
 * caller's transaction, so that a change, its audit entry and its publication commit or fail
 * together.
 */
public final class AdminStore {

    private final Jdbi jdbi;

    public AdminStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Runs {@code work} in one transaction (read committed; the race row is locked {@code FOR
     * UPDATE} by the changes that depend on it, so two changes of one race never interleave).
     */
    public <R, X extends Exception> R inTransaction(HandleCallback<R, X> work) throws X {
        return jdbi.inTransaction(
                org.jdbi.v3.core.transaction.TransactionIsolationLevel.READ_COMMITTED, work);
    }

    public <R, X extends Exception> R read(HandleCallback<R, X> work) throws X {
        return jdbi.withHandle(work);
    }

    // ---- races

    private static final String RACE_COLUMNS =
            "race_id, name, format, laps, start_time, status, course::text AS course_json,"
                    + " course_meters, jsonb_array_length(course) AS course_points,"
                    + " course_source, version, accept_fixes_from, accept_fixes_until";

    public static Optional<RaceRow> race(Handle h, String raceId, boolean forUpdate) {
        return h.createQuery(
                        "SELECT "
                                + RACE_COLUMNS
                                + " FROM races WHERE race_id = :id"
                                + (forUpdate ? " FOR UPDATE" : ""))
                .bind("id", raceId)
                .map((rs, ctx) -> raceRow(rs, true))
                .findOne();
    }

    public static List<RaceRow> races(Handle h) {
        return h.createQuery(
                        "SELECT race_id, name, format, laps, start_time, status, NULL AS"
                                + " course_json, course_meters, jsonb_array_length(course) AS"
                                + " course_points, course_source, version, accept_fixes_from,"
                                + " accept_fixes_until FROM races ORDER BY start_time DESC,"
                                + " race_id")
                .map((rs, ctx) -> raceRow(rs, false))
                .list();
    }

    private static RaceRow raceRow(ResultSet rs, boolean withCourse) throws SQLException {
        return new RaceRow(
                rs.getString("race_id"),
                rs.getString("name"),
                rs.getString("format"),
                rs.getInt("laps"),
                instant(rs, "start_time"),
                RaceStatus.valueOf(rs.getString("status")),
                withCourse ? rs.getString("course_json") : null,
                rs.getObject("course_meters", Double.class),
                rs.getObject("course_points", Integer.class),
                rs.getString("course_source"),
                rs.getLong("version"),
                instant(rs, "accept_fixes_from"),
                instant(rs, "accept_fixes_until"));
    }

    public static void insertRace(
            Handle h, String raceId, String name, String format, int laps, Instant startTime) {
        h.createUpdate(
                        "INSERT INTO races (race_id, name, format, laps, start_time) VALUES (:id,"
                                + " :name, :format, :laps, :start)")
                .bind("id", raceId)
                .bind("name", name)
                .bind("format", format)
                .bind("laps", laps)
                .bind("start", Timestamp.from(startTime))
                .execute();
    }

    public static void updateRace(
            Handle h, String raceId, String name, String format, int laps, Instant startTime) {
        h.createUpdate(
                        "UPDATE races SET name = :name, format = :format, laps = :laps,"
                                + " start_time = :start, updated_at = now() WHERE race_id = :id")
                .bind("id", raceId)
                .bind("name", name)
                .bind("format", format)
                .bind("laps", laps)
                .bind("start", Timestamp.from(startTime))
                .execute();
    }

    public static void setCourse(
            Handle h, String raceId, String courseJson, double meters, String format) {
        h.createUpdate(
                        "UPDATE races SET course = CAST(:course AS jsonb), course_meters ="
                                + " :meters, course_source = :format, updated_at = now() WHERE"
                                + " race_id = :id")
                .bind("id", raceId)
                .bind("course", courseJson)
                .bind("meters", meters)
                .bind("format", format)
                .execute();
    }

    public static void setStatus(
            Handle h,
            String raceId,
            RaceStatus status,
            long version,
            Instant acceptFrom,
            Instant acceptUntil) {
        h.createUpdate(
                        "UPDATE races SET status = :status, version = :version,"
                                + " accept_fixes_from = :from, accept_fixes_until = :until,"
                                + " updated_at = now() WHERE race_id = :id")
                .bind("id", raceId)
                .bind("status", status.name())
                .bind("version", version)
                .bind("from", acceptFrom == null ? null : Timestamp.from(acceptFrom))
                .bind("until", acceptUntil == null ? null : Timestamp.from(acceptUntil))
                .execute();
    }

    // ---- checkpoints and climbs

    public static List<CheckpointView> checkpoints(Handle h, String raceId) {
        return h.createQuery(
                        "SELECT checkpoint_id, name, kind, distance_meters FROM checkpoints WHERE"
                                + " race_id = :id ORDER BY distance_meters")
                .bind("id", raceId)
                .map(
                        (rs, ctx) ->
                                new CheckpointView(
                                        rs.getString(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getDouble(4)))
                .list();
    }

    public static void replaceCheckpoints(
            Handle h, String raceId, List<CheckpointView> checkpoints) {
        h.createUpdate("DELETE FROM checkpoints WHERE race_id = :id").bind("id", raceId).execute();
        for (CheckpointView c : checkpoints) {
            h.createUpdate(
                            "INSERT INTO checkpoints (race_id, checkpoint_id, name, kind,"
                                    + " distance_meters) VALUES (:race, :id, :name, :kind, :d)")
                    .bind("race", raceId)
                    .bind("id", c.id())
                    .bind("name", c.name())
                    .bind("kind", c.kind())
                    .bind("d", c.distanceMeters())
                    .execute();
        }
    }

    public static List<ClimbInput> climbs(Handle h, String raceId) {
        return h.createQuery(
                        "SELECT climb_id, name, category, start_meters, end_meters, gain_meters"
                                + " FROM climbs WHERE race_id = :id ORDER BY start_meters")
                .bind("id", raceId)
                .map(
                        (rs, ctx) ->
                                new ClimbInput(
                                        rs.getString(1),
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getDouble(4),
                                        rs.getDouble(5),
                                        rs.getDouble(6)))
                .list();
    }

    public static void replaceClimbs(Handle h, String raceId, List<ClimbInput> climbs) {
        h.createUpdate("DELETE FROM climbs WHERE race_id = :id").bind("id", raceId).execute();
        for (ClimbInput c : climbs) {
            h.createUpdate(
                            "INSERT INTO climbs (race_id, climb_id, name, category, start_meters,"
                                    + " end_meters, gain_meters) VALUES (:race, :id, :name, :cat,"
                                    + " :s, :e, :g)")
                    .bind("race", raceId)
                    .bind("id", c.id())
                    .bind("name", c.name())
                    .bind("cat", c.category())
                    .bind("s", c.startMeters())
                    .bind("e", c.endMeters())
                    .bind("g", c.gainMeters())
                    .execute();
        }
    }

    // ---- neutralisations

    /** The race's neutralisations in time order. */
    public static List<Neutralisation> neutralisations(Handle h, String raceId) {
        return h.createQuery(
                        "SELECT from_at, until_at FROM neutralisations WHERE race_id = :id ORDER BY"
                                + " from_at")
                .bind("id", raceId)
                .map(
                        (rs, ctx) ->
                                new Neutralisation(instant(rs, "from_at"), instant(rs, "until_at")))
                .list();
    }

    public static void insertNeutralisation(Handle h, String raceId, Instant from) {
        h.createUpdate("INSERT INTO neutralisations (race_id, from_at) VALUES (:race, :from)")
                .bind("race", raceId)
                .bind("from", Timestamp.from(from))
                .execute();
    }

    /** Ends the race's neutralisation still on. */
    public static void endNeutralisation(Handle h, String raceId, Instant until) {
        h.createUpdate(
                        "UPDATE neutralisations SET until_at = :until WHERE race_id = :race AND"
                                + " until_at IS NULL")
                .bind("race", raceId)
                .bind("until", Timestamp.from(until))
                .execute();
    }

    // ---- teams and riders

    public static boolean teamExists(Handle h, String teamId) {
        return h.createQuery("SELECT 1 FROM teams WHERE team_id = :id")
                .bind("id", teamId)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    public static void insertTeam(Handle h, String teamId, String name) {
        h.createUpdate("INSERT INTO teams (team_id, name) VALUES (:id, :name)")
                .bind("id", teamId)
                .bind("name", name)
                .execute();
    }

    public static List<JsonNode> teams(Handle h) {
        return h.createQuery(
                        "SELECT json_build_object('teamId', team_id, 'name', name)::text FROM"
                                + " teams ORDER BY team_id")
                .map((rs, ctx) -> json(rs.getString(1)))
                .list();
    }

    public static boolean riderExists(Handle h, String riderId) {
        return h.createQuery("SELECT 1 FROM riders WHERE rider_id = :id")
                .bind("id", riderId)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    public static void insertRider(Handle h, String riderId, String name, String teamId) {
        h.createUpdate("INSERT INTO riders (rider_id, name, team_id) VALUES (:id, :name, :team)")
                .bind("id", riderId)
                .bind("name", name)
                .bind("team", teamId)
                .execute();
    }

    public static List<JsonNode> riders(Handle h) {
        return h.createQuery(
                        "SELECT json_build_object('riderId', rider_id, 'name', name, 'teamId',"
                                + " team_id)::text FROM riders ORDER BY rider_id")
                .map((rs, ctx) -> json(rs.getString(1)))
                .list();
    }

    // ---- registrations

    private static final String REGISTRATION_SELECT =
            "SELECT g.race_id, g.rider_id, r.name, r.team_id, g.bib, g.start_time,"
                    + " g.abandoned_at, g.penalty_seconds FROM registrations g JOIN riders r"
                    + " USING (rider_id) WHERE g.race_id = :race";

    public static List<RegistrationView> registrations(Handle h, String raceId) {
        return h.createQuery(REGISTRATION_SELECT + " ORDER BY g.bib, g.rider_id")
                .bind("race", raceId)
                .map((rs, ctx) -> registration(rs))
                .list();
    }

    public static Optional<RegistrationView> registration(Handle h, String raceId, String riderId) {
        return h.createQuery(REGISTRATION_SELECT + " AND g.rider_id = :rider")
                .bind("race", raceId)
                .bind("rider", riderId)
                .map((rs, ctx) -> registration(rs))
                .findOne();
    }

    private static RegistrationView registration(ResultSet rs) throws SQLException {
        return new RegistrationView(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                instant(rs, "start_time"),
                instant(rs, "abandoned_at"),
                rs.getLong(8));
    }

    public static boolean bibTaken(Handle h, String raceId, String bib) {
        return h.createQuery("SELECT 1 FROM registrations WHERE race_id = :race AND bib = :bib")
                .bind("race", raceId)
                .bind("bib", bib)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    public static void insertRegistration(
            Handle h, String raceId, String riderId, String bib, Instant startTime) {
        h.createUpdate(
                        "INSERT INTO registrations (race_id, rider_id, bib, start_time) VALUES"
                                + " (:race, :rider, :bib, :start)")
                .bind("race", raceId)
                .bind("rider", riderId)
                .bind("bib", bib)
                .bind("start", startTime == null ? null : Timestamp.from(startTime))
                .execute();
    }

    public static void setAbandoned(Handle h, String raceId, String riderId, Instant at) {
        h.createUpdate(
                        "UPDATE registrations SET abandoned_at = :at WHERE race_id = :race AND"
                                + " rider_id = :rider")
                .bind("race", raceId)
                .bind("rider", riderId)
                .bind("at", Timestamp.from(at))
                .execute();
    }

    public static void setPenalty(Handle h, String raceId, String riderId, long seconds) {
        h.createUpdate(
                        "UPDATE registrations SET penalty_seconds = :s WHERE race_id = :race AND"
                                + " rider_id = :rider")
                .bind("race", raceId)
                .bind("rider", riderId)
                .bind("s", seconds)
                .execute();
    }

    public static void setStartTime(Handle h, String raceId, String riderId, Instant start) {
        h.createUpdate(
                        "UPDATE registrations SET start_time = :start WHERE race_id = :race AND"
                                + " rider_id = :rider")
                .bind("race", raceId)
                .bind("rider", riderId)
                .bind("start", start == null ? null : Timestamp.from(start))
                .execute();
    }

    // ---- devices

    private static final String DEVICE_COLUMNS =
            "device_id, race_id, rider_id, label, issued_at, issued_by, revoked_at, revoked_by";

    public static void insertDevice(
            Handle h,
            UUID deviceId,
            String raceId,
            String riderId,
            String tokenSha256,
            String label,
            String issuedBy) {
        h.createUpdate(
                        "INSERT INTO devices (device_id, race_id, rider_id, token_sha256, label,"
                                + " issued_by) VALUES (:id, :race, :rider, :hash, :label, :by)")
                .bind("id", deviceId)
                .bind("race", raceId)
                .bind("rider", riderId)
                .bind("hash", tokenSha256)
                .bind("label", label)
                .bind("by", issuedBy)
                .execute();
    }

    public static Optional<DeviceView> device(Handle h, UUID deviceId) {
        return h.createQuery("SELECT " + DEVICE_COLUMNS + " FROM devices WHERE device_id = :id")
                .bind("id", deviceId)
                .map((rs, ctx) -> device(rs))
                .findOne();
    }

    public static List<DeviceView> devices(Handle h, String raceId) {
        return h.createQuery(
                        "SELECT "
                                + DEVICE_COLUMNS
                                + " FROM devices WHERE race_id = :race ORDER BY rider_id,"
                                + " issued_at")
                .bind("race", raceId)
                .map((rs, ctx) -> device(rs))
                .list();
    }

    private static DeviceView device(ResultSet rs) throws SQLException {
        return new DeviceView(
                rs.getObject("device_id", UUID.class),
                rs.getString("race_id"),
                rs.getString("rider_id"),
                rs.getString("label"),
                instant(rs, "issued_at"),
                rs.getString("issued_by"),
                instant(rs, "revoked_at"),
                rs.getString("revoked_by"));
    }

    public static void revokeDevice(Handle h, UUID deviceId, String by) {
        h.createUpdate(
                        "UPDATE devices SET revoked_at = now(), revoked_by = :by WHERE device_id"
                                + " = :id AND revoked_at IS NULL")
                .bind("id", deviceId)
                .bind("by", by)
                .execute();
    }

    // ---- audit

    public static void audit(
            Handle h,
            String actor,
            String action,
            String entity,
            String entityId,
            Object before,
            Object after) {
        h.createUpdate(
                        "INSERT INTO audit_log (actor, action, entity, entity_id, before, after)"
                                + " VALUES (:actor, :action, :entity, :eid, CAST(:before AS"
                                + " jsonb), CAST(:after AS jsonb))")
                .bind("actor", actor)
                .bind("action", action)
                .bind("entity", entity)
                .bind("eid", entityId)
                .bind("before", before == null ? null : Json.toString(before))
                .bind("after", after == null ? null : Json.toString(after))
                .execute();
    }

    public static List<AuditEntry> auditLog(
            Handle h, String entity, String entityId, long afterId, int limit) {
        return h.createQuery(
                        "SELECT audit_id, at, actor, action, entity, entity_id, before::text,"
                                + " after::text FROM audit_log WHERE audit_id > :after AND"
                                + " (CAST(:entity AS text) IS NULL OR entity = :entity) AND"
                                + " (CAST(:eid AS text) IS NULL OR entity_id = :eid) ORDER BY"
                                + " audit_id LIMIT :limit")
                .bind("after", afterId)
                .bind("entity", entity)
                .bind("eid", entityId)
                .bind("limit", limit)
                .map(
                        (rs, ctx) ->
                                new AuditEntry(
                                        rs.getLong(1),
                                        instant(rs, "at"),
                                        rs.getString(3),
                                        rs.getString(4),
                                        rs.getString(5),
                                        rs.getString(6),
                                        json(rs.getString(7)),
                                        json(rs.getString(8))))
                .list();
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("bad JSON in the audit log", e);
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
