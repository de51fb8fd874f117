package dev.breakaway.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.core.incidents.IncidentType;
import dev.breakaway.core.incidents.RiderIncident;
import dev.breakaway.core.standings.GroupTracker;
import dev.breakaway.core.standings.Overtake;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.query.core.LiveStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveHubTest {

    private static final Instant T0 = Instant.parse("2024-07-05T13:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    /** A hand-written store holding one race's standings; counts its reads. */
    static final class FakeStore implements LiveStore {
        Versioned standings;
        final List<Versioned> events = new ArrayList<>();
        int reads;

        void put(int second, String... order) {
            List<StandingsEntry> entries = new ArrayList<>();
            for (int i = 0; i < order.length; i++) {
                entries.add(
                        new StandingsEntry(
                                i + 1,
                                order[i],
                                null,
                                null,
                                RiderStatus.RACING,
                                1,
                                1000 - i,
                                24_000 + i,
                                (double) i,
                                11,
                                null,
                                null,
                                T0,
                                47.0,
                                4.9));
            }
            Instant asOf = T0.plusSeconds(second);
            RaceUpdate update =
                    RaceUpdate.of(
                            new Standings(
                                    "race",
                                    asOf,
                                    25_000,
                                    entries,
                                    GroupTracker.groups(entries, java.util.Map.of(), asOf)));
            standings = new Versioned(Json.toString(update), update.version());
        }

        void add(RaceUpdate event) {
            events.add(new Versioned(Json.toString(event), event.version()));
        }

        @Override
        public Optional<Versioned> definition(String raceId) {
            return Optional.empty();
        }

        @Override
        public Optional<Versioned> standings(String raceId) {
            reads++;
            return Optional.ofNullable(standings);
        }

        @Override
        public Optional<Versioned> rider(String raceId, String riderId) {
            return Optional.empty();
        }

        @Override
        public List<Versioned> eventsAfter(String raceId, long afterMillis, int limit) {
            return List.of();
        }

        @Override
        public List<Versioned> newestEvents(String raceId, int count) {
            return List.copyOf(events);
        }

        @Override
        public List<RaceEntry> races(int limit) {
            return List.of();
        }
    }

    /** A client whose transport takes frames at once, or holds them until released. */
    static final class FakeClient implements LiveHub.Subscriber {
        final List<JsonNode> frames = new ArrayList<>();
        final LiveHub.Subscription subscription;
        boolean slow;
        Runnable pending;

        FakeClient(LiveHub.Subscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public LiveHub.Subscription subscription() {
            return subscription;
        }

        @Override
        public void send(LiveHub.Encoded frame, Runnable done) {
            // what a socket sends: the shared bytes, which must be the text in UTF-8
            ByteBuffer bytes = frame.utf8();
            byte[] sent = new byte[bytes.remaining()];
            bytes.get(sent);
            assertThat(new String(sent, StandardCharsets.UTF_8)).isEqualTo(frame.text());
            frames.add(Json.fromBytes(sent, JsonNode.class));
            if (slow) {
                pending = done;
            } else {
                done.run();
            }
        }

        List<String> order(int frame) {
            List<String> riders = new ArrayList<>();
            frames.get(frame).get("riders").forEach(r -> riders.add(r.get("riderId").asText()));
            return riders;
        }
    }

    private final FakeStore store = new FakeStore();
    private final long[] now = {0};
    private final LiveHub hub = new LiveHub(store, () -> now[0], Duration.ofSeconds(1), 20);

    @Test
    void aClientGetsTheCurrentStateAtOnceThenChangesAtMostOncePerSecond() {
        store.put(1, "a", "b");
        FakeClient client = new FakeClient(LiveHub.Subscription.ALL);
        hub.connect("race", client);
        assertThat(client.frames).hasSize(1);
        assertThat(client.order(0)).containsExactly("a", "b");

        store.put(2, "b", "a");
        hub.changed("race");
        now[0] = SECOND / 4;
        hub.tick();
        assertThat(client.frames).as("not within half a second of the last frame").hasSize(1);

        now[0] = SECOND;
        hub.tick();
        hub.tick();
        assertThat(client.frames).hasSize(2);
        assertThat(client.order(1)).containsExactly("b", "a");
        assertThat(client.frames.get(1).get("version").asLong())
                .isGreaterThan(client.frames.get(0).get("version").asLong());
    }

    @Test
    void standingsOlderThanTheNewestEventAreStillPushed() {
        store.put(1, "a", "b");
        FakeClient client = new FakeClient(LiveHub.Subscription.ALL);
        hub.connect("race", client);
        // a passage at 2.5 s is written before the standings of second 2
        store.add(
                RaceUpdate.of(
                        new CheckpointPassage(
                                CheckpointPassage.idOf("race", "a", "km1", 1),
                                "race",
                                "a",
                                "km1",
                                1,
                                T0.plusMillis(2_500),
                                1_000,
                                false)));
        hub.changed("race");
        now[0] = SECOND;
        hub.tick();
        store.put(2, "b", "a");
        hub.changed("race");
        now[0] = 2 * SECOND;
        hub.tick();

        assertThat(client.frames).hasSize(3);
        assertThat(client.order(2)).containsExactly("b", "a");
        assertThat(client.frames.get(2).get("events")).hasSize(1);
    }

    @Test
    void aFrameSentLateDoesNotDelayTheNextOnes() {
        store.put(0, "a");
        FakeClient client = new FakeClient(LiveHub.Subscription.ALL);
        hub.connect("race", client); // at 0
        // the standings change on every whole second; the hub ticks every 103 ms, so each change
        // goes out up to a tick late: the lateness must not add up from one frame to the next
        int changes = 0;
        long maxDelay = 0;
        long changedAt = 0;
        for (long t = 0; t <= 30 * SECOND; t += 103_000_000L) {
            if (t / SECOND > changes) {
                changes++;
                changedAt = changes * SECOND;
                store.put(changes, changes % 2 == 0 ? "a" : "b");
                hub.changed("race");
            }
            now[0] = t;
            int before = client.frames.size();
            hub.tick();
            if (client.frames.size() > before) {
                maxDelay = Math.max(maxDelay, t - changedAt);
            }
        }

        assertThat(client.frames).as("one frame per change").hasSize(changes + 1);
        assertThat(maxDelay).isLessThanOrEqualTo(103_000_000L);
    }

    @Test
    void aClientThatConnectedJustBeforeAChangeGetsTheLaterChangesAtOnce() {
        store.put(0, "a");
        hub.connect("race", new FakeClient(LiveHub.Subscription.ALL)); // at 0
        FakeClient late = new FakeClient(LiveHub.Subscription.ALL);
        // the standings change on every whole second and each change notice ticks the hub at
        // once, besides a tick every 100 ms; this client connects 300 ms before a change
        long connectAt = 700_000_000L;
        long maxDelayAfterTheFirstChange = 0;
        int changes = 0;
        for (long t = 0; t <= 30 * SECOND; t += 100_000_000L) {
            now[0] = t;
            if (t == connectAt) {
                hub.connect("race", late);
            }
            int before = late.frames.size();
            if (t % SECOND == 0 && t > 0) {
                changes++;
                store.put(changes, changes % 2 == 0 ? "a" : "b");
                hub.changed("race");
            }
            hub.tick();
            if (late.frames.size() > before && changes >= 2) {
                maxDelayAfterTheFirstChange =
                        Math.max(maxDelayAfterTheFirstChange, t - changes * SECOND);
            }
        }

        assertThat(late.frames).as("the snapshot, then one frame per change").hasSize(changes + 1);
        assertThat(maxDelayAfterTheFirstChange).isZero();
    }

    @Test
    void atMostOneFramePerIntervalOnAverage() {
        store.put(0, "a");
        FakeClient client = new FakeClient(LiveHub.Subscription.ALL);
        hub.connect("race", client);
        for (int tick = 1; tick <= 100; tick++) { // changes every 100 ms for 10 s
            store.put(tick, tick % 2 == 0 ? "a" : "b");
            hub.changed("race");
            now[0] = tick * SECOND / 10;
            hub.tick();
        }

        assertThat(client.frames.size()).isBetween(10, 12);
    }

    @Test
    void nothingIsSentWhenNothingChanged() {
        store.put(1, "a", "b");
        FakeClient client = new FakeClient(LiveHub.Subscription.ALL);
        hub.connect("race", client);

        hub.changed("race"); // a repeated notice: same version
        now[0] = 5 * SECOND;
        hub.tick();

        assertThat(client.frames).hasSize(1);
    }

    @Test
    void aSlowClientSkipsToTheNewestStateAndNothingQueuesForIt() {
        store.put(1, "a", "b", "c");
        FakeClient slow = new FakeClient(LiveHub.Subscription.ALL);
        slow.slow = true;
        FakeClient fast = new FakeClient(LiveHub.Subscription.ALL);
        hub.connect("race", slow);
        hub.connect("race", fast);

        for (int s = 2; s <= 5; s++) {
            store.put(s, s % 2 == 0 ? new String[] {"b", "a", "c"} : new String[] {"c", "b", "a"});
            hub.changed("race");
            now[0] = s * SECOND;
            hub.tick();
        }
        assertThat(fast.frames).hasSize(5);
        assertThat(slow.frames).as("its first frame is still being written").hasSize(1);

        slow.pending.run();
        now[0] = 6 * SECOND;
        hub.tick();

        assertThat(slow.frames).hasSize(2);
        assertThat(slow.frames.get(1).get("version")).isEqualTo(fast.frames.get(4).get("version"));
    }

    @Test
    void theStoreIsReadOncePerChangeHoweverManyClients() {
        store.put(1, "a", "b");
        for (int i = 0; i < 1_000; i++) {
            hub.connect("race", new FakeClient(LiveHub.Subscription.ALL));
        }
        int readsAfterConnecting = store.reads;

        store.put(2, "b", "a");
        hub.changed("race");
        now[0] = 2 * SECOND;
        hub.tick();

        assertThat(readsAfterConnecting).isEqualTo(1);
        assertThat(store.reads).isEqualTo(2);
        assertThat(hub.clients()).isEqualTo(1_000);
    }

    @Test
    void subscriptionsNarrowTheRiders() {
        store.put(1, "a", "b", "c", "d");
        FakeClient top2 = new FakeClient(new LiveHub.Subscription(Set.of(), 2));
        FakeClient oneRider = new FakeClient(new LiveHub.Subscription(Set.of("d"), 0));
        FakeClient both = new FakeClient(new LiveHub.Subscription(Set.of("d"), 1));

        hub.connect("race", top2);
        hub.connect("race", oneRider);
        hub.connect("race", both);

        assertThat(top2.order(0)).containsExactly("a", "b");
        assertThat(top2.frames.get(0).at("/groups/0/riders"))
                .as("the groups on the road, whatever the subscription")
                .hasSize(4);
        assertThat(oneRider.order(0)).containsExactly("d");
        assertThat(both.order(0)).containsExactly("a", "d");
    }

    @Test
    void aClosedClientGetsNothingMore() {
        store.put(1, "a");
        FakeClient client = new FakeClient(LiveHub.Subscription.ALL);
        LiveHub.Client handle = hub.connect("race", client);

        hub.disconnect(handle);
        store.put(2, "a");
        hub.changed("race");
        now[0] = 3 * SECOND;
        hub.tick();

        assertThat(client.frames).hasSize(1);
        assertThat(hub.clients()).isZero();
    }

    @Test
    void aSpectatorFollowingChosenRidersGetsTheirPassagesIncidentsAndOvertakesAndNoOthers() {
        store.put(1, "a", "b", "c");
        Instant t = T0.plusSeconds(1);
        store.add(
                RaceUpdate.of(
                        new CheckpointPassage(
                                CheckpointPassage.idOf("race", "c", "km1", 1),
                                "race",
                                "c",
                                "km1",
                                1,
                                t,
                                1_000,
                                false)));
        store.add(
                RaceUpdate.of(
                        new RiderIncident(
                                "race", "b", IncidentType.CRASH, false, t, t, 47, 4.9, 900.0)));
        store.add(RaceUpdate.of(new Overtake("race", "a", "b", t, 950, 47.0, 4.9)));
        store.add(RaceUpdate.of(new Overtake("race", "c", "a", t, 960, 47.0, 4.9)));
        FakeClient followsB = new FakeClient(new LiveHub.Subscription(Set.of("b"), 0));
        hub.connect("race", followsB);

        JsonNode events = followsB.frames.get(0).get("events");
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("type").asText()));
        // b's crash, and a passing b; not c's passage, nor c passing a
        assertThat(types).containsExactly(RaceUpdate.INCIDENT, RaceUpdate.OVERTAKE);
        assertThat(followsB.frames.get(0).get("riders")).hasSize(1);
        assertThat(followsB.frames.get(0).get("groups")).isNotEmpty();
    }
}
