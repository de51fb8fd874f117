package dev.breakaway.admin.resources;

import dev.breakaway.admin.api.Me;
import dev.breakaway.identity.Caller;
import dev.breakaway.identity.Role;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Who the token says the caller is: any signed-in user. */
@Path("/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @GET
    @PermitAll
    public Me me(@Auth Caller caller) {
        return new Me(
                caller.subject(),
                caller.getName(),
                caller.roles().stream().map(Role::groupName).sorted().toList());
    }
}
