package dev.breakaway.admin.resources;

import dev.breakaway.admin.api.AuditEntry;
import dev.breakaway.admin.core.AdminException;
import dev.breakaway.admin.core.RaceAdministration;
import dev.breakaway.identity.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Objects;

/** The audit log, oldest first, a page at a time ({@code after} the last id seen). */
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final RaceAdministration admin;

    public AuditResource(RaceAdministration admin) {
        this.admin = Objects.requireNonNull(admin, "admin is null");
    }

    @GET
    @RolesAllowed(Role.Names.ADMIN)
    public List<AuditEntry> audit(
            @QueryParam("entity") String entity,
            @QueryParam("entityId") String entityId,
            @QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw AdminException.invalid("BAD_LIMIT", "limit must be 1 to 1000: " + limit);
        }
        return admin.audit(entity, entityId, after, limit);
    }
}
