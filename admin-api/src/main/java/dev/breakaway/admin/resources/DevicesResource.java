package dev.breakaway.admin.resources;

import dev.breakaway.admin.api.DeviceView;
import dev.breakaway.admin.core.AdminException;
import dev.breakaway.admin.core.RaceAdministration;
import dev.breakaway.identity.Caller;
import dev.breakaway.identity.Role;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;
import java.util.UUID;

/** A device by its id: revoking it stops its fixes on every ingest instance within seconds. */
@Path("/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DevicesResource {

    private final RaceAdministration admin;

    public DevicesResource(RaceAdministration admin) {
        this.admin = Objects.requireNonNull(admin, "admin is null");
    }

    @POST
    @Path("/{deviceId}/revoke")
    @RolesAllowed({Role.Names.ADMIN, Role.Names.OFFICIAL})
    public DeviceView revoke(@Auth Caller caller, @PathParam("deviceId") String deviceId) {
        UUID id;
        try {
            id = UUID.fromString(deviceId);
        } catch (IllegalArgumentException e) {
            throw AdminException.notFound("device " + deviceId);
        }
        return admin.revokeDevice(id, caller.getName());
    }
}
