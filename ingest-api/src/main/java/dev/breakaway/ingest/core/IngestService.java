package dev.breakaway.ingest.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.contracts.PartitionKeys;
import dev.breakaway.contracts.identity.DeviceTokens;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.core.model.GpsFix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The device API's logic, the same for HTTP requests and WebSocket messages: who is sending
 * (token), for which race, how often, what (body, fixes), and what the stream confirmed.
 *
 * <p>A fix is reported accepted only once the stream has confirmed it; whatever it did not confirm
 * within {@code ackTimeout} is reported not written, for the device to send again.
 */
public final class IngestService {

    /** The listener of what happened to each request; metrics in production. */
    public interface Listener {
        void refused(RejectReason reason);

        void fixRejected(RejectReason reason);

        void fixesAccepted(int count, int late);

        void fixesNotWritten(int count);

        Listener NONE =
                new Listener() {
                    @Override
                    public void refused(RejectReason reason) {}

                    @Override
                    public void fixRejected(RejectReason reason) {}

                    @Override
                    public void fixesAccepted(int count, int late) {}

                    @Override
                    public void fixesNotWritten(int count) {}
                };
    }

    /** Who may write: the outcome of {@link #authorize}. */
    public sealed interface Authorization {}

    public record Authorized(DeviceGrant grant, RaceWindow window) implements Authorization {}

    public record Refused(IngestRefusal refusal) implements Authorization {}

    /**
     * A body, read and parsed: either the fixes array or a refusal.
     *
     * @param root the whole JSON document, if it was JSON
     */
    public record ParsedBody(JsonNode root, JsonNode fixes, IngestRefusal refusal) {}

    /** How long a device waits when the grants cannot be read. */
    static final int GRANTS_RETRY_SECONDS = 5;

    private final DeviceDirectory devices;
    private final RateLimiter rateLimiter;
    private final FixValidator validator;
    private final IngestLimits limits;
    private final FixPublisher publisher;
    private final Duration ackTimeout;
    private final Clock clock;
    private final Listener listener;

