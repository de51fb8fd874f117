package dev.breakaway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakaway.contracts.Streams;
import dev.breakaway.devstack.LocalStack;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The configuration file the README points at is valid, and the token command works. */
class ConfigurationFileTest {

    @Test
    void theLocalConfigurationIsValid() throws Exception {
        IngestConfiguration config =
                new YamlConfigurationFactory<>(
                                IngestConfiguration.class,
                                Validators.newValidator(),
                                Jackson.newObjectMapper(),
                                "dw")
                        .build(
                                new SubstitutingSourceProvider(
                                        new FileConfigurationSourceProvider(),
                                        new EnvironmentVariableSubstitutor(false)),
                                LocalStack.root()
                                        .resolve("ingest-api/config/local.yml")
                                        .toString());

        assertThat(config.getKinesis().getStreamName()).isEqualTo(Streams.GPS_FIXES);
        assertThat(config.getKinesis().getEndpoint()).startsWith("http://127.0.0.1:");
        assertThat(config.getRaces())
                .singleElement()
                .satisfies(r -> assertThat(r.getRaceId()).isEqualTo("demo"));
        assertThat(config.getLimits().toLimits().maxBodyBytes()).isEqualTo(1024 * 1024);
        // the file's server section has no request-log format: the application gives the access
        // log the line without query strings (the OsmAnd protocol's credential is in its query)
        IngestConfiguration.maskRequestLog(config);
        var server = (io.dropwizard.core.server.DefaultServerFactory) config.getServerFactory();
        var requestLog =
                (io.dropwizard.request.logging.LogbackAccessRequestLogFactory)
                        server.getRequestLogFactory();
        assertThat(requestLog.getAppenders())
                .isNotEmpty()
                .allSatisfy(
                        a ->
                                assertThat(
                                                ((io.dropwizard.logging.common
                                                                                .AbstractAppenderFactory<
                                                                        ?>)
                                                                a)
                                                        .getLogFormat())
                                        .isEqualTo(IngestConfiguration.ACCESS_LOG_FORMAT)
                                        .doesNotContain("%r")
                                        .doesNotContain("%q"));
    }

    @Test
    void issueTokenPrintsATokenAndOnlyItsHashForTheConfiguration() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new IngestApplication().run("issue-token", "--race", "demo", "--rider", "r7");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        String token = out.lines().filter(l -> l.startsWith("token")).findFirst().orElseThrow();
        token = token.substring(token.lastIndexOf(' ') + 1);

        assertThat(out)
                .contains(
                        "tokenSha256: " + dev.breakaway.contracts.identity.DeviceTokens.hash(token))
                .contains("riderId: r7")
                .contains("raceId: demo");
    }
}
