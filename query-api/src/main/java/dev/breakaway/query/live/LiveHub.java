package dev.breakaway.query.live;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.query.api.LiveFrame;
import dev.breakaway.query.core.LiveStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Fans the live state of races out to connected spectators.
 *
 * <p>On connect a client gets the race's current state at once; afterwards, each {@link #tick()}
 * sends each client the race's newest state if it changed since the client's last frame. The pace
 * is the race's: a race makes a new frame at most once per {@code minInterval} on average, never
 * two within half of it, and every client gets each frame as soon as it is made, whenever it
 * connected (a pace per client would keep the phase of its connection, and a client that connected
 * just before a change would get every later change late by as much). A client never gets two
 * frames within half an interval. A client whose previous frame is still being written is skipped
 * and gets the newest state later: nothing queues up for a slow client, it skips to the newest. The
 * store is read once per race per change, however many clients there are, and each frame is
 * serialised once per distinct subscription.
 *
 * <p>Frame: {@link LiveFrame}. A new frame is made when the standings' version or the newest
 * event's changes.
 */
public final class LiveHub {

    /** One connected client: its subscription and a non-blocking send. */
    public interface Subscriber {
        Subscription subscription();

        /** Starts sending; {@code done} runs once the transport has taken the frame or failed. */
        void send(Encoded frame, Runnable done);
    }

    /**
     * A frame as text and as its UTF-8 bytes, both made once for all the clients of one
     * subscription: thousands of sockets send the same bytes instead of each encoding the text into
     * a buffer of its own (10,000 spectators of 5 KB frames: 50 MB of garbage a second).
     */
    public static final class Encoded {
        private final String text;
        private final ByteBuffer utf8;

        Encoded(String text) {
            this.text = text;
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            this.utf8 = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        }

        public String text() {
            return text;
        }

        /** The UTF-8 bytes, as a view of its own: each caller may consume it. */
        public ByteBuffer utf8() {
            return utf8.asReadOnlyBuffer();
        }
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

        boolean wants(StandingsEntry entry) {
            return all()
                    || riders.contains(entry.riderId())
                    || (top > 0 && entry.position() <= top);
        }

        /** Events of the riders asked for: passages, incidents, overtakes (either rider). */
        boolean wantsEvent(RaceUpdate event) {
            if (riders.isEmpty()) {
                return true;
            }
            return event.riderIds().stream().anyMatch(riders::contains);
        }
    }

    /** A client as the hub tracks it. */
    public final class Client {
        private final String raceId;
        private final Subscriber subscriber;
        private long sentSequence = -1;
        private long sentNanos = Long.MIN_VALUE / 2;
        // set by the hub under its lock, cleared by the transport's callback without it
        private volatile boolean sending;

        private Client(String raceId, Subscriber subscriber) {
            this.raceId = raceId;
            this.subscriber = subscriber;
        }
    }

    private final class Race {
        final Set<Client> clients = new LinkedHashSet<>();
        boolean dirty = true;
        long nextFrameNanos = Long.MIN_VALUE / 2;
        Frame frame;
    }

    /** A race's state at one version, serialised lazily per subscription. */
    private static final class Frame {
        final long sequence;
        final long version;
        final long eventsVersion;
        final Standings standings;
        final List<RaceUpdate> events;
        final Map<Subscription, Encoded> serialised = new HashMap<>();

        Frame(
                long sequence,
                long version,
                long eventsVersion,
                Standings standings,
                List<RaceUpdate> events) {
            this.sequence = sequence;
            this.version = version;
            this.eventsVersion = eventsVersion;
            this.standings = standings;
            this.events = events;
        }

        Encoded forSubscription(String raceId, Subscription subscription) {
            return serialised.computeIfAbsent(subscription, s -> serialise(raceId, s));
        }

        private Encoded serialise(String raceId, Subscription subscription) {
            List<StandingsEntry> riders = new ArrayList<>();
            if (standings != null) {
                for (StandingsEntry entry : standings.riders()) {
                    if (subscription.wants(entry)) {
                        riders.add(entry);
                    }
                }
            }
            List<RaceUpdate> wanted = new ArrayList<>();
            for (RaceUpdate event : events) {
                if (subscription.wantsEvent(event)) {
                    wanted.add(event);
                }
            }
            return new Encoded(
                    Json.toString(
                            new LiveFrame(
                                    LiveFrame.TYPE,
                                    raceId,
                                    version,
                                    eventsVersion,
                                    standings == null ? null : standings.asOf(),
                                    standings == null ? null : standings.totalMeters(),
                                    riders,
                                    standings == null ? null : standings.groups(),
                                    wanted,
                                    standings != null && standings.neutralised() ? true : null)));
        }
    }

