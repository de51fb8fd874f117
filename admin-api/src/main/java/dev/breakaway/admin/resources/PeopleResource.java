package dev.breakaway.admin.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.admin.api.RiderInput;
import dev.breakaway.admin.api.TeamInput;
import dev.breakaway.admin.core.RaceAdministration;
import dev.breakaway.identity.Caller;
import dev.breakaway.identity.Role;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Objects;

/** Teams and riders, across races. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PeopleResource {

    private final RaceAdministration admin;

    public PeopleResource(RaceAdministration admin) {
        this.admin = Objects.requireNonNull(admin, "admin is null");
    }

    @GET
    @Path("/teams")
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL, Role.Names.ANALYST})
    public List<JsonNode> teams() {
        return admin.teams();
    }

    @POST
    @Path("/teams")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.Names.ADMIN)
    public Response createTeam(@Auth Caller caller, TeamInput input) {
        return Response.status(201)
                .entity(admin.createTeam(RacesResource.body(input), caller.getName()))
                .build();
    }

    @GET
    @Path("/riders")
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL, Role.Names.ANALYST})
    public List<JsonNode> riders() {
        return admin.riders();
    }

    @POST
    @Path("/riders")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.Names.ADMIN)
    public Response createRider(@Auth Caller caller, RiderInput input) {
        return Response.status(201)
                .entity(admin.createRider(RacesResource.body(input), caller.getName()))
                .build();
    }
}
