package dev.breakaway.query.live;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One spectator's WebSocket on {@code /v1/races/{raceId}/live?riders=a,b&top=N}: registered with
 * the {@link LiveHub} while open. Spectators send nothing; the socket only pushes.
 */
public final class LiveSocket implements Session.Listener.AutoDemanding, LiveHub.Subscriber {

    private final LiveHub hub;
    private final String raceId;
    private final LiveHub.Subscription subscription;
    private volatile Session session;
    private volatile LiveHub.Client client;

    public LiveSocket(LiveHub hub, String raceId, LiveHub.Subscription subscription) {
        this.hub = Objects.requireNonNull(hub, "hub is null");
        this.raceId = Objects.requireNonNull(raceId, "raceId is null");
        this.subscription = Objects.requireNonNull(subscription, "subscription is null");
    }

    /** The subscription of {@code ?riders=a,b&top=N}; {@code null} if the parameters are bad. */
    public static LiveHub.Subscription subscription(Map<String, List<String>> parameters) {
        Set<String> riders =
                parameters.getOrDefault("riders", List.of()).stream()
                        .flatMap(v -> Arrays.stream(v.split(",")))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet());
        int top = 0;
        List<String> topValues = parameters.getOrDefault("top", List.of());
        if (!topValues.isEmpty()) {
            try {
                top = Integer.parseInt(topValues.get(0));
            } catch (NumberFormatException e) {
                return null;
            }
            if (top < 1 || top > 10_000) {
                return null;
            }
        }
        return new LiveHub.Subscription(riders, top);
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        this.client = hub.connect(raceId, this);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        LiveHub.Client current = client;
        if (current != null) {
            hub.disconnect(current);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LiveHub.Client current = client;
        if (current != null) {
            hub.disconnect(current);
        }
    }

    @Override
    public LiveHub.Subscription subscription() {
        return subscription;
    }

    @Override
    public void send(LiveHub.Encoded frame, Runnable done) {
        Session current = session;
        if (current == null || !current.isOpen()) {
            done.run();
            return;
        }
        if (current instanceof WebSocketSession jetty) {
            // the frame's bytes, encoded once for every client, not the text encoded per socket
            jetty.getCoreSession()
                    .sendFrame(
                            new Frame(OpCode.TEXT, frame.utf8()),
                            org.eclipse.jetty.util.Callback.from(done, failure -> done.run()),
                            false);
        } else {
            current.sendText(frame.text(), Callback.from(done, failure -> done.run()));
        }
    }
}
