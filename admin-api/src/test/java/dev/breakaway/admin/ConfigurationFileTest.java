package dev.breakaway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.contracts.Streams;
import dev.breakaway.devstack.LocalStack;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import org.junit.jupiter.api.Test;

/** The configuration file the README points at is valid. */
class ConfigurationFileTest {

    @Test
    void theLocalConfigurationIsValid() throws Exception {
        AdminConfiguration config =
                new YamlConfigurationFactory<>(
                                AdminConfiguration.class,
                                Validators.newValidator(),
                                Jackson.newObjectMapper(),
                                "dw")
                        .build(
                                new SubstitutingSourceProvider(
                                        new FileConfigurationSourceProvider(),
                                        new EnvironmentVariableSubstitutor(false)),
                                LocalStack.root().resolve("admin-api/config/local.yml").toString());

        assertThat(config.getDatabase().getUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
        assertThat(config.getOidc().toSettings().rolesClaim()).isEqualTo("cognito:groups");
        assertThat(config.getRaceControl().getStreamName()).isEqualTo(Streams.RACE_CONTROL);
        assertThat(config.getPage().getTokenEndpoint()).endsWith("/breakaway/token");
    }
}
