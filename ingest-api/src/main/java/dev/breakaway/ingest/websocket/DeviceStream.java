package dev.breakaway.ingest.websocket;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.ingest.core.BatchResult;
import dev.breakaway.ingest.core.FixRejection;
import dev.breakaway.ingest.core.IngestRefusal;
import dev.breakaway.ingest.core.IngestService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One device's WebSocket ({@code /v1/races/{raceId}/stream}), authorized at the upgrade. Each text
 * message is a batch, {@code {"id": <any>, "fixes": [...]}}, validated and written like an HTTP
 * batch; each gets one reply with the same {@code id}, sent once the stream has confirmed (or not)
 * its fixes. The next message is read only after that reply, so a device's fixes reach the stream
 * in the order it sent them, and a device that sends faster than Kinesis takes them is held back by
 * TCP rather than buffered here.
 */
public final class DeviceStream implements Session.Listener {

    /** The reply to one message. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reply(
            JsonNode id,
            int status,
            List<Integer> accepted,
            List<FixRejection> rejected,
            List<Integer> notWritten,
            Integer retryAfterSeconds,
            String reason,
            String message) {

        static Reply of(JsonNode id, BatchResult result) {
            return new Reply(
                    id,
                    result.httpStatus(),
                    result.accepted(),
                    result.rejected(),
                    result.notWritten(),
                    result.retryAfterSeconds(),
                    null,
                    null);
        }

        static Reply of(JsonNode id, IngestRefusal refusal) {
            return new Reply(
                    id,
                    refusal.httpStatus(),
                    null,
                    null,
                    null,
                    refusal.retryAfterSeconds(),
                    refusal.reason().name(),
                    refusal.message());
        }
    }

    private final IngestService ingest;
    private final IngestService.Authorized authorized;
    private final OpenStreams openStreams;
    private volatile Session session;

    public DeviceStream(
            IngestService ingest, IngestService.Authorized authorized, OpenStreams openStreams) {
        this.ingest = Objects.requireNonNull(ingest, "ingest is null");
        this.authorized = Objects.requireNonNull(authorized, "authorized is null");
        this.openStreams = Objects.requireNonNull(openStreams, "openStreams is null");
    }

    IngestService.Authorized authorized() {
        return authorized;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        openStreams.opened(this);
        session.demand();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        openStreams.closed(this);
        callback.succeed();
    }

    /** Closes the stream: the device may no longer write ({@code why} is the reason code). */
    void closeFor(String why) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(StatusCode.POLICY_VIOLATION, why, Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        IngestService.ParsedBody parsed = ingest.parse(bytes);
        JsonNode id = parsed.root() == null ? null : parsed.root().get("id");
        if (parsed.refusal() != null) {
            replyThenRead(Reply.of(id, parsed.refusal()), false);
            return;
        }
        IngestRefusal refused = ingest.admit(authorized);
        if (refused != null) {
            boolean fatal = refused.httpStatus() == 401 || refused.httpStatus() == 409;
            replyThenRead(Reply.of(id, refused), fatal);
            return;
        }
        ingest.submit(authorized, parsed.fixes())
                .thenAccept(result -> replyThenRead(Reply.of(id, result), false));
    }

    @Override
    public void onWebSocketBinary(java.nio.ByteBuffer payload, Callback callback) {
        callback.succeed();
        session.close(StatusCode.BAD_DATA, "send batches as JSON text messages", Callback.NOOP);
    }

    private void replyThenRead(Reply reply, boolean closeAfter) {
        Session current = session;
        current.sendText(
                Json.toString(reply),
                Callback.from(
                        () -> {
                            if (closeAfter) {
                                current.close(
                                        StatusCode.POLICY_VIOLATION, reply.reason(), Callback.NOOP);
                            } else {
                                current.demand();
                            }
                        },
                        failure -> current.disconnect()));
    }
}
