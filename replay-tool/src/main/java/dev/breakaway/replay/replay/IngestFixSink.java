package dev.breakaway.replay.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.replay.FixSink;
import dev.breakaway.core.model.GpsFix;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fixes into ingest-api as the riders' phones send them: one {@code POST /v1/races/{raceId}/fixes}
 * per rider and batch with that rider's device token. What ingest did not write ({@code
 * notWritten}, 503) or refused for the rate ({@code 429}) is sent again after its {@code
 * Retry-After}; fixes ingest rejected are counted by reason, never resent.
 */
public final class IngestFixSink implements FixSink {

    static final int MAX_ATTEMPTS = 10;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final Map<String, String> tokens;
    private final Semaphore inFlight;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();

    /**
     * @param tokens device tokens by rider
     * @param concurrency requests in flight at once (one per rider at most)
     */
    public IngestFixSink(String baseUrl, Map<String, String> tokens, int concurrency) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.tokens = Map.copyOf(tokens);
        this.inFlight = new Semaphore(concurrency);
    }

    @Override
    public void send(List<GpsFix> fixes) throws Exception {
        Map<String, List<GpsFix>> byRider = new LinkedHashMap<>();
        for (GpsFix f : fixes) {
            byRider.computeIfAbsent(PartitionKeys.rider(f), k -> new ArrayList<>()).add(f);
        }
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (List<GpsFix> riderFixes : byRider.values()) {
            String token = tokens.get(riderFixes.get(0).riderId());
            if (token == null) {
                throw new IllegalArgumentException(
                        "no device token for rider " + riderFixes.get(0).riderId());
            }
            for (int from = 0; from < riderFixes.size(); from += 1000) {
                List<GpsFix> batch =
                        riderFixes.subList(from, Math.min(riderFixes.size(), from + 1000));
                inFlight.acquire();
                requests.add(
                        CompletableFuture.runAsync(
                                () -> {
                                    try {
                                        deliver(batch, token);
                                    } finally {
                                        inFlight.release();
                                    }
                                }));
            }
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get();
    }

    /** One rider's batch until written, rejected or given up; retries keep its order. */
    private void deliver(List<GpsFix> batch, String token) {
        List<GpsFix> pending = batch;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > MAX_ATTEMPTS) {
                failed.addAndGet(pending.size());
                return;
            }
            HttpResponse<String> response;
            try {
                response = post(pending, token);
            } catch (Exception e) {
                backOff(attempt, null);
                continue;
            }
            int status = response.statusCode();
            JsonNode body = parse(response.body());
            if (status == 200 || status == 422 || status == 503 && body.has("notWritten")) {
                accepted.addAndGet(body.path("accepted").size());
                for (JsonNode r : body.path("rejected")) {
                    count(r.path("reason").asText("UNKNOWN"));
                }
                List<GpsFix> again = new ArrayList<>();
                for (JsonNode n : body.path("notWritten")) {
                    again.add(pending.get(n.asInt()));
                }
                if (!again.isEmpty()) {
                    retried.addAndGet(again.size());
                    backOff(attempt, response);
                }
                pending = again;
            } else if (status == 429 || status == 503) {
                retried.addAndGet(pending.size());
                backOff(attempt, response);
            } else {
                count(body.path("reason").asText("HTTP_" + status));
                failed.addAndGet(pending.size());
                return;
            }
        }
    }

    private HttpResponse<String> post(List<GpsFix> fixes, String token) throws Exception {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode array = body.putArray("fixes");
        for (GpsFix f : fixes) {
            ObjectNode fix =
                    array.addObject()
                            .put("ts", f.timestamp().toString())
                            .put("lat", f.lat())
                            .put("lon", f.lon());
            if (f.elevationMeters() != null) {
                fix.put("ele", f.elevationMeters());
            }
            if (f.accuracyMeters() != null) {
                fix.put("accuracyMeters", f.accuracyMeters());
            }
        }
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        baseUrl + "/v1/races/" + fixes.get(0).raceId() + "/fixes"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body)))
                        .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode parse(String body) {
        try {
            return Json.fromString(body, JsonNode.class);
        } catch (IllegalArgumentException e) {
            return Json.mapper().createObjectNode();
        }
    }

    private void count(String reason) {
        rejected.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    /** Waits as ingest asked (Retry-After), else exponentially: a device's retry pace. */
    private static void backOff(int attempt, HttpResponse<String> response) {
        long millis = Math.min(5_000, 100L << Math.min(attempt, 6));
        if (response != null) {
            millis =
                    response.headers()
                            .firstValue("Retry-After")
                            .map(v -> Long.parseLong(v.trim()) * 1000)
                            .orElse(millis);
        }
        try {
            TimeUnit.MILLISECONDS.sleep(millis); // a device waiting before it retries
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public long accepted() {
        return accepted.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Rejected fixes and refused requests, by reason. */
    public Map<String, Long> rejected() {
        Map<String, Long> copy = new TreeMap<>();
        rejected.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    @Override
    public String summary() {
        return String.format(
                "%d fixes accepted by ingest-api, %d sent again, %d given up%s",
                accepted.get(),
                retried.get(),
                failed.get(),
                rejected.isEmpty() ? "" : ", rejected: " + rejected());
    }
}
