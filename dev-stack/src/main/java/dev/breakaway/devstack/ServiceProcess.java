package dev.breakaway.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One of the platform's own Dropwizard services (ingest-api, query-api) run from its runnable jar
 * as its own process on 127.0.0.1, as a deployment runs it: for the demo, the tests that need it
 * beside Flink, and the benchmarks. Waits until its health checks pass; {@link #close()} stops it.
 */
public final class ServiceProcess implements AutoCloseable {

    private final ChildProcess process;
    private final int port;
    private final int adminPort;

    private ServiceProcess(ChildProcess process, int port, int adminPort) {
        this.process = process;
        this.port = port;
        this.adminPort = adminPort;
    }

    /**
     * Starts {@code <module>/target/<module>.jar server <config>} with the given configuration body
     * (everything but {@code server:}, which is written here: loopback, the given port or a free
     * one, a free admin port, no request log).
     */
    public static ServiceProcess start(
            String module, int port, String configuration, List<String> jvmArgs) {
        Path jar = LocalStack.root().resolve(module + "/target/" + module + ".jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: mvn package -pl " + module + " -am");
        }
        int chosen = port == 0 ? LocalStack.freePort() : port;
        int admin = LocalStack.freePort();
        try {
            Path config = Files.createTempFile(module + "-", ".yml");
            Files.writeString(
                    config,
                    "server:\n"
                            + "  requestLog:\n    appenders: []\n"
                            + "  applicationConnectors:\n"
                            + "    - type: http\n      bindHost: 127.0.0.1\n      port: "
                            + chosen
                            + "\n  adminConnectors:\n"
                            + "    - type: http\n      bindHost: 127.0.0.1\n      port: "
                            + admin
                            + "\n"
                            + configuration);
            List<String> command = new ArrayList<>(List.of("java"));
            command.addAll(jvmArgs);
            command.addAll(List.of("-jar", jar.toString(), "server", config.toString()));
            ServiceProcess service =
                    new ServiceProcess(
                            new ChildProcess(module, new ProcessBuilder(command)), chosen, admin);
            try {
                service.process.awaitReady(service::healthy, Duration.ofSeconds(90));
            } catch (RuntimeException e) {
                service.close();
                throw e;
            }
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + module, e);
        }
    }

    private boolean healthy() {
        HttpResponse<String> health = ChildProcess.probe(adminUrl() + "/healthcheck");
        return health != null && health.statusCode() == 200;
    }

    public long pid() {
        return process.process().pid();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String adminUrl() {
        return "http://127.0.0.1:" + adminPort;
    }

    @Override
    public void close() {
        process.close();
    }
}
