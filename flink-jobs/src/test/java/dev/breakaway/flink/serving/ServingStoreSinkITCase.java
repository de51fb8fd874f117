package dev.breakaway.flink.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.contracts.serving.ServingStore;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.devstack.RedisServer;
import dev.breakaway.flink.tracker.EncodedRaceUpdate;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serving store writer against a real Redis: updates replayed out of order (as after a restore)
 * never put an older state over a newer one, events are kept once, and a change notice is published
 * for each change only.
 */
class ServingStoreSinkITCase {

    private static final Instant T0 = Instant.parse("2024-07-05T13:00:00Z");
    private static RedisServer redis;
    private static RedisClient client;

    @BeforeAll
    static void start() {
        redis = RedisServer.start(0);
        client = RedisClient.create(redis.uri());
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        redis.close();
    }

    private static EncodedRaceUpdate standings(String raceId, int second, String leader) {
        String other = leader.equals("r1") ? "r2" : "r1";
        Standings standings =
                new Standings(
                        raceId,
                        T0.plusSeconds(second),
                        25_000,
                        List.of(
                                entry(1, leader, 1_000.0 + second * 10, 0.0),
                                entry(2, other, 990.0 + second * 10, 1.2)));
        return EncodedRaceUpdate.of(RaceUpdate.of(standings));
    }

    private static StandingsEntry entry(int position, String rider, double meters, double gap) {
        return new StandingsEntry(
                position,
                rider,
                rider.substring(1),
                "Rider " + rider,
                RiderStatus.RACING,
                1,
                meters,
                25_000 - meters,
                gap,
                11.5,
                null,
                null,
                T0,
                47.1,
                4.9);
    }

    private static ServingStoreSink.Writer writer() {
        return new ServingStoreSink.Writer(
                redis.uri(), Duration.ofSeconds(5), new SimpleCounter(), new SimpleCounter());
    }

    @Test
    void updatesReplayedOutOfOrderLeaveTheNewestStandings() throws Exception {
        RedisCommands<String, String> sync = client.connect().sync();
        List<String> notices = subscribe("ooo");
        EncodedRaceUpdate s1 = standings("ooo", 1, "r1");
        EncodedRaceUpdate s2 = standings("ooo", 2, "r2");
        EncodedRaceUpdate s3 = standings("ooo", 3, "r1");

        try (ServingStoreSink.Writer writer = writer()) {
            for (EncodedRaceUpdate u : List.of(s1, s3, s2, s1, s3)) {
                writer.write(u, null);
            }
            writer.flush(false);
        }

        assertThat(sync.get(ServingStore.standingsKey("ooo")))
                .isEqualTo(new String(s3.json(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(sync.get(ServingStore.versionKey(ServingStore.standingsKey("ooo"))))
                .isEqualTo(Long.toString(s3.version()));
        StandingsEntry leader =
                Json.fromString(
                        sync.hget(ServingStore.ridersKey("ooo"), "r1"), StandingsEntry.class);
        assertThat(leader.position()).isEqualTo(1);
        assertThat(leader.distanceMeters()).isEqualTo(1_030.0);
        assertThat(sync.zscore(ServingStore.RACES, "ooo")).isNotNull();
        // s1 then s3 changed the store; s2 and the repeats did not
        await().atMost(Duration.ofSeconds(5)).until(() -> notices.size() >= 2);
        assertThat(notices)
                .containsExactly(
                        ServingStore.notice("ooo", "STANDINGS", s1.version()),
                        ServingStore.notice("ooo", "STANDINGS", s3.version()));
    }

    @Test
    void eachEventIsKeptAndAnnouncedOnceAndDefinitionsAreVersioned() throws Exception {
        RedisCommands<String, String> sync = client.connect().sync();
        CheckpointPassage passage =
                new CheckpointPassage(
                        CheckpointPassage.idOf("ev", "r1", "km10", 1),
                        "ev",
                        "r1",
                        "km10",
                        1,
                        T0.plusSeconds(900),
                        10_000,
                        false);
        EncodedRaceUpdate event = EncodedRaceUpdate.of(RaceUpdate.of(passage));
        EncodedRaceUpdate v2 =
                new EncodedRaceUpdate(
                        "ev",
                        "ev/definition/2",
                        ServingStore.DEFINITION,
                        2,
                        "{\"v\":2}".getBytes());
        EncodedRaceUpdate v1 =
                new EncodedRaceUpdate(
                        "ev",
                        "ev/definition/1",
                        ServingStore.DEFINITION,
                        1,
                        "{\"v\":1}".getBytes());

        try (ServingStoreSink.Writer writer = writer()) {
            writer.write(event, null);
            writer.write(v2, null);
            writer.write(event, null);
            writer.write(v1, null);
            writer.flush(true);
        }

        assertThat(sync.zcard(ServingStore.eventsKey("ev"))).isEqualTo(1);
        assertThat(sync.zscore(ServingStore.eventsKey("ev"), new String(event.json())))
                .isEqualTo((double) passage.crossingTime().toEpochMilli());
        assertThat(sync.get(ServingStore.definitionKey("ev"))).isEqualTo("{\"v\":2}");
    }

    private static List<String> subscribe(String raceId) {
        List<String> received = new CopyOnWriteArrayList<>();
        StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub();
        pubsub.addListener(
                new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        received.add(message);
                    }
                });
        pubsub.sync().subscribe(ServingStore.changesChannel(raceId));
        return received;
    }
}
