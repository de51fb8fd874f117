package dev.breakaway.query.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakaway.core.json.Json;
import dev.breakaway.query.core.LiveStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Fans the live state of races out to connected spectators.
 *
 * <p>On connect a client gets the race's current state at once; afterwards, each {@link #tick()}
 * sends each client the race's newest state if it changed since the client's last frame, at most
 * one frame per {@code minInterval} on average and never two within half of it. A client whose
 * previous frame is still being written is skipped and gets the newest state later: nothing queues
 * up for a slow client, it skips to the newest. The store is read once per race per change, however
 * many clients there are, and each frame is serialised once per distinct subscription.
 *
 * <p>Frame: {@code {"type": "live", "raceId", "version", "eventsVersion", "asOf", "totalMeters",
 * "riders": [standings lines], "events": [the newest events]}}: {@code version} is the standings'
 * (event time, ms; never lower than a frame sent before), {@code eventsVersion} the newest event's.
 * A new frame is made when either changes.
 */
public final class LiveHub {

    /** One connected client: its subscription and a non-blocking send. */
    public interface Subscriber {
        Subscription subscription();

        /** Starts sending; {@code done} runs once the transport has taken the frame or failed. */
        void send(String frame, Runnable done);
    }

    /**
     * Which riders a client wants: all, or the given riders and/or the first {@code top}.
     *
     * @param top 0 for no top-N filter
     */
    public record Subscription(Set<String> riders, int top) {
        public static final Subscription ALL = new Subscription(Set.of(), 0);

        public Subscription {
            riders = Set.copyOf(riders);
            if (top < 0) {
                throw new IllegalArgumentException("top must be ≥ 0");
            }
        }

        boolean all() {
            return riders.isEmpty() && top == 0;
        }

        boolean wants(JsonNode entry) {
            return all()
                    || riders.contains(entry.path("riderId").asText())
                    || (top > 0 && entry.path("position").asInt(Integer.MAX_VALUE) <= top);
        }

        boolean wantsEvent(JsonNode event) {
            if (riders.isEmpty()) {
                return true;
            }
            return riders.contains(event.at("/passage/riderId").asText());
        }
    }

    /** A client as the hub tracks it. */
    public final class Client {
        private final String raceId;
        private final Subscriber subscriber;
        private long sentSequence = -1;
        private long nextAllowedNanos = Long.MIN_VALUE / 2;
        private boolean sending;

        private Client(String raceId, Subscriber subscriber) {
            this.raceId = raceId;
            this.subscriber = subscriber;
        }
    }

    private final class Race {
        final Set<Client> clients = new LinkedHashSet<>();
        boolean dirty = true;
        Frame frame;
    }

    /** A race's state at one version, serialised lazily per subscription. */
    private static final class Frame {
        final long sequence;
        final long version;
        final long eventsVersion;
        final ObjectNode standings;
        final List<JsonNode> events;
        final Map<Subscription, String> serialised = new HashMap<>();

        Frame(
                long sequence,
                long version,
                long eventsVersion,
                ObjectNode standings,
                List<JsonNode> events) {
            this.sequence = sequence;
            this.version = version;
            this.eventsVersion = eventsVersion;
            this.standings = standings;
            this.events = events;
        }

        String forSubscription(String raceId, Subscription subscription) {
            return serialised.computeIfAbsent(subscription, s -> serialise(raceId, s));
        }

        private String serialise(String raceId, Subscription subscription) {
            ObjectNode out = Json.mapper().createObjectNode();
            out.put("type", "live");
            out.put("raceId", raceId);
            out.put("version", version);
            out.put("eventsVersion", eventsVersion);
            ArrayNode riders = out.putArray("riders");
            if (standings != null) {
                out.set("asOf", standings.get("asOf"));
                out.set("totalMeters", standings.get("totalMeters"));
                for (JsonNode entry : standings.path("riders")) {
                    if (subscription.wants(entry)) {
                        riders.add(entry);
                    }
                }
            }
            ArrayNode eventsOut = out.putArray("events");
            for (JsonNode event : events) {
                if (subscription.wantsEvent(event)) {
                    eventsOut.add(event);
                }
            }
            return out.toString();
        }
    }