    private final LiveStore store;
    private final LongSupplier nanoClock;
    private final long minIntervalNanos;
    private final int eventsPerFrame;
    private final Executor senders;
    private final int sendBatches;
    private final Map<String, Race> races = new HashMap<>();

    /** A hub that sends on the thread that calls {@link #tick()}. */
    public LiveHub(
            LiveStore store, LongSupplier nanoClock, Duration minInterval, int eventsPerFrame) {
        this(store, nanoClock, minInterval, eventsPerFrame, Runnable::run, 1);
    }

    /**
     * @param senders where the sends of a tick run, outside the hub's lock: the fan-out of one
     *     change to thousands of sockets (each send encodes and writes) is split into {@code
     *     sendBatches} tasks, one per core, rather than one task per socket
     */
    public LiveHub(
            LiveStore store,
            LongSupplier nanoClock,
            Duration minInterval,
            int eventsPerFrame,
            Executor senders,
            int sendBatches) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock is null");
        this.minIntervalNanos = minInterval.toNanos();
        this.eventsPerFrame = eventsPerFrame;
        this.senders = Objects.requireNonNull(senders, "senders is null");
        if (sendBatches < 1) {
            throw new IllegalArgumentException("sendBatches must be ≥ 1");
        }
        this.sendBatches = sendBatches;
    }

    /**
     * Registers a client and sends it the race's current frame at once (at most an interval old: a
     * newer state follows at the race's pace).
     */
    public Client connect(String raceId, Subscriber subscriber) {
        Client client = new Client(raceId, subscriber);
        Send first;
        synchronized (this) {
            Race race = races.computeIfAbsent(raceId, id -> new Race());
            race.clients.add(client);
            if (race.frame == null) {
                refresh(raceId, race, nanoClock.getAsLong());
            }
            first = due(client, race.frame, nanoClock.getAsLong());
        }
        first.run();
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

    /** Sends what is due; call it on every change notice and often besides (every 100 ms or so). */
    public void tick() {
        List<Send> due = new ArrayList<>();
        synchronized (this) {
            long now = nanoClock.getAsLong();
            long halfInterval = minIntervalNanos / 2;
            for (Map.Entry<String, Race> entry : races.entrySet()) {
                Race race = entry.getValue();
                if (race.dirty && now >= race.nextFrameNanos) {
                    refresh(entry.getKey(), race, now);
                }
                for (Client client : race.clients) {
                    if (!client.sending
                            && client.sentSequence < race.frame.sequence
                            && now - client.sentNanos >= halfInterval) {
                        due.add(due(client, race.frame, now));
                    }
                }
            }
        }
        int batches = Math.min(sendBatches, due.size());
        for (int b = 0; b < batches; b++) {
            List<Send> batch =
                    due.subList(due.size() * b / batches, due.size() * (b + 1) / batches);
            senders.execute(() -> batch.forEach(Send::run));
        }
    }

    public synchronized int clients() {
        return races.values().stream().mapToInt(r -> r.clients.size()).sum();
    }

    private void refresh(String raceId, Race race, long now) {
        race.dirty = false;
        LiveStore.Versioned standings = store.standings(raceId).orElse(null);
        List<LiveStore.Versioned> events = store.newestEvents(raceId, eventsPerFrame);
        long version = standings == null ? 0 : standings.version();
        long eventsVersion = 0;
        List<RaceUpdate> decoded = new ArrayList<>();
        for (LiveStore.Versioned event : events) {
            eventsVersion = Math.max(eventsVersion, event.version());
            decoded.add(Json.fromString(event.json(), RaceUpdate.class));
        }
        if (race.frame != null
                && race.frame.version == version
                && race.frame.eventsVersion == eventsVersion) {
            return; // nothing new (a repeated notice)
        }
        Standings current =
                standings == null
                        ? null
                        : Json.fromString(standings.json(), RaceUpdate.class).standings();
        long sequence = race.frame == null ? 0 : race.frame.sequence + 1;
        race.frame = new Frame(sequence, version, eventsVersion, current, decoded);
        // A token bucket of one frame per interval: a frame made late (a tick after the change)
        // does not push the next slot later, else the delay would creep up by a tick on every
        // frame; and two frames are never closer than half an interval.
        race.nextFrameNanos =
                Math.max(race.nextFrameNanos + minIntervalNanos, now + minIntervalNanos / 2);
    }

    /** A frame handed to one client's transport. */
    private record Send(Client client, Encoded frame) implements Runnable {
        @Override
        public void run() {
            client.subscriber.send(frame, () -> client.sending = false);
        }
    }

    /** Marks the client as sending this frame (under the lock); the caller sends it after. */
    private Send due(Client client, Frame frame, long now) {
        client.sending = true;
        client.sentSequence = frame.sequence;
        client.sentNanos = now;
        return new Send(
                client, frame.forSubscription(client.raceId, client.subscriber.subscription()));
    }
}
