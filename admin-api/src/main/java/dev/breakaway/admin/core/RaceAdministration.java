package dev.breakaway.admin.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.admin.api.AuditEntry;
import dev.breakaway.admin.api.CheckpointInput;
import dev.breakaway.admin.api.CheckpointView;
import dev.breakaway.admin.api.ClimbInput;
import dev.breakaway.admin.api.DeviceInput;
import dev.breakaway.admin.api.DeviceIssued;
import dev.breakaway.admin.api.DeviceView;
import dev.breakaway.admin.api.RaceInput;
import dev.breakaway.admin.api.RaceView;
import dev.breakaway.admin.api.RegistrationInput;
import dev.breakaway.admin.api.RegistrationView;
import dev.breakaway.admin.api.RiderInput;
import dev.breakaway.admin.api.TeamInput;
import dev.breakaway.admin.db.AdminStore;
import dev.breakaway.admin.db.RaceRow;
import dev.breakaway.contracts.identity.DeviceTokens;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.geo.Course;
import dev.breakaway.core.geo.CourseMatch;
import dev.breakaway.core.model.Climb;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.Neutralisation;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * What admins and officials do to races, each in one transaction with its audit entry; a change the
 * tracker must know (start, abandon, a start time moved, a penalty) publishes a new definition
 * version inside that transaction, so that a change that could not be published is not made; so
 * does a correction after the finish, from which the official results are computed again.
 */
public final class RaceAdministration {

    /** Fixes are taken from this long before the start (riders warming up on the course). */
    static final Duration FIXES_BEFORE_START = Duration.ofMinutes(30);

    /** ...until this long after the start while the race is live. */
    static final Duration LIVE_FOR_AT_MOST = Duration.ofHours(24);

    /** ...and this long after the finish (phones sending what they could not send). */
    static final Duration FIXES_AFTER_FINISH = Duration.ofHours(1);

    /** A named checkpoint snaps to the course within this distance. */
    static final double SNAP_METERS = 100;

    /**
     * Where devices send fixes.
     *
     * @param ingestBaseUrl ingest-api's public URL, e.g. {@code https://ingest.example.org}
     * @param traccarFrequencySeconds the fix interval to set in Traccar Client
     */
    public record Onboarding(String ingestBaseUrl, int traccarFrequencySeconds) {
        public Onboarding {
            Objects.requireNonNull(ingestBaseUrl, "ingestBaseUrl is null");
            ingestBaseUrl =
                    ingestBaseUrl.endsWith("/")
                            ? ingestBaseUrl.substring(0, ingestBaseUrl.length() - 1)
                            : ingestBaseUrl;
        }
    }

    private final AdminStore store;
    private final DefinitionPublisher publisher;
    private final CourseValidator courses;
    private final Onboarding onboarding;
    private final Clock clock;

