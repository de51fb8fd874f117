package dev.breakaway.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Trino server (one node, coordinator and worker) on 127.0.0.1, installed by {@code
 * scripts/install-local-stack} and run on a JDK 22 or newer (Trino needs it; the rest of the
 * project stays on 17) as a child process. Its configuration is the repository's {@code
 * lakehouse/trino/etc}, with {@code ${name}} placeholders filled from the values given and these:
 * {@code port}, {@code dataDir}, {@code heap} (2G), {@code queryMemory} (1GB).
 */
public final class TrinoServer implements AutoCloseable {

    public static final String VERSION = "476";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");

    private final ChildProcess process;
    private final int port;
    private final Path dir;

    private TrinoServer(ChildProcess process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts a server on {@code port} (0: any free port) and waits until it scans {@code
     * probeTable}.
     *
     * @param values the catalogs' placeholders (e.g. {@code jdbcUrl}, {@code warehouse})
     * @param probeTable a table, {@code catalog.schema.table}, whose scan says the server is ready
     */
    public static TrinoServer start(int port, Map<String, String> values, String probeTable) {
        if (!probeTable.matches("[A-Za-z0-9_]+\\.[A-Za-z0-9_]+\\.[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("not catalog.schema.table: " + probeTable);
        }
        int chosen = port == 0 ? LocalStack.freePort() : port;
        Path home = LocalStack.resolve(Path.of("dev-stack/trino/trino-server-" + VERSION));
        if (!Files.isRegularFile(home.resolve(".breakaway-installed"))) {
            throw new IllegalStateException(
                    "Trino " + VERSION + " is not installed: run scripts/install-local-stack");
        }
        try {
            Path dir = Files.createTempDirectory("trino-");
            Map<String, String> all = new HashMap<>();
            all.put("heap", "2G");
            all.put("queryMemory", "1GB");
            all.putAll(values);
            all.put("port", String.valueOf(chosen));
            all.put("dataDir", dir.resolve("data").toString());
            Path etc = dir.resolve("etc");
            writeConfiguration(LocalStack.resolve(Path.of("lakehouse/trino/etc")), etc, all);
            Path java = javaHome();
            ProcessBuilder builder =
                    new ProcessBuilder(
                            home.resolve("bin/launcher").toString(),
                            "run",
                            "--etc-dir=" + etc,
                            "--data-dir=" + dir.resolve("data"));
            builder.environment().put("JAVA_HOME", java.toString());
            builder.environment()
                    .put(
                            "PATH",
                            java.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", ""));
            TrinoServer server = new TrinoServer(new ChildProcess("trino", builder), chosen, dir);
            try {
                server.process.awaitReady(
                        () -> server.started(probeTable), Duration.ofSeconds(120));
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Trino", e);
        }
    }

    /** The repository's configuration with every placeholder filled; an unknown one fails. */
    static void writeConfiguration(Path from, Path to, Map<String, String> values)
            throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Matcher m = PLACEHOLDER.matcher(Files.readString(file));
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException(
                            "no value for ${" + m.group(1) + "} in " + from.relativize(file));
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.writeString(target, out);
        }
    }

    /** {@code TRINO_JAVA_HOME}, else the newest Temurin JDK 22+ under /usr/lib/jvm. */
    static Path javaHome() throws IOException {
        String configured = System.getenv("TRINO_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                Path newest =
                        dirs.filter(
                                        d ->
                                                d.getFileName()
                                                        .toString()
                                                        .matches("temurin-(2[2-9]|[3-9]\\d)-.*"))
                                .filter(d -> Files.isExecutable(d.resolve("bin/java")))
                                .max(
                                        java.util.Comparator.comparing(
                                                d -> d.getFileName().toString()))
                                .orElse(null);
                if (newest != null) {
                    return newest;
                }
            }
        }
        throw new IllegalStateException(
                "Trino needs a JDK 22 or newer: none under /usr/lib/jvm; set TRINO_JAVA_HOME");
    }

    /**
     * Started, and a table of the catalog scanned. Neither "started" nor its node in {@code
     * system.runtime.nodes} is enough: the node is listed seconds before its node list says which
     * catalogs it serves, and a table scan until then fails with "No nodes available to run query"
     * (seen on a CI run; metadata and information_schema queries pass in that window).
     */
    private boolean started(String probeTable) {
        HttpResponse<String> info = ChildProcess.probe(uri() + "/v1/info");
        if (info == null
                || info.statusCode() != 200
                || !info.body().contains("\"starting\":false")) {
            return false;
        }
        return firstValue("SELECT count(*) FROM " + probeTable) != null;
    }

    private static final Pattern FIRST_VALUE =
            Pattern.compile("\"data\"\\s*:\\s*\\[\\[\\s*\"?([^,\\]\"]+)");

    private static final Pattern NEXT_URI = Pattern.compile("\"nextUri\"\\s*:\\s*\"([^\"]+)\"");

    /**
     * Runs a statement through Trino's HTTP protocol: the first value of its first row, or {@code
     * null} if it failed or returned nothing.
     */
    private String firstValue(String sql) {
        try {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            HttpResponse<String> page =
                    http.send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create(uri() + "/v1/statement"))
                                    .header("X-Trino-User", "breakaway")
                                    .timeout(Duration.ofSeconds(10))
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(sql))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            String value = null;
            for (int pages = 0; pages < 200; pages++) {
                if (page.statusCode() != 200 || page.body().contains("\"error\"")) {
                    return null;
                }
                Matcher data = FIRST_VALUE.matcher(page.body());
                if (value == null && data.find()) {
                    value = data.group(1).trim();
                }
                Matcher next = NEXT_URI.matcher(page.body());
                if (!next.find()) {
                    return value;
                }
                page =
                        http.send(
                                java.net.http.HttpRequest.newBuilder(
                                                java.net.URI.create(next.group(1)))
                                        .header("X-Trino-User", "breakaway")
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
            }
            return null;
        } catch (IOException notYet) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public int port() {
        return port;
    }

    /** The server's HTTP address, e.g. {@code http://127.0.0.1:18080}. */
    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    /** The JDBC URL of a catalog, e.g. {@code jdbc:trino://127.0.0.1:18080/breakaway}. */
    public String jdbcUrl(String catalog) {
        return "jdbc:trino://127.0.0.1:" + port + "/" + catalog;
    }

    /** The server's log so far (its last 2,000 characters). */
    public String logTail() {
        return process.tail();
    }

    @Override
    public void close() {
        process.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind
        }
    }
}
