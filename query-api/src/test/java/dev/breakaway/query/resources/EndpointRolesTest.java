package dev.breakaway.query.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.identity.EndpointRoles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every endpoint of query-api declares its roles: live data open, history for analysts. */
class EndpointRolesTest {

    @Test
    void liveIsOpenAndHistoryNeedsAnAnalystOfficialOrAdmin() {
        List<EndpointRoles.Endpoint> endpoints =
                EndpointRoles.of(
                        RacesResource.class,
                        HistoryResource.class,
                        PageConfigResource.class,
                        OpenApiResource.class);

        assertThat(endpoints).allSatisfy(e -> assertThat(e.declared()).as(e.path()).isTrue());
        assertThat(endpoints)
                .filteredOn(e -> e.path().startsWith("/v1/history"))
                .hasSizeGreaterThanOrEqualTo(8)
                .allSatisfy(
                        e ->
                                assertThat(e.roles())
                                        .containsExactlyInAnyOrder("analyst", "official", "admin"));
        assertThat(endpoints)
                .filteredOn(e -> !e.path().startsWith("/v1/history"))
                .allSatisfy(e -> assertThat(e.open()).as(e.path()).isTrue());
    }
}