    public RaceAdministration(
            AdminStore store,
            DefinitionPublisher publisher,
            CourseValidator courses,
            Onboarding onboarding,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.publisher = Objects.requireNonNull(publisher, "publisher is null");
        this.courses = Objects.requireNonNull(courses, "courses is null");
        this.onboarding = Objects.requireNonNull(onboarding, "onboarding is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    public CourseValidator courses() {
        return courses;
    }

    // ---- races

    public List<RaceView> races() {
        return store.read(h -> AdminStore.races(h).stream().map(r -> view(h, r)).toList());
    }

    public RaceView race(String raceId) {
        return store.read(h -> view(h, raceOrThrow(h, raceId, false)));
    }

    public RaceView createRace(RaceInput input, String actor) {
        String raceId = required(input.raceId(), "raceId");
        if (!raceId.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            throw AdminException.invalid(
                    "BAD_ID",
                    "raceId must be 1-64 lowercase letters, digits, '-' or '_': " + raceId);
        }
        String format = format(input.format());
        int laps = laps(input.laps());
        Instant start = required(input.startTime(), "startTime");
        String name = required(input.name(), "name");
        return store.inTransaction(
                h -> {
                    if (AdminStore.race(h, raceId, false).isPresent()) {
                        throw AdminException.conflict("EXISTS", "race " + raceId + " exists");
                    }
                    AdminStore.insertRace(h, raceId, name, format, laps, start);
                    RaceView after = view(h, raceOrThrow(h, raceId, false));
                    AdminStore.audit(h, actor, "CREATE", "race", raceId, null, after);
                    return after;
                });
    }

    public RaceView updateRace(String raceId, RaceInput input, String actor) {
        return store.inTransaction(
                h -> {
                    RaceRow row = editable(h, raceId);
                    RaceView before = view(h, row);
                    AdminStore.updateRace(
                            h,
                            raceId,
                            input.name() == null ? row.name() : input.name(),
                            input.format() == null ? row.format() : format(input.format()),
                            input.laps() == null ? row.laps() : laps(input.laps()),
                            input.startTime() == null ? row.startTime() : input.startTime());
                    RaceView after = view(h, raceOrThrow(h, raceId, false));
                    AdminStore.audit(h, actor, "UPDATE", "race", raceId, before, after);
                    return after;
                });
    }

    /** Replaces the course with an uploaded GPX or GeoJSON file, validated first. */
    public RaceView uploadCourse(String raceId, byte[] file, String actor) {
        CourseValidator.ValidCourse course = courses.validate(file);
        return store.inTransaction(
                h -> {
                    RaceRow row = editable(h, raceId);
                    for (CheckpointView c : AdminStore.checkpoints(h, raceId)) {
                        if (c.distanceMeters() >= course.lengthMeters()) {
                            throw AdminException.invalid(
                                    "BAD_COURSE",
                                    "checkpoint "
                                            + c.id()
                                            + " at "
                                            + Math.round(c.distanceMeters())
                                            + " m lies beyond the new course's end: remove it"
                                            + " first");
                        }
                    }
                    RaceView before = view(h, row);
                    AdminStore.setCourse(
                            h,
                            raceId,
                            Json.toString(course.points()),
                            course.lengthMeters(),
                            course.format());
                    RaceView after = view(h, raceOrThrow(h, raceId, false));
                    AdminStore.audit(h, actor, "UPLOAD_COURSE", "race", raceId, before, after);
                    return after;
                });
    }

    public RaceView setCheckpoints(String raceId, List<CheckpointInput> inputs, String actor) {
        return store.inTransaction(
                h -> {
                    RaceRow row = editable(h, raceId);
                    Course course = courseOf(row);
                    List<CheckpointView> checkpoints = snap(course, inputs);
                    RaceView before = view(h, row);
                    AdminStore.replaceCheckpoints(h, raceId, checkpoints);
                    RaceView after = view(h, raceOrThrow(h, raceId, false));
                    AdminStore.audit(h, actor, "SET_CHECKPOINTS", "race", raceId, before, after);
                    return after;
                });
    }

    public RaceView setClimbs(String raceId, List<ClimbInput> inputs, String actor) {
        return store.inTransaction(
                h -> {
                    RaceRow row = editable(h, raceId);
                    Course course = courseOf(row);
                    List<ClimbInput> climbs = new ArrayList<>();
                    Set<String> ids = new HashSet<>();
                    for (ClimbInput c : inputs) {
                        String id = required(c.id(), "climb id");
                        if (!ids.add(id)) {
                            throw AdminException.invalid("DUPLICATE", "climb " + id + " twice");
                        }
                        if (c.endMeters() > course.lengthMeters()) {
                            throw AdminException.invalid(
                                    "BAD_CLIMB", "climb " + id + " ends beyond the course");
                        }
                        Climb climb;
                        try {
                            climb =
                                    c.gainMeters() == null
                                            ? Climb.onCourse(
                                                    course,
                                                    id,
                                                    c.name(),
                                                    c.category(),
                                                    c.startMeters(),
                                                    c.endMeters())
                                            : new Climb(
                                                    id,
                                                    c.name(),
                                                    c.category(),
                                                    c.startMeters(),
                                                    c.endMeters(),
                                                    c.gainMeters());
                        } catch (IllegalArgumentException e) {
                            throw AdminException.invalid("BAD_CLIMB", e.getMessage());
                        }
                        climbs.add(
                                new ClimbInput(
                                        climb.id(),
                                        climb.name(),
                                        climb.category(),
                                        climb.startMeters(),
                                        climb.endMeters(),
                                        climb.gainMeters()));
                    }
                    RaceView before = view(h, row);
                    AdminStore.replaceClimbs(h, raceId, climbs);
                    RaceView after = view(h, raceOrThrow(h, raceId, false));
                    AdminStore.audit(h, actor, "SET_CLIMBS", "race", raceId, before, after);
                    return after;
                });
    }

    /** Moves a race along its lifecycle; starting it publishes its definition. */
    public RaceView move(String raceId, RaceStatus target, String actor) {
        return store.inTransaction(
                h -> {
                    RaceRow row = raceOrThrow(h, raceId, true);
                    row.status().checkMoveTo(target, raceId);
                    RaceView before = view(h, row);
                    Instant now = clock.instant();
                    long version = row.version();
                    Instant from = row.acceptFixesFrom();
                    Instant until = row.acceptFixesUntil();
                    if (target == RaceStatus.SCHEDULED || target == RaceStatus.LIVE) {
                        checkReady(h, row);
                    }
                    if (target == RaceStatus.LIVE) {
                        Instant earliest = row.startTime().isBefore(now) ? row.startTime() : now;
                        from = earliest.minus(FIXES_BEFORE_START);
                        until = latest(now, latestStart(h, row)).plus(LIVE_FOR_AT_MOST);
                        version = nextVersion(row.version(), now);
                    } else if (target == RaceStatus.FINISHED) {
                        until = now.plus(FIXES_AFTER_FINISH);
                    } else if (target == RaceStatus.ARCHIVED) {
                        until = until != null && until.isBefore(now) ? until : now;
                    }
                    AdminStore.setStatus(h, raceId, target, version, from, until);
                    if (target == RaceStatus.LIVE) {
                        publisher.publish(definition(h, raceOrThrow(h, raceId, false)));
                    }
                    RaceView after = view(h, raceOrThrow(h, raceId, false));
                    AdminStore.audit(
                            h, actor, "STATUS_" + target.name(), "race", raceId, before, after);
                    return after;
                });
    }

    /** Publishes the current definition again (an operator's task), same version. */
    public RaceDefinition republish(String raceId, String actor) {
        return store.inTransaction(
                h -> {
                    RaceRow row = raceOrThrow(h, raceId, true);
                    if (row.version() == 0) {
                        throw AdminException.conflict(
                                "NOT_PUBLISHED", "race " + raceId + " was never started");
                    }
                    RaceDefinition definition = definition(h, row);
                    publisher.publish(definition);
                    AdminStore.audit(h, actor, "REPUBLISH", "race", raceId, null, null);
                    return definition;
                });
    }

    /** The definition as it would be (or was last) published. */
    public RaceDefinition definition(String raceId) {
        return store.read(h -> definition(h, raceOrThrow(h, raceId, false)));
    }

    /**
     * Records that fixes are being replayed into a live race (an operator's task: {@link
     * RaceReplays}), and returns its published definition; a race that is not live is refused.
     */
    public RaceDefinition replaying(String raceId, String actor, Map<String, Object> what) {
        return store.inTransaction(
                h -> {
                    RaceRow row = raceOrThrow(h, raceId, true);
                    if (row.status() != RaceStatus.LIVE) {
                        throw AdminException.conflict(
                                "NOT_LIVE",
                                "race " + raceId + " is " + row.status() + ": start it first");
                    }
                    AdminStore.audit(h, actor, "REPLAY", "race", raceId, null, what);
                    return definition(h, row);
                });
    }

    // ---- teams, riders, registrations

    public List<JsonNode> teams() {
        return store.read(AdminStore::teams);
    }

    public TeamInput createTeam(TeamInput input, String actor) {
        String id = required(input.teamId(), "teamId");
        if (!id.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            throw AdminException.invalid("BAD_ID", "teamId must be lowercase letters, digits");
        }
        String name = required(input.name(), "name");
        return store.inTransaction(
                h -> {
                    if (AdminStore.teamExists(h, id)) {
                        throw AdminException.conflict("EXISTS", "team " + id + " exists");
                    }
                    AdminStore.insertTeam(h, id, name);
                    TeamInput after = new TeamInput(id, name);
                    AdminStore.audit(h, actor, "CREATE", "team", id, null, after);
                    return after;
                });
    }

    public List<JsonNode> riders() {
        return store.read(AdminStore::riders);
    }

    public RiderInput createRider(RiderInput input, String actor) {
        String id = required(input.riderId(), "riderId");
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw AdminException.invalid(
                    "BAD_ID", "riderId must be 1-64 letters, digits, '-' or '_': " + id);
        }
        String name = required(input.name(), "name");
        return store.inTransaction(
                h -> {
                    if (AdminStore.riderExists(h, id)) {
                        throw AdminException.conflict("EXISTS", "rider " + id + " exists");
                    }
                    if (input.teamId() != null && !AdminStore.teamExists(h, input.teamId())) {
                        throw AdminException.invalid("UNKNOWN_TEAM", "no team " + input.teamId());
                    }
                    AdminStore.insertRider(h, id, name, input.teamId());
                    RiderInput after = new RiderInput(id, name, input.teamId());
                    AdminStore.audit(h, actor, "CREATE", "rider", id, null, after);
                    return after;
                });
    }

