package dev.breakaway.admin.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.breakaway.identity.EndpointRoles;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI description lists exactly the operations the resources implement, each with
 * the roles its resource method declares.
 */
class OpenApiContractTest {

    static final List<Class<?>> RESOURCES =
            List.of(
                    RacesResource.class,
                    PeopleResource.class,
                    DevicesResource.class,
                    AuditResource.class,
                    MeResource.class,
                    PageConfigResource.class,
                    OpenApiResource.class);

    /** {@code {name: a|b}} in a JAX-RS path: one concrete path per alternative. */
    private static final Pattern ALTERNATIVES = Pattern.compile("\\{\\w+\\s*:\\s*([a-z|-]+)}");

    @Test
    void everyOperationIsDescribedWithTheRolesItsResourceDeclares() throws Exception {
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(OpenApiResource.load());
        Map<String, Set<String>> implemented = new HashMap<>();
        for (EndpointRoles.Endpoint e : EndpointRoles.of(RESOURCES.toArray(Class<?>[]::new))) {
            assertThat(e.declared()).as(e.path()).isTrue();
            Set<String> roles =
                    e.anySignedIn() ? Set.of("any signed-in user") : new TreeSet<>(e.roles());
            Matcher m = ALTERNATIVES.matcher(e.path());
            if (m.find()) {
                for (String alternative : m.group(1).split("\\|")) {
                    implemented.put(e.httpMethod() + " " + m.replaceFirst(alternative), roles);
                }
            } else {
                implemented.put(e.httpMethod() + " " + e.path(), roles);
            }
        }
        Map<String, Set<String>> described = new HashMap<>();
        spec.get("paths")
                .properties()
                .forEach(
                        path ->
                                path.getValue()
                                        .properties()
                                        .forEach(
                                                op -> {
                                                    if (op.getKey().equals("parameters")) {
                                                        return;
                                                    }
                                                    Set<String> roles = new TreeSet<>();
                                                    op.getValue()
                                                            .path("x-roles")
                                                            .forEach(r -> roles.add(r.asText()));
                                                    described.put(
                                                            op.getKey().toUpperCase()
                                                                    + " "
                                                                    + path.getKey(),
                                                            roles);
                                                }));

        assertThat(described).isEqualTo(implemented);
        assertThat(described).hasSizeGreaterThan(20);
    }
}
