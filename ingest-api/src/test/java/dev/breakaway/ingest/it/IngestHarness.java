package dev.breakaway.ingest.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.identity.DeviceTokens;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.GpsFix;
import dev.breakaway.devstack.KinesisEmulator;
import dev.breakaway.devstack.KinesisStreams;
import dev.breakaway.ingest.IngestApplication;
import dev.breakaway.ingest.IngestConfiguration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.util.Duration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * ingest-api running for real on loopback (ports chosen by the OS) in front of the real Kinesis
 * emulator, with one device token per rider of the race {@link #RACE}.
 */
final class IngestHarness implements AutoCloseable {

    static final String RACE = "tdf-2024-07";
    static final String STREAM = Streams.GPS_FIXES;

    final KinesisEmulator emulator;
    final Map<String, String> tokens = new LinkedHashMap<>();
    final DropwizardTestSupport<IngestConfiguration> app;
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * @param riders riders of {@link #RACE} to make tokens for
     * @param tune changes to the configuration before the app starts
     */
    IngestHarness(List<String> riders, Consumer<IngestConfiguration> tune) {
        emulator = KinesisEmulator.start(0, KinesisEmulator.streams(STREAM, 2));
        try {
            IngestConfiguration config = new IngestConfiguration();
            DefaultServerFactory server = new DefaultServerFactory();
            HttpConnectorFactory application = new HttpConnectorFactory();
            application.setBindHost("127.0.0.1");
            application.setPort(0);
            HttpConnectorFactory admin = new HttpConnectorFactory();
            admin.setBindHost("127.0.0.1");
            admin.setPort(0);
            server.setApplicationConnectors(List.of(application));
            server.setAdminConnectors(List.of(admin));
            server.setRequestLogFactory(null);
            config.setServerFactory(server);
            ((DefaultLoggingFactory) config.getLoggingFactory()).setLevel("WARN");
            config.getKinesis().setEndpoint(emulator.endpoint());
            config.getKinesis().setAccessKeyId("local");
            config.getKinesis().setSecretAccessKey("local");
            config.getKinesis().setStreamName(STREAM);
            config.getKinesis()
                    .setMaxRecordsPerCall(dev.breakaway.contracts.kinesis.KinesisRecords.BATCH);
            config.getKinesis().setAckTimeout(Duration.seconds(10));
            IngestConfiguration.Race race = new IngestConfiguration.Race();
            race.setRaceId(RACE);
            race.setAcceptFixesFrom(Instant.now().minusSeconds(6 * 3600));
            race.setAcceptFixesUntil(Instant.now().plusSeconds(6 * 3600));
            List<IngestConfiguration.Race> races = new ArrayList<>(List.of(race));
            config.setRaces(races);
            List<IngestConfiguration.Device> devices = new ArrayList<>();
            for (String rider : riders) {
                String token = DeviceTokens.newToken();
                tokens.put(rider, token);
                devices.add(device(token, RACE, rider, false));
            }
            config.setDevices(devices);
            tune.accept(config);
            app = new DropwizardTestSupport<>(IngestApplication.class, config);
            app.before();
        } catch (Exception e) {
            emulator.close();
            throw new IllegalStateException("ingest-api did not start", e);
        }
    }

    static IngestConfiguration.Device device(
            String token, String raceId, String riderId, boolean revoked) {
        IngestConfiguration.Device device = new IngestConfiguration.Device();
        device.setTokenSha256(DeviceTokens.hash(token));
        device.setRaceId(raceId);
        device.setRiderId(riderId);
        device.setRevoked(revoked);
        return device;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + app.getLocalPort();
    }

    String adminUrl() {
        return "http://127.0.0.1:" + app.getAdminPort();
    }

    /** A response: status, Retry-After (or null), and the JSON body (or null). */
    record Reply(int status, String retryAfter, JsonNode body) {
        String reason() {
            return body == null || body.get("reason") == null ? null : body.get("reason").asText();
        }
    }

    Reply post(String authorization, String raceId, byte[] body, boolean gzip) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/races/" + raceId + "/fixes"))
                        .header("Content-Type", "application/json")
                        .timeout(java.time.Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? gzip(body) : body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return send(request.build());
    }

    Reply postFixes(String rider, List<GpsFix> fixes) {
        return post("Bearer " + tokens.get(rider), RACE, batch(fixes), false);
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response =
                    http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = null;
            if (response.body().length > 0) {
                try {
                    json = Json.mapper().readTree(response.body());
                } catch (IOException notJson) {
                    json = null;
                }
            }
            return new Reply(
                    response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null),
                    json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET on the application ({@code admin=false}) or admin port. */
    Reply get(boolean admin, String path) {
        return send(
                HttpRequest.newBuilder(URI.create((admin ? adminUrl() : baseUrl()) + path))
                        .timeout(java.time.Duration.ofSeconds(30))
                        .GET()
                        .build());
    }

    /** A device batch of these fixes, as a phone sends them (no rider or race in the body). */
    static byte[] batch(List<GpsFix> fixes) {
        StringBuilder json = new StringBuilder("{\"fixes\": [");
        for (int i = 0; i < fixes.size(); i++) {
            GpsFix f = fixes.get(i);
            json.append(i == 0 ? "" : ",")
                    .append("{\"ts\":\"")
                    .append(f.timestamp())
                    .append("\",\"lat\":")
                    .append(f.lat())
                    .append(",\"lon\":")
                    .append(f.lon());
            if (f.elevationMeters() != null) {
                json.append(",\"ele\":").append(f.elevationMeters());
            }
            if (f.accuracyMeters() != null) {
                json.append(",\"accuracyMeters\":").append(f.accuracyMeters());
            }
            json.append('}');
        }
        return json.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every fix on the stream, per shard in stream order. */
    List<GpsFix> fixesOnStream() {
        try (KinesisClient client = emulator.client()) {
            return KinesisStreams.texts(KinesisStreams.readAll(client, STREAM)).stream()
                    .map(text -> Json.fromBytes(text.getBytes(), GpsFix.class))
                    .toList();
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        try {
            app.after();
        } finally {
            emulator.close();
        }
    }
}
