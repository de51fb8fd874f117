package dev.breakaway.platform;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.breakaway.admin.AdminConfiguration;
import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.identity.DeviceTokens;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.devstack.OidcServer;
import dev.breakaway.devstack.PostgresServer;
import dev.breakaway.identity.dropwizard.OidcFactory;
import dev.breakaway.ingest.IngestConfiguration;
import dev.breakaway.ingest.db.DeviceStoreFactory;
import dev.breakaway.ingest.kinesis.KinesisFactory;
import dev.breakaway.query.QueryConfiguration;
import dev.breakaway.query.history.HistoryConfiguration;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local services' configuration, made with each service's own configuration classes and written
 * as the YAML its jar reads: a setting renamed in a service fails to compile here instead of being
 * silently ignored. Only the service's own sections are written; {@code server:} (ports, loopback)
 * is {@code ServiceProcess}'s.
 */
final class ServiceConfigurations {

    private ServiceConfigurations() {}

    /**
     * Dropwizard's own sections are left to their defaults (and {@code server:} to the launcher).
     */
    @JsonIgnoreProperties({"server", "logging", "metrics", "admin", "health"})
    private abstract static class OwnSectionsOnly {}

    private static final ObjectMapper YAML =
            new ObjectMapper(
                            new YAMLFactory()
                                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
                    .registerModule(new JavaTimeModule())
                    .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .addMixIn(Configuration.class, OwnSectionsOnly.class);

    private static String write(Configuration configuration) {
        ObjectNode tree = YAML.valueToTree(configuration);
        tree.putObject("logging").put("level", "WARN");
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + configuration.getClass(), e);
        }
    }

    /**
     * ingest-api on the local emulator: the races it takes fixes for (from a day before each start
     * to a day after) and the hashes of the devices' tokens (per race, by rider).
     */
    static String ingest(
            String kinesisEndpoint,
            List<RaceDefinition> races,
            Map<String, Map<String, String>> devices) {
        IngestConfiguration config = new IngestConfiguration();
        KinesisFactory kinesis = config.getKinesis();
        kinesis.setStreamName(Streams.GPS_FIXES);
        kinesis.setEndpoint(kinesisEndpoint);
        kinesis.setAccessKeyId("local");
        kinesis.setSecretAccessKey("local");
        kinesis.setMaxRecordsPerCall(100); // the emulator's sweet spot
        List<IngestConfiguration.Race> windows = new ArrayList<>();
        for (RaceDefinition race : races) {
            IngestConfiguration.Race window = new IngestConfiguration.Race();
            window.setRaceId(race.raceId());
            window.setAcceptFixesFrom(race.startTime().minus(Duration.ofDays(1)));
            window.setAcceptFixesUntil(race.startTime().plus(Duration.ofDays(1)));
            windows.add(window);
        }
        config.setRaces(windows);
        List<IngestConfiguration.Device> grants = new ArrayList<>();
        devices.forEach(
                (raceId, tokens) ->
                        tokens.forEach(
                                (riderId, token) -> {
                                    IngestConfiguration.Device device =
                                            new IngestConfiguration.Device();
                                    device.setTokenSha256(DeviceTokens.hash(token));
                                    device.setRaceId(raceId);
                                    device.setRiderId(riderId);
                                    grants.add(device);
                                }));
        config.setDevices(grants);
        return write(config);
    }

    /**
     * ingest-api on the local emulator, taking device grants and race windows from the admin
     * database (what admin-api writes), each answer kept {@code cacheFor}.
     */
    static String ingestOnAdminDatabase(
            String kinesisEndpoint, String adminJdbcUrl, Duration cacheFor) {
        IngestConfiguration config = new IngestConfiguration();
        KinesisFactory kinesis = config.getKinesis();
        kinesis.setStreamName(Streams.GPS_FIXES);
        kinesis.setEndpoint(kinesisEndpoint);
        kinesis.setAccessKeyId("local");
        kinesis.setSecretAccessKey("local");
        kinesis.setMaxRecordsPerCall(100);
        // a phone sends at most one request a second; replays and tests send faster
        config.getLimits().setRequestsPerSecond(50);
        config.getLimits().setRequestBurst(200);
        DeviceStoreFactory store = new DeviceStoreFactory();
        store.setDatabase(database(adminJdbcUrl));
        store.setCacheFor(io.dropwizard.util.Duration.milliseconds(cacheFor.toMillis()));
        config.setDeviceStore(store);
        return write(config);
    }

    /** admin-api on the local database, issuer and emulator; devices are sent to ingest. */
    static String admin(
            String jdbcUrl, OidcServer oidc, String kinesisEndpoint, String ingestBaseUrl) {
        AdminConfiguration config = new AdminConfiguration();
        config.setDatabase(database(jdbcUrl));
        config.setOidc(oidc(oidc));
        config.getRaceControl().setEndpoint(URI.create(kinesisEndpoint));
        config.getRaceControl().setAccessKeyId("local");
        config.getRaceControl().setSecretAccessKey("local");
        config.getOnboarding().setIngestBaseUrl(ingestBaseUrl);
        config.getPage().setAuthorizationEndpoint(oidc.authorizationEndpoint().toString());
        config.getPage().setTokenEndpoint(oidc.tokenEndpoint().toString());
        config.getPage().setClientId(OidcServer.AUDIENCE);
        return write(config);
    }

    private static DataSourceFactory database(String jdbcUrl) {
        DataSourceFactory database = new DataSourceFactory();
        database.setDriverClass("org.postgresql.Driver");
        database.setUrl(jdbcUrl);
        database.setUser(PostgresServer.USER);
        database.setPassword("");
        return database;
    }

    private static OidcFactory oidc(OidcServer oidc) {
        OidcFactory factory = new OidcFactory();
        factory.setIssuer(oidc.issuer());
        factory.setJwksUri(oidc.jwksUri());
        factory.setAudience(OidcServer.AUDIENCE);
        return factory;
    }

    /** query-api on the local Redis. */
    static String query(String redisUri) {
        return query(redisUri, null, null);
    }

    /**
     * query-api on the local Redis and, if given, the race history through Trino, for the analysts
     * the issuer signs in.
     */
    static String query(String redisUri, String historyJdbcUrl, OidcServer oidc) {
        QueryConfiguration config = new QueryConfiguration();
        config.setRedisUri(redisUri);
        if (historyJdbcUrl != null) {
            HistoryConfiguration history = new HistoryConfiguration();
            history.setJdbcUrl(historyJdbcUrl);
            config.setHistory(history);
        }
        if (oidc != null) {
            config.setOidc(oidc(oidc));
        }
        return write(config);
    }
}