    public List<RegistrationView> registrations(String raceId) {
        return store.read(
                h -> {
                    raceOrThrow(h, raceId, false);
                    return AdminStore.registrations(h, raceId);
                });
    }

    public RegistrationView register(String raceId, RegistrationInput input, String actor) {
        String riderId = required(input.riderId(), "riderId");
        String bib = required(input.bib(), "bib");
        return store.inTransaction(
                h -> {
                    RaceRow row = editable(h, raceId);
                    if (!AdminStore.riderExists(h, riderId)) {
                        throw AdminException.invalid("UNKNOWN_RIDER", "no rider " + riderId);
                    }
                    if (AdminStore.registration(h, raceId, riderId).isPresent()) {
                        throw AdminException.conflict(
                                "EXISTS", "rider " + riderId + " is registered already");
                    }
                    if (AdminStore.bibTaken(h, raceId, bib)) {
                        throw AdminException.conflict("BIB_TAKEN", "bib " + bib + " is taken");
                    }
                    AdminStore.insertRegistration(h, raceId, riderId, bib, input.startTime());
                    RegistrationView after = AdminStore.registration(h, raceId, riderId).get();
                    AdminStore.audit(
                            h,
                            actor,
                            "REGISTER",
                            "registration",
                            registrationId(raceId, riderId),
                            null,
                            after);
                    return after;
                });
    }

