package dev.breakaway.query.resources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.identity.Public;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/page-config}: what the live page needs to know of the deployment. */
@Path("/v1/page-config")
@Produces(MediaType.APPLICATION_JSON)
public class PageConfigResource {

    private final String tileUrl;

    public PageConfigResource(String tileUrl) {
        this.tileUrl = tileUrl;
    }

    @GET
    @Public("what a page or client needs before signing in")
    public ObjectNode config() {
        ObjectNode out = Json.mapper().createObjectNode();
        if (tileUrl != null && !tileUrl.isBlank()) {
            out.put("tileUrl", tileUrl);
        }
        return out;
    }
}
