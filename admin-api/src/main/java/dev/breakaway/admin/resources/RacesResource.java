package dev.breakaway.admin.resources;

import dev.breakaway.admin.api.AbandonInput;
import dev.breakaway.admin.api.AtInput;
import dev.breakaway.admin.api.CheckpointInput;
import dev.breakaway.admin.api.ClimbInput;
import dev.breakaway.admin.api.DeviceInput;
import dev.breakaway.admin.api.DeviceIssued;
import dev.breakaway.admin.api.DeviceView;
import dev.breakaway.admin.api.PenaltyInput;
import dev.breakaway.admin.api.RaceInput;
import dev.breakaway.admin.api.RaceView;
import dev.breakaway.admin.api.RegistrationInput;
import dev.breakaway.admin.api.RegistrationView;
import dev.breakaway.admin.api.StartTimeInput;
import dev.breakaway.admin.core.AdminException;
import dev.breakaway.admin.core.RaceAdministration;
import dev.breakaway.admin.core.RaceStatus;
import dev.breakaway.core.model.Neutralisation;
import dev.breakaway.identity.Caller;
import dev.breakaway.identity.Role;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Races: their lifecycle, course, checkpoints, climbs, start list and devices. */
@Path("/v1/races")
@Produces(MediaType.APPLICATION_JSON)
public class RacesResource {

    private final RaceAdministration admin;

    public RacesResource(RaceAdministration admin) {
        this.admin = Objects.requireNonNull(admin, "admin is null");
    }