    /** Records a rider's abandon; during the race the tracker gets it at once. */
    public RegistrationView abandon(String raceId, String riderId, Instant at, String actor) {
        return changeRegistration(
                raceId,
                riderId,
                "ABANDON",
                actor,
                (h, before) -> {
                    if (before.abandonedAt() != null) {
                        throw AdminException.conflict(
                                "ABANDONED", "rider " + riderId + " abandoned already");
                    }
                    AdminStore.setAbandoned(h, raceId, riderId, at == null ? clock.instant() : at);
                });
    }

    /**
     * Sets a rider's time penalty (the total, in seconds; 0 lifts it). During the race the tracker
     * gets it at once; after the finish it is a correction the official results take when they are
     * computed again.
     */
    public RegistrationView setPenalty(String raceId, String riderId, long seconds, String actor) {
        if (seconds < 0 || seconds > 24 * 3600) {
            throw AdminException.invalid(
                    "BAD_PENALTY", "a penalty is 0 to 86400 seconds: " + seconds);
        }
        return changeRegistration(
                raceId,
                riderId,
                "PENALTY",
                actor,
                (h, before) -> AdminStore.setPenalty(h, raceId, riderId, seconds));
    }

    /** Moves a rider's own start (a time trial); during the race the tracker gets it at once. */
    public RegistrationView moveStart(String raceId, String riderId, Instant start, String actor) {
        return changeRegistration(
                raceId,
                riderId,
                "MOVE_START",
                actor,
                (h, before) -> AdminStore.setStartTime(h, raceId, riderId, start));
    }

