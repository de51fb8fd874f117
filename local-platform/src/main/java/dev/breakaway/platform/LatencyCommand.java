package dev.breakaway.platform;

import dev.breakaway.contracts.identity.DeviceTokens;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.io.CourseReader;
import dev.breakaway.core.model.GeoPoint;
import dev.breakaway.core.model.RaceDefinition;
import dev.breakaway.core.model.RaceFormat;
import dev.breakaway.core.model.RaceRider;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.core.tracking.TrackedRace;
import dev.breakaway.devstack.LocalStack;
import dev.breakaway.devstack.ServiceProcess;
import dev.breakaway.query.api.LiveFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Latency of the whole local live path: a fix accepted by ingest-api (HTTP 200) until a spectator's
 * WebSocket frame from query-api shows it (the rider's {@code lastFixTime} in the standings).
 * Everything real and local: Kinesis emulator, ingest-api and query-api from their jars, the
 * tracker on a MiniCluster, Redis.
 */
@Command(
        name = "latency",
        mixinStandardHelpOptions = true,
        description =
                "Measure fix-accepted-by-ingest to WebSocket-frame latency through the local stack.")
public final class LatencyCommand implements Callable<Integer> {

    @Option(
            names = "--riders",
            defaultValue = "40",
            description = "Riders, each sending one fix a second (default: ${DEFAULT-VALUE}).")
    int riders;

    @Option(
            names = "--seconds",
            defaultValue = "60",
            description = "Seconds of measurement (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--course",
            defaultValue = "data/tdf-2024/trace_2024_7.geojson",
            description = "Course file (default: ${DEFAULT-VALUE}).")
    Path course;

    @Override
    public Integer call() throws Exception {
        Path coursePath = LocalStack.resolve(course);
        List<GeoPoint> points = CourseReader.read(coursePath);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<RaceRider> startList = new ArrayList<>();
        for (int i = 1; i <= riders; i++) {
            startList.add(new RaceRider("r" + i, String.valueOf(i), "Rider " + i, null));
        }
        RaceDefinition race =
                new RaceDefinition(
                        "latency",
                        "Latency",
                        RaceFormat.MASS_START,
                        1,
                        start,
                        List.of(),
                        startList,
                        points,
                        1);
        TrackedRace tracked = new TrackedRace(race);
        List<String> tokens = new ArrayList<>();
        Map<String, String> tokenOf = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= riders; i++) {
            String token = DeviceTokens.newToken();
            tokens.add(token);
            tokenOf.put("r" + i, token);
        }
        Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        try (LiveStack stack =
                LiveStack.start(
                        LiveStack.Options.defaults()
                                .withIngest(List.of(race), Map.of("latency", tokenOf)))) {
            stack.publish(race);
            ServiceProcess query = stack.query();
            ServiceProcess ingest = stack.ingest();
            HttpClient http = HttpClient.newHttpClient();
            stack.awaitRace("latency", Duration.ofMinutes(1));
            WebSocket socket =
                    http.newWebSocketBuilder()
                            .buildAsync(
                                    URI.create(
                                            query.baseUrl().replace("http", "ws")
                                                    + "/v1/races/latency/live"),
                                    new Frames(acceptedAt, latencies))
                            .get(30, TimeUnit.SECONDS);
            long warmupSeconds = 10;
            for (int s = 0; s < warmupSeconds + seconds; s++) {
                if (s == warmupSeconds) {
                    latencies.clear();
                }
                long second = System.nanoTime();
                Instant now = Instant.now();
                double raceSeconds = Duration.between(start, now).toNanos() / 1e9;
                List<java.util.concurrent.CompletableFuture<Void>> sent = new ArrayList<>();
                for (int i = 1; i <= riders; i++) {
                    double meters = raceSeconds * (10 + 0.02 * i);
                    GeoPoint p = tracked.course().pointAt(Math.min(meters, tracked.totalMeters()));
                    String body =
                            String.format(
                                    Locale.ROOT,
                                    "{\"fixes\":[{\"ts\":\"%s\",\"lat\":%.7f,\"lon\":%.7f,\"accuracyMeters\":4}]}",
                                    now,
                                    p.lat(),
                                    p.lon());
                    String key = "r" + i + "@" + now;
                    sent.add(
                            http.sendAsync(
                                            HttpRequest.newBuilder(
                                                            URI.create(
                                                                    ingest.baseUrl()
                                                                            + "/v1/races/latency/fixes"))
                                                    .header(
                                                            "Authorization",
                                                            "Bearer " + tokens.get(i - 1))
                                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .thenAccept(
                                            r -> {
                                                if (r.statusCode() == 200) {
                                                    acceptedAt.put(key, System.nanoTime());
                                                }
                                            }));
                }
                java.util.concurrent.CompletableFuture.allOf(
                                sent.toArray(java.util.concurrent.CompletableFuture[]::new))
                        .get(30, TimeUnit.SECONDS);
                long wait = second + TimeUnit.SECONDS.toNanos(1) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // the riders' own pace: 1 Hz
                }
            }
            TimeUnit.SECONDS.sleep(5); // the last fixes' frames
            socket.abort();
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "%d riders x 1 fix/s for %d s: %d fixes seen in WebSocket frames;"
                        + " accepted-to-frame latency p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                riders,
                seconds,
                sorted.length,
                at(sorted, 0.50) / 1e6,
                at(sorted, 0.99) / 1e6,
                sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6);
        return 0;
    }

    private static double at(long[] sorted, double p) {
        return sorted.length == 0
                ? Double.NaN
                : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    /** Matches each rider's lastFixTime in a frame to when ingest accepted that fix. */
    private static final class Frames implements WebSocket.Listener {
        private final Map<String, Long> acceptedAt;
        private final List<Long> latencies;
        private final StringBuilder partial = new StringBuilder();

        Frames(Map<String, Long> acceptedAt, List<Long> latencies) {
            this.acceptedAt = acceptedAt;
            this.latencies = latencies;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                LiveFrame frame = Json.fromString(partial.toString(), LiveFrame.class);
                for (StandingsEntry rider : frame.riders()) {
                    String key = rider.riderId() + "@" + rider.lastFixTime();
                    Long at = acceptedAt.remove(key);
                    if (at != null) {
                        latencies.add(now - at);
                    }
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
