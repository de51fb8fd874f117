package dev.breakaway.benchmarks;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.contracts.serving.ScriptCall;
import dev.breakaway.contracts.serving.ServingStore;
import dev.breakaway.contracts.serving.ServingWrites;
import dev.breakaway.core.model.Checkpoint;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.devstack.RedisServer;
import dev.breakaway.devstack.ServiceProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Spectators on one query-api instance: N WebSocket clients on one race whose standings change once
 * a second; the push delay is the time from the standings write to Redis returning to each client's
 * receipt of the frame. Then the latency of {@code GET .../standings} under a concurrent load while
 * those clients stay connected.
 *
 * <pre>
 * mvn -B -q package -pl benchmarks -am -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.breakaway.benchmarks.SpectatorFanout 1000 5000 10000
 * </pre>
 */
public final class SpectatorFanout {

    private static final String RACE = "bench-live";
    private static final int RIDERS = 20;
    private static final int SECONDS = 30;
    private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

    private SpectatorFanout() {}

    /** query-api's JVM options: -Xmx2g, plus QUERY_JAVA_OPTS (e.g. -Xlog:gc). */
    private static List<String> queryJvm() {
        List<String> options = new ArrayList<>(List.of("-Xmx2g"));
        String extra = System.getenv("QUERY_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            options.addAll(List.of(extra.trim().split("\\s+")));
        }
        return options;
    }

    public static void main(String[] args) throws Exception {
        int[] levels =
                args.length == 0
                        ? new int[] {1_000, 5_000, 10_000}
                        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        try (RedisServer redis = RedisServer.start(0);
                ServiceProcess api =
                        ServiceProcess.start(
                                "query-api",
                                0,
                                "logging:\n  level: WARN\nredisUri: " + redis.uri() + "\n",
                                queryJvm())) {
            RedisClient client = RedisClient.create(redis.uri());
            RedisCommands<String, String> sync = client.connect().sync();
            write(sync, ServingStore.DEFINITION, 1, Json.toBytes(definition()));
            write(sync, standings(Instant.now()));
            for (int level : levels) {
                run(api, sync, level);
            }
            client.shutdown();
        }
    }

    private static void run(ServiceProcess api, RedisCommands<String, String> sync, int clients)
            throws Exception {
        Map<Long, Long> writtenAt = new ConcurrentHashMap<>();
        // primitive and preallocated: boxing 300,000 delays would make the measuring JVM collect
        // garbage while it measures (only the selector thread writes it)
        long[] delaysNanos = new long[clients * (SECONDS + 5)];
        AtomicInteger delayCount = new AtomicInteger();
        AtomicLong frames = new AtomicLong();
        AtomicInteger open = new AtomicInteger();
        RawSpectators spectators =
                new RawSpectators(
                        version -> {
                            Long at = writtenAt.get(version);
                            if (at != null) {
                                int n = delayCount.getAndIncrement();
                                if (n < delaysNanos.length) {
                                    delaysNanos[n] = System.nanoTime() - at;
                                }
                                frames.incrementAndGet();
                            }
                        });
        for (int connected = 0; connected < clients; connected += 500) {
            int batch = Math.min(500, clients - connected);
            spectators.connect(api.port(), "/v1/races/" + RACE + "/live", batch);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (spectators.open() < connected + batch && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling the handshakes of this batch
            }
        }
        open.set(spectators.open());
        // one standings change a second, as the tracker writes them
        Instant t = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long apiCpu0 = ProcessCpu.of(api.pid());
        long ownCpu0 = ProcessCpu.own();
        long wall0 = System.nanoTime();
        for (int s = 0; s < SECONDS; s++) {
            RaceUpdate update = standings(t.plusSeconds(s + 1L));
            long before = System.nanoTime();
            writtenAt.put(update.version(), before);
            write(sync, update);
            Thread.sleep(1_000); // the benchmark's own pace: one race second per second
        }
        Thread.sleep(2_000); // let the last frames arrive
        double wall = (System.nanoTime() - wall0) / 1e9;
        double apiCores = (ProcessCpu.of(api.pid()) - apiCpu0) / 1e9 / wall;
        double ownCores = (ProcessCpu.own() - ownCpu0) / 1e9 / wall;
        long[] sorted =
                java.util.Arrays.copyOf(
                        delaysNanos, Math.min(delayCount.get(), delaysNanos.length));
        java.util.Arrays.sort(sorted);
        System.out.printf(
                "%,d clients (%,d open): %,d frames in %d s (%.2f per client per second);"
                        + " push delay p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                        + " CPU: query-api %.2f cores, the clients %.2f cores%n",
                clients,
                open.get(),
                frames.get(),
                SECONDS,
                frames.get() / (double) clients / SECONDS,
                percentile(sorted, 0.50) / 1e6,
                percentile(sorted, 0.99) / 1e6,
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6,
                apiCores,
                ownCores);
        getLatency(api, clients);
        spectators.close();
    }