    private final LiveStore store;
    private final LongSupplier nanoClock;
    private final long minIntervalNanos;
    private final int eventsPerFrame;
    private final Map<String, Race> races = new HashMap<>();

    public LiveHub(
            LiveStore store, LongSupplier nanoClock, Duration minInterval, int eventsPerFrame) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock is null");
        this.minIntervalNanos = minInterval.toNanos();
        this.eventsPerFrame = eventsPerFrame;
    }

    /** Registers a client and sends it the race's current state at once. */
    public synchronized Client connect(String raceId, Subscriber subscriber) {
        Race race = races.computeIfAbsent(raceId, id -> new Race());
        Client client = new Client(raceId, subscriber);
        race.clients.add(client);
        if (race.dirty || race.frame == null) {
            refresh(raceId, race);
        }
        send(client, race.frame);
        return client;
    }

    public synchronized void disconnect(Client client) {
        Race race = races.get(client.raceId);
        if (race != null) {
            race.clients.remove(client);
            if (race.clients.isEmpty()) {
                races.remove(client.raceId);
            }
        }
    }

    /** The store announced a change of this race. */
    public synchronized void changed(String raceId) {
        Race race = races.get(raceId);
        if (race != null) {
            race.dirty = true;
        }
    }

    /** Sends what is due; call it often (every 100 ms or so). */
    public synchronized void tick() {
        long now = nanoClock.getAsLong();
        for (Map.Entry<String, Race> entry : races.entrySet()) {
            Race race = entry.getValue();
            if (race.dirty) {
                refresh(entry.getKey(), race);
            }
            for (Client client : race.clients) {
                if (!client.sending
                        && client.sentSequence < race.frame.sequence
                        && now >= client.nextAllowedNanos) {
                    send(client, race.frame);
                }
            }
        }
    }

    public synchronized int clients() {
        return races.values().stream().mapToInt(r -> r.clients.size()).sum();
    }

    private void refresh(String raceId, Race race) {
        race.dirty = false;
        LiveStore.Versioned standings = store.standings(raceId).orElse(null);
        List<LiveStore.Versioned> events = store.newestEvents(raceId, eventsPerFrame);
        long version = standings == null ? 0 : standings.version();
        long eventsVersion = 0;
        List<JsonNode> eventNodes = new java.util.ArrayList<>();
        for (LiveStore.Versioned event : events) {
            eventsVersion = Math.max(eventsVersion, event.version());
            eventNodes.add(Json.fromBytes(event.json().getBytes(), JsonNode.class));
        }
        if (race.frame != null
                && race.frame.version == version
                && race.frame.eventsVersion == eventsVersion) {
            return; // nothing new (a repeated notice)
        }
        ObjectNode standingsNode =
                standings == null
                        ? null
                        : (ObjectNode)
                                Json.fromBytes(standings.json().getBytes(), JsonNode.class)
                                        .get("standings");
        long sequence = race.frame == null ? 0 : race.frame.sequence + 1;
        race.frame = new Frame(sequence, version, eventsVersion, standingsNode, eventNodes);
    }

    private void send(Client client, Frame frame) {
        client.sending = true;
        client.sentSequence = frame.sequence;
        // A token bucket of one frame per interval: sending late (a tick after the change) does not
        // push the next slot later, else the delay would creep up by a tick on every frame; and
        // two frames are never closer than half an interval.
        long now = nanoClock.getAsLong();
        client.nextAllowedNanos =
                Math.max(client.nextAllowedNanos + minIntervalNanos, now + minIntervalNanos / 2);
        String text = frame.forSubscription(client.raceId, client.subscriber.subscription());
        client.subscriber.send(
                text,
                () -> {
                    synchronized (LiveHub.this) {
                        client.sending = false;
                    }
                });
    }
}
