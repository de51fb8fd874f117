package dev.breakaway.admin.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.admin.AdminApplication;
import dev.breakaway.admin.AdminConfiguration;
import dev.breakaway.contracts.Streams;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.devstack.KinesisEmulator;
import dev.breakaway.devstack.OidcServer;
import dev.breakaway.devstack.PostgresServer;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.testing.DropwizardTestSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * admin-api on real local servers: its own database in the embedded PostgreSQL, the local OIDC
 * issuer, and the Kinesis emulator's {@code race-control} stream.
 */
final class AdminStack implements AutoCloseable {

    final PostgresServer postgres;
    final OidcServer oidc;
    final KinesisEmulator kinesis;
    final DropwizardTestSupport<AdminConfiguration> app;
    final String jdbcUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    AdminStack() {
        postgres = PostgresServer.start(0);
        oidc = OidcServer.start(0);
        kinesis =
                KinesisEmulator.start(
                        0, KinesisEmulator.streams(Streams.RACE_CONTROL, 1, Streams.GPS_FIXES, 1));
        try {
            jdbcUrl = postgres.database("admin");
            AdminConfiguration config = new AdminConfiguration();
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
            config.getDatabase().setDriverClass("org.postgresql.Driver");
            config.getDatabase().setUrl(jdbcUrl);
            config.getDatabase().setUser(PostgresServer.USER);
            config.getDatabase().setPassword("");
            config.getOidc().setIssuer(oidc.issuer());
            config.getOidc().setJwksUri(oidc.jwksUri());
            config.getOidc().setAudience(OidcServer.AUDIENCE);
            config.getRaceControl().setEndpoint(URI.create(kinesis.endpoint()));
            config.getRaceControl().setAccessKeyId("local");
            config.getRaceControl().setSecretAccessKey("local");
            config.getOnboarding().setIngestBaseUrl("https://ingest.example.org");
            config.getPage().setAuthorizationEndpoint(oidc.authorizationEndpoint().toString());
            config.getPage().setTokenEndpoint(oidc.tokenEndpoint().toString());
            app = new DropwizardTestSupport<>(AdminApplication.class, config);
            app.before();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("admin-api did not start", e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + app.getLocalPort();
    }

    String adminUrl() {
        return "http://127.0.0.1:" + app.getAdminPort();
    }

    String token(String group) {
        return oidc.token("user-" + group, List.of(group));
    }

    /** A response: status and body (JSON if it parses, else null) and the raw text. */
    record Reply(int status, JsonNode json, String text) {
        String reason() {
            return json == null || json.get("reason") == null ? null : json.get("reason").asText();
        }
    }

    Reply call(String method, String path, String bearer, String contentType, byte[] body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl() + path))
                        .timeout(Duration.ofSeconds(60))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = Json.mapper().readTree(response.body());
            } catch (IOException e) {
                json = null;
            }
            return new Reply(response.statusCode(), json, response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A request written to the socket as given: its head (request line and {@code headers}), then
     * {@code bodyPart}, as much of the body as is to be sent; and the final response read back. For
     * what a client library decides for itself: a body declared but never sent (a client waiting
     * for 100-continue), a chunked body cut off. Sends nothing more, so a server that refuses and
     * closes leaves nothing unread on the connection (no reset to lose its answer in).
     *
     * @param interim the interim (1xx) statuses the server sent before its response
     */
    Reply raw(
            String method,
            String path,
            List<String> headers,
            byte[] bodyPart,
            List<Integer> interim)
            throws IOException {
        URI uri = URI.create(baseUrl());
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            head.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort());
            head.append("\r\n");
            for (String h : headers) {
                head.append(h).append("\r\n");
            }
            head.append("\r\n");
            java.io.OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(bodyPart);
            out.flush();
            java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            while (true) {
                int status = Integer.parseInt(line(in).split(" ")[1]);
                java.util.Map<String, String> fields = new java.util.HashMap<>();
                for (String l = line(in); !l.isEmpty(); l = line(in)) {
                    int colon = l.indexOf(':');
                    fields.put(
                            l.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                            l.substring(colon + 1).trim());
                }
                if (status / 100 == 1) {
                    interim.add(status);
                    continue;
                }
                byte[] body;
                if (fields.containsKey("content-length")) {
                    body = in.readNBytes(Integer.parseInt(fields.get("content-length")));
                } else if ("chunked".equalsIgnoreCase(fields.get("transfer-encoding"))) {
                    java.io.ByteArrayOutputStream chunks = new java.io.ByteArrayOutputStream();
                    for (int n = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                            n > 0;
                            n = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                        chunks.write(in.readNBytes(n));
                        line(in);
                    }
                    body = chunks.toByteArray();
                } else {
                    body = in.readAllBytes();
                }
                String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
                JsonNode json;
                try {
                    json = Json.mapper().readTree(text);
                } catch (IOException e) {
                    json = null;
                }
                return new Reply(status, json, text);
            }
        }
    }

    /** One line of an HTTP head, without its CRLF. */
    private static String line(java.io.InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new java.io.EOFException("connection closed in the response's head: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    Reply get(String path, String bearer) {
        return call("GET", path, bearer, null, null);
    }

    Reply postJson(String path, String bearer, Object body) {
        return call(
                "POST", path, bearer, "application/json", body == null ? null : Json.toBytes(body));
    }

    Reply putJson(String path, String bearer, Object body) {
        return call("PUT", path, bearer, "application/json", Json.toBytes(body));
    }

    @Override
    public void close() {
        try {
            if (app != null) {
                app.after();
            }
        } finally {
            kinesis.close();
            oidc.close();
            postgres.close();
        }
    }
}