    /** GET standings from 32 concurrent loops for 10 s, plain and conditional. */
    private static void getLatency(ServiceProcess api, int clients) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(api.baseUrl() + "/v1/races/" + RACE + "/standings");
        for (boolean conditional : new boolean[] {false, true}) {
            String etag =
                    http.send(
                                    HttpRequest.newBuilder(uri).build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .headers()
                            .firstValue("ETag")
                            .orElse("\"none\"");
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<Thread> loops = new ArrayList<>();
            for (int l = 0; l < 32; l++) {
                Thread loop =
                        new Thread(
                                () -> {
                                    while (System.nanoTime() < end) {
                                        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
                                        if (conditional) {
                                            request.header("If-None-Match", etag);
                                        }
                                        long start = System.nanoTime();
                                        try {
                                            http.send(
                                                    request.build(),
                                                    HttpResponse.BodyHandlers.ofByteArray());
                                        } catch (Exception e) {
                                            return;
                                        }
                                        latencies.add(System.nanoTime() - start);
                                    }
                                });
                loop.start();
                loops.add(loop);
            }
            for (Thread loop : loops) {
                loop.join();
            }
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(
                    "  GET standings%s beside %,d WebSocket clients, 32 loops: %,d requests in 10 s"
                            + " (%,.0f/s), p50 %.2f ms, p99 %.2f ms%n",
                    conditional ? " (If-None-Match, 304)" : "",
                    clients,
                    sorted.length,
                    sorted.length / 10.0,
                    percentile(sorted, 0.50) / 1e6,
                    percentile(sorted, 0.99) / 1e6);
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    private static RaceDefinition definition() {
        List<GeoPoint> course = new ArrayList<>();
        for (int i = 0; i <= 200; i++) {
            course.add(new GeoPoint(4.90 + i * 0.001, 47.10 + i * 0.0005, 250.0));
        }
        List<RaceRider> riders = new ArrayList<>();
        for (int i = 1; i <= RIDERS; i++) {
            riders.add(new RaceRider("r" + i, String.valueOf(i), "Rider " + i, null));
        }
        return new RaceDefinition(
                RACE,
                "Benchmark race",
                RaceFormat.MASS_START,
                1,
                Instant.now(),
                List.of(new Checkpoint("km5", "km 5", 5_000)),
                riders,
                course,
                1);
    }

    private static RaceUpdate standings(Instant asOf) {
        List<StandingsEntry> entries = new ArrayList<>();
        for (int i = 0; i < RIDERS; i++) {
            entries.add(
                    new StandingsEntry(
                            i + 1,
                            "r" + (i + 1),
                            String.valueOf(i + 1),
                            "Rider " + (i + 1),
                            RiderStatus.RACING,
                            1,
                            10_000 - 15.0 * i,
                            8_000 + 15.0 * i,
                            1.4 * i,
                            11.3,
                            null,
                            null,
                            asOf,
                            47.15,
                            4.97));
        }
        return RaceUpdate.of(new Standings(RACE, asOf, 18_000, entries));
    }

    private static void write(RedisCommands<String, String> sync, RaceUpdate update) {
        write(sync, update.type(), update.version(), Json.toBytes(update));
    }

    private static void write(
            RedisCommands<String, String> sync, String type, long version, byte[] json) {
        ScriptCall call = ServingWrites.of(RACE, type, version, json);
        sync.eval(
                call.script(),
                ScriptOutputType.INTEGER,
                call.keys().toArray(String[]::new),
                call.args().toArray(String[]::new));
        sync.zadd(ServingStore.RACES, (double) System.currentTimeMillis(), RACE);
    }
}
