package dev.breakaway.query.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;

/** The served OpenAPI description lists exactly the HTTP operations the resources implement. */
class OpenApiContractTest {

    @Test
    void everyHttpOperationOfTheResourcesIsDescribedAndNoOther() throws Exception {
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(OpenApiResource.load());
        Set<String> implemented = new HashSet<>();
        for (Class<?> type :
                List.of(
                        RacesResource.class,
                        PageConfigResource.class,
                        OpenApiResource.class,
                        HistoryResource.class)) {
            Resource resource = Resource.from(type);
            collect(resource.getPath(), resource, implemented);
        }
        Set<String> described = new HashSet<>();
        spec.get("paths")
                .properties()
                .forEach(
                        path ->
                                path.getValue()
                                        .fieldNames()
                                        .forEachRemaining(
                                                method ->
                                                        described.add(
                                                                method.toUpperCase()
                                                                        + " "
                                                                        + path.getKey())));
        // the WebSocket upgrade is served by Jetty, not by a resource
        assertThat(described.remove("GET /v1/races/{raceId}/live")).isTrue();

        assertThat(described).isEqualTo(implemented);
    }

    private static void collect(String prefix, Resource resource, Set<String> out) {
        for (ResourceMethod method : resource.getResourceMethods()) {
            out.add(method.getHttpMethod() + " " + ("/" + prefix).replaceAll("/+", "/"));
        }
        for (Resource child : resource.getChildResources()) {
            collect(prefix + "/" + child.getPath(), child, out);
        }
    }
}