    public IngestService(
            DeviceDirectory devices,
            RateLimiter rateLimiter,
            IngestLimits limits,
            FixPublisher publisher,
            Duration ackTimeout,
            Clock clock,
            Listener listener) {
        this.devices = Objects.requireNonNull(devices, "devices is null");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter is null");
        this.limits = Objects.requireNonNull(limits, "limits is null");
        this.validator = new FixValidator(limits);
        this.publisher = Objects.requireNonNull(publisher, "publisher is null");
        this.ackTimeout = Objects.requireNonNull(ackTimeout, "ackTimeout is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.listener = Objects.requireNonNull(listener, "listener is null");
    }

    public IngestLimits limits() {
        return limits;
    }

    /**
     * Checks the token (from an {@code Authorization} header) against the race of the request. Does
     * not count against the rate limit: a WebSocket connects once and is limited per message.
     */
    public Authorization authorize(String authorizationHeader, String raceId) {
        String token = DeviceTokens.bearer(authorizationHeader);
        if (token == null) {
            return refuse(
                    RejectReason.MISSING_TOKEN,
                    "send the device token as 'Authorization: Bearer <token>'");
        }
        return authorizeToken(token, raceId);
    }

    /**
     * Checks a device credential that names no race (the OsmAnd protocol's {@code id}): the race is
     * the one of its grant.
     */
    public Authorization authorizeDevice(String token) {
        if (token == null || token.isBlank()) {
            return refuse(RejectReason.MISSING_TOKEN, "send the device's identifier as id");
        }
        return authorizeToken(token, null);
    }

    /**
     * @param raceId the race of the request, or {@code null} for the grant's own
     */
    private Authorization authorizeToken(String token, String raceId) {
        DeviceGrant grant;
        RaceWindow window;
        try {
            grant = devices.find(token).orElse(null);
            if (grant != null && raceId == null) {
                raceId = grant.raceId();
            }
            window = grant == null ? null : devices.race(raceId).orElse(null);
        } catch (DeviceDirectory.UnavailableException e) {
            listener.refused(RejectReason.GRANTS_UNAVAILABLE);
            return new Refused(
                    new IngestRefusal(
                            RejectReason.GRANTS_UNAVAILABLE,
                            "device grants cannot be checked just now: send again",
                            GRANTS_RETRY_SECONDS));
        }
        if (grant == null) {
            return refuse(RejectReason.INVALID_TOKEN, "this token is not known");
        }
        if (grant.revoked()) {
            return refuse(RejectReason.REVOKED_TOKEN, "this token was revoked");
        }
        if (window == null) {
            return refuse(RejectReason.UNKNOWN_RACE, "no race " + raceId + " takes fixes");
        }
        if (!grant.raceId().equals(raceId)) {
            return refuse(RejectReason.TOKEN_NOT_FOR_RACE, "this token is not for race " + raceId);
        }
        Instant now = clock.instant();
        if (!window.isLive(now)) {
            return refuse(
                    RejectReason.RACE_NOT_LIVE,
                    "race "
                            + raceId
                            + " takes fixes from "
                            + window.acceptFixesFrom()
                            + " until "
                            + window.acceptFixesUntil());
        }
        return new Authorized(grant, window);
    }

    /**
     * Why an authorized device may no longer write ({@code REVOKED_TOKEN}, {@code RACE_NOT_LIVE}),
     * or {@code null} if it may: its grant and race as they are now. A device already in keeps
     * writing through a short outage of the grants' store.
     */
    public RejectReason whyNotAllowed(Authorized authorized) {
        try {
            DeviceGrant current = devices.findByHash(authorized.grant().tokenSha256()).orElse(null);
            if (current == null || current.revoked()) {
                return RejectReason.REVOKED_TOKEN;
            }
            RaceWindow window = devices.race(authorized.grant().raceId()).orElse(null);
            if (window == null || !window.isLive(clock.instant())) {
                return RejectReason.RACE_NOT_LIVE;
            }
            return null;
        } catch (DeviceDirectory.UnavailableException e) {
            return null;
        }
    }

    /**
     * Re-checks a grant already authorized (a long-lived WebSocket) and takes one request from its
     * rate limit: {@code null} if the request may go on.
     */
    public IngestRefusal admit(Authorized authorized) {
        RejectReason notAllowed = whyNotAllowed(authorized);
        if (notAllowed == RejectReason.REVOKED_TOKEN) {
            return refusal(RejectReason.REVOKED_TOKEN, "this token was revoked");
        }
        if (notAllowed != null) {
            return refusal(RejectReason.RACE_NOT_LIVE, "the race no longer takes fixes");
        }
        long wait = rateLimiter.secondsToWait(authorized.grant().tokenSha256());
        if (wait > 0) {
            listener.refused(RejectReason.RATE_LIMITED);
            return new IngestRefusal(
                    RejectReason.RATE_LIMITED, "too many requests from this device", (int) wait);
        }
        return null;
    }

    /**
     * Reads a body ({@code {"fixes": [...]}}), inflating it if {@code gzip}, within the size
     * limits. {@code declaredLength} (Content-Length, or -1) lets an oversize body be refused
     * before it is read.
     */
    public ParsedBody read(InputStream body, boolean gzip, long declaredLength) {
        if (declaredLength > limits.maxBodyBytes()) {
            return parseRefusal(RejectReason.BODY_TOO_LARGE, tooLarge());
        }
        byte[] bytes;
        try {
            bytes = readAtMost(body, limits.maxBodyBytes());
            if (bytes == null) {
                return parseRefusal(RejectReason.BODY_TOO_LARGE, tooLarge());
            }
            if (gzip) {
                try (InputStream inflated =
                        new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                    bytes = readAtMost(inflated, limits.maxInflatedBytes());
                } catch (ZipException e) {
                    return parseRefusal(
                            RejectReason.UNSUPPORTED_ENCODING,
                            "Content-Encoding says gzip but the body is not gzip: "
                                    + e.getMessage());
                }
                if (bytes == null) {
                    return parseRefusal(
                            RejectReason.BODY_TOO_LARGE,
                            "the body inflates to more than "
                                    + limits.maxInflatedBytes()
                                    + " bytes");
                }
            }
        } catch (IOException e) {
            return parseRefusal(
                    RejectReason.MALFORMED_JSON, "the body could not be read: " + e.getMessage());
        }
        return parse(bytes);
    }

    /** Parses an already-read body or WebSocket message. */
    public ParsedBody parse(byte[] bytes) {
        if (bytes.length > limits.maxBodyBytes()) {
            return parseRefusal(RejectReason.BODY_TOO_LARGE, tooLarge());
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            return parseRefusal(
                    RejectReason.MALFORMED_JSON, "the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return parseRefusal(RejectReason.MALFORMED_JSON, "the body is not JSON");
        }
        JsonNode fixes = root == null ? null : root.get("fixes");
        if (fixes == null || !fixes.isArray()) {
            return new ParsedBody(
                    root,
                    null,
                    refusal(RejectReason.MALFORMED_JSON, "the body must be {\"fixes\": [ ... ]}"));
        }
        if (fixes.isEmpty()) {
            return new ParsedBody(
                    root, null, refusal(RejectReason.NO_FIXES, "the batch has no fixes"));
        }
        if (fixes.size() > limits.maxFixesPerBatch()) {
            return new ParsedBody(
                    root,
                    null,
                    refusal(
                            RejectReason.TOO_MANY_FIXES,
                            fixes.size()
                                    + " fixes in one batch; at most "
                                    + limits.maxFixesPerBatch()));
        }
        return new ParsedBody(root, fixes, null);
    }

    /**
     * Validates the fixes, writes the valid ones and reports each. Completes within about {@code
     * ackTimeout}; never exceptionally.
     */
    public CompletableFuture<BatchResult> submit(Authorized authorized, JsonNode fixes) {
        Instant receivedAt = clock.instant();
        DeviceGrant grant = authorized.grant();
        String partitionKey = PartitionKeys.rider(grant.raceId(), grant.riderId());
        List<FixRejection> rejected = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        List<FixPublisher.Outgoing> records = new ArrayList<>();
        List<Boolean> lateFlags = new ArrayList<>();
        for (int i = 0; i < fixes.size(); i++) {
            FixValidator.Checked checked =
                    validator.check(
                            i,
                            fixes.get(i),
                            grant.raceId(),
                            grant.riderId(),
                            authorized.window(),
                            receivedAt);
            if (checked.rejection() != null) {
                rejected.add(checked.rejection());
                listener.fixRejected(checked.rejection().reason());
                continue;
            }
            GpsFix fix = checked.fix();
            lateFlags.add(fix.late());
            indices.add(i);
            records.add(new FixPublisher.Outgoing(partitionKey, Json.toBytes(fix)));
        }
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(
                    new BatchResult(List.of(), rejected, List.of(), null));
        }
        List<CompletableFuture<Void>> writes = publisher.publish(records);
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .handle((ok, failed) -> null)
                .completeOnTimeout(null, ackTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(
                        done -> {
                            List<Integer> accepted = new ArrayList<>();
                            List<Integer> notWritten = new ArrayList<>();
                            int lateAccepted = 0;
                            for (int k = 0; k < writes.size(); k++) {
                                CompletableFuture<Void> write = writes.get(k);
                                if (write.isDone() && !write.isCompletedExceptionally()) {
                                    accepted.add(indices.get(k));
                                    lateAccepted += lateFlags.get(k) ? 1 : 0;
                                } else {
                                    write.cancel(false);
                                    notWritten.add(indices.get(k));
                                }
                            }
                            if (!accepted.isEmpty()) {
                                listener.fixesAccepted(accepted.size(), lateAccepted);
                            }
                            if (!notWritten.isEmpty()) {
                                listener.fixesNotWritten(notWritten.size());
                            }
                            return new BatchResult(
                                    accepted,
                                    rejected,
                                    notWritten,
                                    notWritten.isEmpty() ? null : publisher.retryAfterSeconds());
                        });
    }

    private String tooLarge() {
        return "the body is larger than " + limits.maxBodyBytes() + " bytes";
    }

    private Refused refuse(RejectReason reason, String message) {
        return new Refused(refusal(reason, message));
    }

    private IngestRefusal refusal(RejectReason reason, String message) {
        listener.refused(reason);
        return IngestRefusal.of(reason, message);
    }

    private ParsedBody parseRefusal(RejectReason reason, String message) {
        return new ParsedBody(null, null, refusal(reason, message));
    }

    /** Up to {@code max} bytes; {@code null} if there are more. */
    /**
     * A form body (the OsmAnd protocol's POST), read within {@code maxBodyBytes}: its parameters,
     * the first of each name; {@code null} if the body is larger.
     */
    public Map<String, String> readForm(InputStream body, long declaredLength) throws IOException {
        if (declaredLength > limits.maxBodyBytes()) {
            return null;
        }
        byte[] bytes = readAtMost(body, limits.maxBodyBytes());
        if (bytes == null) {
            return null;
        }
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (String pair : new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.putIfAbsent(
                        java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                // a malformed %-escape: that parameter is left out, the validator says what lacks
            }
        }
        return params;
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > max) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
