package dev.breakaway.ingest.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.identity.EndpointRoles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every endpoint of ingest-api declares who may call it (devices prove themselves in it). */
class EndpointRolesTest {

    @Test
    void everyEndpointDeclaresItsRoles() {
        List<EndpointRoles.Endpoint> endpoints =
                EndpointRoles.of(FixesResource.class, OsmAndResource.class, OpenApiResource.class);

        assertThat(endpoints).hasSize(5);
        assertThat(endpoints).allSatisfy(e -> assertThat(e.declared()).as(e.path()).isTrue());
        // no user role writes fixes: only a device credential does
        assertThat(endpoints).allSatisfy(e -> assertThat(e.roles()).isEmpty());
    }
}
