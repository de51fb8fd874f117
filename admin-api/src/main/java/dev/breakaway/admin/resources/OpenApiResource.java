package dev.breakaway.admin.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.breakaway.identity.Public;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI description of the administration API, as written in {@code openapi/admin-api.yaml}
 * (a test keeps its operations and roles in step with the resources).
 */
@Path("/v1")
public class OpenApiResource {

    public static final String RESOURCE = "/openapi/admin-api.yaml";

    private final String yaml;
    private final JsonNode json;

    public OpenApiResource() {
        this.yaml = load();
        try {
            this.json = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI description is not valid YAML", e);
        }
    }

    public static String load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Path("/openapi.yaml")
    @Produces("application/yaml")
    @Public("the API's description")
    public String yaml() {
        return yaml;
    }

    @GET
    @Path("/openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Public("the API's description")
    public JsonNode json() {
        return json;
    }
}
