package dev.breakaway.replay.demo;

import dev.breakaway.devstack.ServiceProcess;
import java.util.List;

/**
 * query-api run from its jar as its own process on 127.0.0.1, reading the given serving store, as a
 * deployment runs it. For the demo and the tests; {@link #close()} stops it.
 */
public final class QueryApiProcess implements AutoCloseable {

    private final ServiceProcess process;

    private QueryApiProcess(ServiceProcess process) {
        this.process = process;
    }

    /** Starts query-api on {@code port} (0: any free port) and waits until it is healthy. */
    public static QueryApiProcess start(String redisUri, int port) {
        return new QueryApiProcess(
                ServiceProcess.start(
                        "query-api",
                        port,
                        "logging:\n  level: WARN\nredisUri: " + redisUri + "\n",
                        List.of("-Xmx512m")));
    }

    public int port() {
        return process.port();
    }

    public String baseUrl() {
        return process.baseUrl();
    }

    @Override
    public void close() {
        process.close();
    }
}
