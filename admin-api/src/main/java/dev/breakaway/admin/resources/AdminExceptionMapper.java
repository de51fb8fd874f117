package dev.breakaway.admin.resources;

import dev.breakaway.admin.api.ErrorView;
import dev.breakaway.admin.core.AdminException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** A refusal as {@code {"reason", "message"}} with its status. */
public class AdminExceptionMapper implements ExceptionMapper<AdminException> {

    @Override
    public Response toResponse(AdminException e) {
        return Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorView(e.reason(), e.getMessage()))
                .build();
    }
}
