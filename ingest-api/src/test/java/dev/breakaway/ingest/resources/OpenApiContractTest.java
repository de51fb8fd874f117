package dev.breakaway.ingest.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.breakaway.ingest.core.RejectReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;

/** The served OpenAPI description says what the code does: its paths, methods and reasons. */
class OpenApiContractTest {

    private static final JsonNode SPEC = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(OpenApiResource.load());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyRejectReasonIsDescribedAndNoOther() {
        List<String> described = new ArrayList<>();
        SPEC.at("/components/schemas/RejectReason/enum").forEach(n -> described.add(n.asText()));

        assertThat(described)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(RejectReason.values()).map(Enum::name).toList());
    }

    @Test
    void everyHttpOperationOfTheResourcesIsDescribed() {
        Set<String> implemented = new HashSet<>();
        for (Class<?> type :
                List.of(FixesResource.class, OsmAndResource.class, OpenApiResource.class)) {
            Resource resource = Resource.from(type);
            collect(resource.getPath(), resource, implemented);
        }
        Set<String> described = new HashSet<>();
        SPEC.get("paths")
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
        described.remove("GET /v1/races/{raceId}/stream");

        assertThat(described).isEqualTo(implemented);
    }

    @Test
    void everyStatusARejectReasonMapsToIsAResponseOfPostFixes() {
        JsonNode responses = SPEC.at("/paths/~1v1~1races~1{raceId}~1fixes/post/responses");

        for (RejectReason reason : RejectReason.values()) {
            assertThat(responses.has(String.valueOf(reason.httpStatus())))
                    .as("%s answers %d", reason, reason.httpStatus())
                    .isTrue();
        }
        assertThat(responses.has("503")).isTrue();
    }

    private static void collect(String prefix, Resource resource, Set<String> out) {
        for (ResourceMethod method : resource.getResourceMethods()) {
            out.add(method.getHttpMethod() + " " + normalize(prefix));
        }
        for (Resource child : resource.getChildResources()) {
            collect(prefix + "/" + child.getPath(), child, out);
        }
    }

    private static String normalize(String path) {
        return ("/" + path).replaceAll("/+", "/");
    }
}