    private interface RegistrationChange {
        void apply(Handle h, RegistrationView before);
    }

    private RegistrationView changeRegistration(
            String raceId, String riderId, String action, String actor, RegistrationChange change) {
        return store.inTransaction(
                h -> {
                    RaceRow row = raceOrThrow(h, raceId, true);
                    if (row.status() == RaceStatus.ARCHIVED) {
                        throw AdminException.conflict(
                                "RACE_LOCKED", "race " + raceId + " is archived");
                    }
                    RegistrationView before =
                            AdminStore.registration(h, raceId, riderId)
                                    .orElseThrow(
                                            () ->
                                                    AdminException.notFound(
                                                            "registration of rider "
                                                                    + riderId
                                                                    + " in race "
                                                                    + raceId));
                    change.apply(h, before);
                    // live, the tracker applies it; after the finish, the results are computed
                    // again from the corrected definition (the lakehouse's results reconciler)
                    if (row.status() == RaceStatus.LIVE || row.status() == RaceStatus.FINISHED) {
                        long version = nextVersion(row.version(), clock.instant());
                        AdminStore.setStatus(
                                h,
                                raceId,
                                row.status(),
                                version,
                                row.acceptFixesFrom(),
                                row.acceptFixesUntil());
                        publisher.publish(definition(h, raceOrThrow(h, raceId, false)));
                    }
                    RegistrationView after = AdminStore.registration(h, raceId, riderId).get();
                    AdminStore.audit(
                            h,
                            actor,
                            action,
                            "registration",
                            registrationId(raceId, riderId),
                            before,
                            after);
                    return after;
                });
    }

    // ---- neutralisations

    public List<Neutralisation> neutralisations(String raceId) {
        return store.read(
                h -> {
                    raceOrThrow(h, raceId, false);
                    return AdminStore.neutralisations(h, raceId);
                });
    }

    /**
     * Neutralises a live race from {@code at} (now, if null) until it is set going again ({@link
     * #restart}): race time stands still for the gaps, nobody races for places, no stop counts. The
     * tracker gets it at once.
     */
    public List<Neutralisation> neutralise(String raceId, Instant at, String actor) {
        return changeNeutralisations(
                raceId,
                "NEUTRALISE",
                actor,
                (h, before) -> {
                    Neutralisation last = last(before);
                    if (last != null && last.until() == null) {
                        throw AdminException.conflict(
                                "NEUTRALISED", "race " + raceId + " is neutralised already");
                    }
                    Instant from = at == null ? clock.instant() : at;
                    List<Neutralisation> after = new ArrayList<>(before);
                    after.add(new Neutralisation(from, null));
                    badTime(() -> Neutralisation.requireInOrder(raceId, after));
                    AdminStore.insertNeutralisation(h, raceId, from);
                });
    }

    /** Sets a neutralised race going again at {@code at} (now, if null). */
    public List<Neutralisation> restart(String raceId, Instant at, String actor) {
        return changeNeutralisations(
                raceId,
                "RESTART",
                actor,
                (h, before) -> {
                    Neutralisation last = last(before);
                    if (last == null || last.until() != null) {
                        throw AdminException.conflict(
                                "NOT_NEUTRALISED", "race " + raceId + " is not neutralised");
                    }
                    Instant until = at == null ? clock.instant() : at;
                    badTime(() -> new Neutralisation(last.from(), until));
                    AdminStore.endNeutralisation(h, raceId, until);
                });
    }