    @GET
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL, Role.Names.ANALYST})
    public List<RaceView> list() {
        return admin.races();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.Names.ADMIN)
    public Response create(@Auth Caller caller, RaceInput input) {
        RaceView race = admin.createRace(body(input), caller.getName());
        return Response.created(URI.create("/v1/races/" + race.raceId())).entity(race).build();
    }

    @GET
    @Path("/{raceId}")
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL, Role.Names.ANALYST})
    public RaceView get(@PathParam("raceId") String raceId) {
        return admin.race(raceId);
    }

    @PUT
    @Path("/{raceId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.Names.ADMIN)
    public RaceView update(
            @Auth Caller caller, @PathParam("raceId") String raceId, RaceInput input) {
        return admin.updateRace(raceId, body(input), caller.getName());
    }

    /**
     * The course, as a GPX or GeoJSON file in the body (told apart by content). Read up to the size
     * limit only: a larger body is refused without reading it all.
     */
    @PUT
    @Path("/{raceId}/course")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Role.Names.ADMIN)
    public RaceView uploadCourse(
            @Auth Caller caller,
            @PathParam("raceId") String raceId,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            InputStream body)
            throws IOException {
        long max = admin.courses().limits().maxBytes();
        if (contentLength != null && contentLength > max) {
            throw tooLarge(max);
        }
        byte[] file = body.readNBytes((int) max + 1);
        if (file.length > max) {
            throw tooLarge(max);
        }
        return admin.uploadCourse(raceId, file, caller.getName());
    }

    private static AdminException tooLarge(long max) {
        return new AdminException(
                413, "COURSE_TOO_LARGE", "the course file is larger than " + max + " bytes");
    }

    @PUT
    @Path("/{raceId}/checkpoints")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.Names.ADMIN)
    public RaceView checkpoints(
            @Auth Caller caller,
            @PathParam("raceId") String raceId,
            List<CheckpointInput> checkpoints) {
        return admin.setCheckpoints(raceId, body(checkpoints), caller.getName());
    }

    @PUT
    @Path("/{raceId}/climbs")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.Names.ADMIN)
    public RaceView climbs(
            @Auth Caller caller, @PathParam("raceId") String raceId, List<ClimbInput> climbs) {
        return admin.setClimbs(raceId, body(climbs), caller.getName());
    }

    /**
     * Moves the race along its lifecycle: {@code schedule}, {@code unschedule}, {@code start},
     * {@code finish}, {@code archive}. Admins do all; officials start and finish.
     */
    @POST
    @Path("/{raceId}/{action: schedule|unschedule|start|finish|archive}")
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL})
    public RaceView lifecycle(
            @Auth Caller caller,
            @PathParam("raceId") String raceId,
            @PathParam("action") String action) {
        RaceStatus target =
                switch (action.toLowerCase(Locale.ROOT)) {
                    case "schedule" -> RaceStatus.SCHEDULED;
                    case "unschedule" -> RaceStatus.DRAFT;
                    case "start" -> RaceStatus.LIVE;
                    case "finish" -> RaceStatus.FINISHED;
                    default -> RaceStatus.ARCHIVED;
                };
        boolean officialsMay = target == RaceStatus.LIVE || target == RaceStatus.FINISHED;
        if (!caller.has(Role.ADMIN) && !officialsMay) {
            throw new AdminException(403, "FORBIDDEN", "only an admin may " + action + " a race");
        }
        return admin.move(raceId, target, caller.getName());
    }

    @GET
    @Path("/{raceId}/registrations")
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL, Role.Names.ANALYST})
    public List<RegistrationView> registrations(@PathParam("raceId") String raceId) {
        return admin.registrations(raceId);
    }

    @POST
    @Path("/{raceId}/registrations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.Names.ADMIN)
    public Response register(
            @Auth Caller caller, @PathParam("raceId") String raceId, RegistrationInput input) {
        RegistrationView registration = admin.register(raceId, body(input), caller.getName());
        return Response.status(201).entity(registration).build();
    }

    @POST
    @Path("/{raceId}/registrations/{riderId}/abandon")
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL})
    public RegistrationView abandon(
            @Auth Caller caller,
            @PathParam("raceId") String raceId,
            @PathParam("riderId") String riderId,
            AbandonInput input) {
        return admin.abandon(raceId, riderId, input == null ? null : input.at(), caller.getName());
    }

    /** When the officials neutralised the race, in time order ({@code until} null: still on). */
    @GET
    @Path("/{raceId}/neutralisations")
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL, Role.Names.ANALYST})
    public List<Neutralisation> neutralisations(@PathParam("raceId") String raceId) {
        return admin.neutralisations(raceId);
    }

    /** Neutralises a live race: {@code {"at": instant}}, or no body for now. */
    @POST
    @Path("/{raceId}/neutralise")
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL})
    public List<Neutralisation> neutralise(
            @Auth Caller caller, @PathParam("raceId") String raceId, AtInput input) {
        return admin.neutralise(raceId, input == null ? null : input.at(), caller.getName());
    }

    /** Sets a neutralised race going again: {@code {"at": instant}}, or no body for now. */
    @POST
    @Path("/{raceId}/restart")
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL})
    public List<Neutralisation> restart(
            @Auth Caller caller, @PathParam("raceId") String raceId, AtInput input) {
        return admin.restart(raceId, input == null ? null : input.at(), caller.getName());
    }

    @PUT
    @Path("/{raceId}/registrations/{riderId}/start-time")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL})
    public RegistrationView moveStart(
            @Auth Caller caller,
            @PathParam("raceId") String raceId,
            @PathParam("riderId") String riderId,
            StartTimeInput input) {
        return admin.moveStart(raceId, riderId, body(input).startTime(), caller.getName());
    }

    /** Sets a rider's time penalty: {@code {"seconds": n}}, the total (0 lifts it). */
    @PUT
    @Path("/{raceId}/registrations/{riderId}/penalty")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL})
    public RegistrationView penalty(
            @Auth Caller caller,
            @PathParam("raceId") String raceId,
            @PathParam("riderId") String riderId,
            PenaltyInput input) {
        Long seconds = body(input).seconds();
        if (seconds == null) {
            throw AdminException.invalid("MISSING", "seconds is required");
        }
        return admin.setPenalty(raceId, riderId, seconds, caller.getName());
    }

    @GET
    @Path("/{raceId}/devices")
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL})
    public List<DeviceView> devices(@PathParam("raceId") String raceId) {
        return admin.devices(raceId);
    }

    /** Issues a device: the answer carries its credential, this once, with its QR codes. */
    @POST
    @Path("/{raceId}/devices")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL})
    public Response issueDevice(
            @Auth Caller caller, @PathParam("raceId") String raceId, DeviceInput input) {
        DeviceIssued issued = admin.issueDevice(raceId, body(input), caller.getName());
        return Response.status(201)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(issued)
                .build();
    }

    static <T> T body(T input) {
        if (input == null) {
            throw AdminException.invalid("MISSING", "the request needs a JSON body");
        }
        return input;
    }
}
