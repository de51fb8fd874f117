package dev.breakaway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.identity.DeviceTokens;
import dev.breakaway.core.Races;
import dev.breakaway.core.TestData;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.ingest.IngestConfiguration;
import dev.breakaway.query.QueryConfiguration;
import io.dropwizard.core.Configuration;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the local platform writes is what each service reads, and passes its validation. */
class ServiceConfigurationsTest {

    /**
     * The service's own sections bound with the service's own mapper and checked by its own
     * validation ({@code logging:} is Dropwizard's, and binding it needs Logback's context).
     */
    private static <C extends Configuration> C read(Class<C> type, String yaml) throws Exception {
        ObjectMapper mapper = Jackson.newObjectMapper(new YAMLFactory());
        ObjectNode tree = (ObjectNode) mapper.readTree(yaml);
        assertThat(tree.remove("logging")).isNotNull();
        C config = mapper.treeToValue(tree, type);
        assertThat(Validators.newValidator().validate(config)).isEmpty();
        return config;
    }

    @Test
    void ingestApiReadsItsRacesDevicesAndTheEmulatorFromWhatThePlatformWrites() throws Exception {
        RaceDefinition race = Races.race("local", TestData.stagePoints(7), 1, List.of(), 2);
        String yaml =
                ServiceConfigurations.ingest(
                        "http://127.0.0.1:4567",
                        List.of(race),
                        Map.of("local", Map.of("r1", "secret-one", "r2", "secret-two")));

        IngestConfiguration config = read(IngestConfiguration.class, yaml);

        assertThat(config.getKinesis().getEndpoint()).isEqualTo("http://127.0.0.1:4567");
        assertThat(config.getKinesis().getStreamName()).isEqualTo(Streams.GPS_FIXES);
        assertThat(config.getRaces())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.getRaceId()).isEqualTo("local");
                            assertThat(r.getAcceptFixesFrom())
                                    .isEqualTo(race.startTime().minus(Duration.ofDays(1)));
                        });
        assertThat(config.getDevices())
                .extracting(IngestConfiguration.Device::getTokenSha256)
                .containsExactlyInAnyOrder(
                        DeviceTokens.hash("secret-one"), DeviceTokens.hash("secret-two"));
        assertThat(yaml).doesNotContain("secret-one");
    }

    @Test
    void queryApiReadsItsRedisFromWhatThePlatformWrites() throws Exception {
        QueryConfiguration config =
                read(QueryConfiguration.class, ServiceConfigurations.query("redis://127.0.0.1:7"));

        assertThat(config.getRedisUri()).isEqualTo("redis://127.0.0.1:7");
    }
}
