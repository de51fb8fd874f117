package dev.breakaway.platform;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.identity.DeviceTokens;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.ingest.IngestConfiguration;
import dev.breakaway.ingest.kinesis.KinesisFactory;
import dev.breakaway.query.QueryConfiguration;
import dev.breakaway.query.history.HistoryConfiguration;
import io.dropwizard.core.Configuration;
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

    /** query-api on the local Redis. */
    static String query(String redisUri) {
        return query(redisUri, null);
    }

    /** query-api on the local Redis and, if given, the race history through Trino. */
    static String query(String redisUri, String historyJdbcUrl) {
        QueryConfiguration config = new QueryConfiguration();
        config.setRedisUri(redisUri);
        if (historyJdbcUrl != null) {
            HistoryConfiguration history = new HistoryConfiguration();
            history.setJdbcUrl(historyJdbcUrl);
            config.setHistory(history);
        }
        return write(config);
    }
}
