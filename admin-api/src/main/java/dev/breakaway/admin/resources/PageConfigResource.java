package dev.breakaway.admin.resources;

import dev.breakaway.identity.Public;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Objects;

/** What the admin page needs to sign its user in: the issuer's endpoints and its client id. */
@Path("/v1/page-config")
@Produces(MediaType.APPLICATION_JSON)
public class PageConfigResource {

    private final Map<String, String> config;

    public PageConfigResource(String authorizationEndpoint, String tokenEndpoint, String clientId) {
        this.config =
                Map.of(
                        "authorizationEndpoint",
                        Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint"),
                        "tokenEndpoint",
                        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint"),
                        "clientId",
                        Objects.requireNonNull(clientId, "clientId"));
    }

    @GET
    @Public("the page must learn where to sign in before it has a token")
    public Map<String, String> config() {
        return config;
    }
}