    private static Neutralisation last(List<Neutralisation> neutralisations) {
        return neutralisations.isEmpty() ? null : neutralisations.get(neutralisations.size() - 1);
    }

    /** The model's own check of a neutralisation's times, refused as a bad request. */
    private static void badTime(Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw AdminException.invalid("BAD_TIME", e.getMessage());
        }
    }

    private interface NeutralisationChange {
        void apply(Handle h, List<Neutralisation> before);
    }

    /** A change of a live race's neutralisations: a new version for the tracker, audited. */
    private List<Neutralisation> changeNeutralisations(
            String raceId, String action, String actor, NeutralisationChange change) {
        return store.inTransaction(
                h -> {
                    RaceRow row = raceOrThrow(h, raceId, true);
                    if (row.status() != RaceStatus.LIVE) {
                        throw AdminException.conflict(
                                "NOT_LIVE",
                                "only a live race is neutralised; race "
                                        + raceId
                                        + " is "
                                        + row.status());
                    }
                    List<Neutralisation> before = AdminStore.neutralisations(h, raceId);
                    change.apply(h, before);
                    AdminStore.setStatus(
                            h,
                            raceId,
                            row.status(),
                            nextVersion(row.version(), clock.instant()),
                            row.acceptFixesFrom(),
                            row.acceptFixesUntil());
                    publisher.publish(definition(h, raceOrThrow(h, raceId, false)));
                    List<Neutralisation> after = AdminStore.neutralisations(h, raceId);
                    AdminStore.audit(h, actor, action, "race", raceId, before, after);
                    return after;
                });
    }

    // ---- devices

    public List<DeviceView> devices(String raceId) {
        return store.read(
                h -> {
                    raceOrThrow(h, raceId, false);
                    return AdminStore.devices(h, raceId);
                });
    }

    /** Issues a device credential to a registered rider: shown in the answer, stored hashed. */
    public DeviceIssued issueDevice(String raceId, DeviceInput input, String actor) {
        String riderId = required(input.riderId(), "riderId");
        String token = DeviceTokens.newToken();
        UUID deviceId = UUID.randomUUID();
        DeviceView device =
                store.inTransaction(
                        h -> {
                            RaceRow row = raceOrThrow(h, raceId, true);
                            if (row.status() == RaceStatus.FINISHED
                                    || row.status() == RaceStatus.ARCHIVED) {
                                throw AdminException.conflict(
                                        "RACE_OVER", "race " + raceId + " is " + row.status());
                            }
                            RegistrationView registration =
                                    AdminStore.registration(h, raceId, riderId)
                                            .orElseThrow(
                                                    () ->
                                                            AdminException.invalid(
                                                                    "NOT_REGISTERED",
                                                                    "rider "
                                                                            + riderId
                                                                            + " is not registered"
                                                                            + " in race "
                                                                            + raceId));
                            if (registration.abandonedAt() != null) {
                                throw AdminException.conflict(
                                        "ABANDONED", "rider " + riderId + " abandoned");
                            }
                            AdminStore.insertDevice(
                                    h,
                                    deviceId,
                                    raceId,
                                    riderId,
                                    DeviceTokens.hash(token),
                                    input.label(),
                                    actor);
                            DeviceView after = AdminStore.device(h, deviceId).get();
                            AdminStore.audit(
                                    h, actor, "ISSUE", "device", deviceId.toString(), null, after);
                            return after;
                        });
        String riderPage =
                onboarding.ingestBaseUrl()
                        + "/rider/#race="
                        + encode(raceId)
                        + "&token="
                        + encode(token);
        String serverUrl = onboarding.ingestBaseUrl() + "/v1/osmand";
        String settings =
                "Traccar Client\nServer URL: "
                        + serverUrl
                        + "\nDevice identifier: "
                        + token
                        + "\nFrequency: "
                        + onboarding.traccarFrequencySeconds()
                        + " s";
        return new DeviceIssued(
                device,
                token,
                riderPage,
                QrCodes.svg(riderPage),
                new DeviceIssued.TraccarSettings(
                        serverUrl,
                        token,
                        onboarding.traccarFrequencySeconds(),
                        settings,
                        QrCodes.svg(settings)));
    }

    public DeviceView revokeDevice(UUID deviceId, String actor) {
        return store.inTransaction(
                h -> {
                    DeviceView before =
                            AdminStore.device(h, deviceId)
                                    .orElseThrow(
                                            () -> AdminException.notFound("device " + deviceId));
                    if (before.revokedAt() != null) {
                        return before; // revoking twice changes nothing
                    }
                    AdminStore.revokeDevice(h, deviceId, actor);
                    DeviceView after = AdminStore.device(h, deviceId).get();
                    AdminStore.audit(
                            h, actor, "REVOKE", "device", deviceId.toString(), before, after);
                    return after;
                });
    }

    // ---- audit

    public List<AuditEntry> audit(String entity, String entityId, long afterId, int limit) {
        return store.read(h -> AdminStore.auditLog(h, entity, entityId, afterId, limit));
    }

    // ---- helpers

    private RaceDefinition definition(Handle h, RaceRow row) {
        return DefinitionAssembler.assemble(
                row.raceId(),
                row.name(),
                row.format(),
                row.laps(),
                row.startTime(),
                points(row),
                AdminStore.checkpoints(h, row.raceId()),
                AdminStore.climbs(h, row.raceId()),
                AdminStore.registrations(h, row.raceId()),
                AdminStore.neutralisations(h, row.raceId()),
                row.version());
    }

    private void checkReady(Handle h, RaceRow row) {
        if (row.courseJson() == null) {
            throw AdminException.conflict(
                    "NOT_READY", "race " + row.raceId() + " has no course: upload one first");
        }
        List<RegistrationView> riders = AdminStore.registrations(h, row.raceId());
        if (riders.isEmpty()) {
            throw AdminException.conflict(
                    "NOT_READY", "race " + row.raceId() + " has no registered riders");
        }
        if (RaceFormat.valueOf(row.format()) == RaceFormat.TIME_TRIAL) {
            Set<Instant> starts = new HashSet<>();
            for (RegistrationView r : riders) {
                starts.add(r.startTime() == null ? row.startTime() : r.startTime());
            }
            if (starts.size() < riders.size()) {
                throw AdminException.conflict(
                        "NOT_READY",
                        "a time trial needs a start time of its own for every rider: "
                                + (riders.size() - starts.size() + 1)
                                + " riders share one");
            }
        }
    }

    private static Instant latestStart(Handle h, RaceRow row) {
        Instant latest = row.startTime();
        for (RegistrationView r : AdminStore.registrations(h, row.raceId())) {
            if (r.startTime() != null && r.startTime().isAfter(latest)) {
                latest = r.startTime();
            }
        }
        return latest;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** A registration's id in the audit log: {@code <raceId>/<riderId>}. */
    static String registrationId(String raceId, String riderId) {
        return String.join("/", raceId, riderId);
    }

    /** Versions grow: the clock in ms, or one more than the last if the clock is behind it. */
    static long nextVersion(long previous, Instant now) {
        return Math.max(previous + 1, now.toEpochMilli());
    }

    private static List<CheckpointView> snap(Course course, List<CheckpointInput> inputs) {
        List<CheckpointView> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        double after = 0;
        for (CheckpointInput c : inputs) {
            String id = required(c.id(), "checkpoint id");
            if (!ids.add(id)) {
                throw AdminException.invalid("DUPLICATE", "checkpoint " + id + " twice");
            }
            if ("finish".equals(id)) {
                throw AdminException.invalid(
                        "BAD_CHECKPOINT", "'finish' is reserved: the finish is implicit");
            }
            String kind = c.kind() == null ? "TIMING" : c.kind().toUpperCase(Locale.ROOT);
            if (!Set.of("TIMING", "SPRINT", "SUMMIT").contains(kind)) {
                throw AdminException.invalid(
                        "BAD_CHECKPOINT", "kind must be TIMING, SPRINT or SUMMIT: " + c.kind());
            }
            double distance;
            if (c.distanceMeters() != null) {
                distance = c.distanceMeters();
            } else if (c.lat() != null && c.lon() != null) {
                CourseMatch match =
                        course.match(
                                c.lat(), c.lon(), after, course.lengthMeters(), SNAP_METERS, after);
                if (match == null) {
                    throw AdminException.invalid(
                            "BAD_CHECKPOINT",
                            String.format(
                                    Locale.ROOT,
                                    "checkpoint %s at (%.5f, %.5f) is not within %.0f m of the"
                                            + " course after %.0f m",
                                    id,
                                    c.lat(),
                                    c.lon(),
                                    SNAP_METERS,
                                    after));
                }
                distance = match.distanceMeters();
            } else {
                throw AdminException.invalid(
                        "BAD_CHECKPOINT", "checkpoint " + id + " needs distanceMeters or lat/lon");
            }
            if (!(distance > 0) || distance >= course.lengthMeters()) {
                throw AdminException.invalid(
                        "BAD_CHECKPOINT",
                        String.format(
                                Locale.ROOT,
                                "checkpoint %s at %.0f m must lie after the start and before the"
                                        + " end of the lap (%.0f m)",
                                id,
                                distance,
                                course.lengthMeters()));
            }
            after = Math.max(after, distance);
            out.add(new CheckpointView(id, c.name(), kind, distance));
        }
        return out;
    }

    private Course courseOf(RaceRow row) {
        if (row.courseJson() == null) {
            throw AdminException.conflict(
                    "NOT_READY", "race " + row.raceId() + " has no course: upload one first");
        }
        return Course.of(points(row));
    }

    private static List<GeoPoint> points(RaceRow row) {
        if (row.courseJson() == null) {
            throw AdminException.conflict(
                    "NOT_READY", "race " + row.raceId() + " has no course: upload one first");
        }
        try {
            return DefinitionAssembler.course(Json.mapper().readTree(row.courseJson()));
        } catch (IOException e) {
            throw new IllegalStateException("bad course JSON in the database", e);
        }
    }

    /** The race, locked for the change, if its course and start list may still change. */
    private static RaceRow editable(Handle h, String raceId) {
        RaceRow row = raceOrThrow(h, raceId, true);
        if (!row.status().courseEditable()) {
            throw AdminException.conflict(
                    "RACE_LOCKED",
                    "race "
                            + raceId
                            + " is "
                            + row.status()
                            + ": its course, checkpoints, climbs and start list are set");
        }
        return row;
    }

    private static RaceRow raceOrThrow(Handle h, String raceId, boolean forUpdate) {
        return AdminStore.race(h, raceId, forUpdate)
                .orElseThrow(() -> AdminException.notFound("race " + raceId));
    }

    private static RaceView view(Handle h, RaceRow row) {
        return new RaceView(
                row.raceId(),
                row.name(),
                row.format(),
                row.laps(),
                row.startTime(),
                row.status().name(),
                row.courseMeters(),
                row.coursePoints(),
                row.courseFormat(),
                row.version(),
                AdminStore.checkpoints(h, row.raceId()),
                AdminStore.climbs(h, row.raceId()),
                row.acceptFixesFrom(),
                row.acceptFixesUntil());
    }

    private static String format(String format) {
        String f = format == null ? "MASS_START" : format.strip().toUpperCase(Locale.ROOT);
        if (!f.equals("MASS_START") && !f.equals("TIME_TRIAL")) {
            throw AdminException.invalid(
                    "BAD_FORMAT",
                    "format must be MASS_START or TIME_TRIAL (a circuit is a mass start of"
                            + " several laps): "
                            + format);
        }
        return f;
    }

    private static int laps(Integer laps) {
        int l = laps == null ? 1 : laps;
        if (l < 1 || l > 200) {
            throw AdminException.invalid("BAD_LAPS", "laps must be 1 to 200: " + laps);
        }
        return l;
    }

    private static <T> T required(T value, String name) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw AdminException.invalid("MISSING", name + " is required");
        }
        return value;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
