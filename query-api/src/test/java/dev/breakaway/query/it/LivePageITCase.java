package dev.breakaway.query.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.contracts.serving.ServingStore;
import dev.breakaway.core.standings.RaceGroup;
import dev.breakaway.core.standings.RiderStatus;
import dev.breakaway.core.standings.Standings;
import dev.breakaway.core.standings.StandingsEntry;
import dev.breakaway.core.tracking.CheckpointPassage;
import dev.breakaway.devstack.HeadlessChromium;
import dev.breakaway.devstack.RedisServer;
import dev.breakaway.query.QueryConfiguration;
import io.dropwizard.testing.DropwizardTestSupport;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * query-api's own live race page in headless Chromium, over a real Redis holding what the tracker
 * writes: the race, its standings, and the push of newer standings without a reload. (The whole
 * path behind it, with a simulated race, is local-platform's {@code DemoPageITCase}.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // one store: the race moves on test by test
class LivePageITCase {

    private static final Instant T0 = Instant.parse("2024-07-05T13:00:00Z");

    private static RedisServer redis;
    private static RedisClient client;
    private static RedisCommands<String, String> sync;
    private static DropwizardTestSupport<QueryConfiguration> app;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start(0);
        client = RedisClient.create(redis.uri());
        sync = client.connect().sync();
        app = QueryApiITCase.app(redis.uri());
        app.before();
        QueryApiITCase.write(
                sync, ServingStore.DEFINITION, 1, Json.toBytes(QueryApiITCase.definition()));
        write(QueryApiITCase.standings(10, "r1", "r2", "r3"));
        chromium = HeadlessChromium.start(1280, 900);
        browser = chromium.driver();
    }

    @AfterAll
    static void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
            app.after();
        } finally {
            client.shutdown();
            redis.close();
        }
    }

    private static void write(RaceUpdate standings) {
        QueryApiITCase.write(
                sync, RaceUpdate.STANDINGS, standings.version(), Json.toBytes(standings));
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The standings' rider ids in the page's order, read in one script (rows are replaced). */
    @SuppressWarnings("unchecked")
    private static List<String> order() {
        return (List<String>)
                browser.executeScript(
                        "return [...document.querySelectorAll('#standings tbody tr')]"
                                + ".map(r => r.innerText);");
    }

    @Test
    @Order(1)
    void thePageShowsTheRaceAndItsStandingsAndFollowsTheirChanges() {
        browser.get("http://127.0.0.1:" + app.getLocalPort() + "/live/?race=tdf-2024-07");

        await().atMost(Duration.ofSeconds(30)).until(() -> text("connection").equals("live"));
        await().atMost(Duration.ofSeconds(30)).until(() -> order().size() == 3);
        assertThat(text("race-name")).isEqualTo("Stage 7");
        assertThat(order().get(0)).contains("Rider r1");

        // a newer standings in the store reaches the open page by itself
        write(QueryApiITCase.standings(20, "r3", "r1", "r2"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !order().isEmpty() && order().get(0).contains("Rider r3"));
        chromium.screenshot("query-live-page.png");
    }

    @SuppressWarnings("unchecked")
    private static List<String> items(String listId) {
        return (List<String>)
                browser.executeScript(
                        "return [...document.querySelectorAll('#"
                                + listId
                                + " li')]"
                                + ".map(li => li.innerText);");
    }

    @Test
    @Order(2)
    void theFeedShowsTheNewestEventsHoweverManyCameBefore() {
        for (int i = 0; i < 150; i++) {
            String rider = "r" + (i % 3 + 1);
            CheckpointPassage passage =
                    new CheckpointPassage(
                            CheckpointPassage.idOf("tdf-2024-07", rider, "km5", i + 1),
                            "tdf-2024-07",
                            rider,
                            "km5",
                            i + 1,
                            T0.plusSeconds(1_000 + i),
                            5_000,
                            false);
            RaceUpdate update = RaceUpdate.of(passage);
            QueryApiITCase.write(sync, RaceUpdate.PASSAGE, update.version(), Json.toBytes(update));
        }
        browser.get("http://127.0.0.1:" + app.getLocalPort() + "/live/?race=tdf-2024-07");

        // the newest passage at 13:19:09 (1,149 s after 13:00), the oldest at 13:16:40
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                !items("events").isEmpty()
                                        && items("events").get(0).startsWith("13:19:09"));
        assertThat(items("events")).hasSize(100).noneMatch(e -> e.startsWith("13:16:40"));
    }

    @Test
    @Order(3)
    void theHeadOfTheRaceIsLedByTheStandingsLeaderWhoseGapIsNone() {
        // the group lists its riders as the writer had them; r1 leads the standings
        Standings s = QueryApiITCase.standings(40, "r1", "r2", "r3").standings();
        RaceGroup head = new RaceGroup(1, List.of("r2", "r1", "r3"), 0, 0, 11.2);
        write(
                RaceUpdate.of(
                        new Standings(s.raceId(), s.asOf(), 12_000, s.riders(), List.of(head))));
        browser.get("http://127.0.0.1:" + app.getLocalPort() + "/live/?race=tdf-2024-07");

        await().atMost(Duration.ofSeconds(30)).until(() -> items("groups").size() == 1);
        assertThat(items("groups").get(0))
                .startsWith("Head of the race: 3 riders, led by Ann (1)"); // r1
        assertThat(order().get(0)).as("the leader's gap").contains("Rider r1\t—");
        assertThat(order().get(1)).contains("Rider r2\t+0:02");
    }

    /** The officials neutralise the race: the page says so, and says nothing once it restarts. */
    @Test
    @Order(4)
    void thePageSaysWhenTheRaceIsNeutralised() {
        Standings s = QueryApiITCase.standings(50, "r1", "r2", "r3").standings();
        write(
                RaceUpdate.of(
                        new Standings(s.raceId(), s.asOf(), 12_000, s.riders(), s.groups(), true)));
        browser.get("http://127.0.0.1:" + app.getLocalPort() + "/live/?race=tdf-2024-07");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> text("neutralised").startsWith("Race neutralised"));

        Standings restarted = QueryApiITCase.standings(60, "r1", "r2", "r3").standings();
        write(RaceUpdate.of(restarted));
        await().atMost(Duration.ofSeconds(30)).until(() -> text("neutralised").isEmpty());
    }

    @Test
    @Order(5)
    void nobodyIsOnTheRoadOnceEveryoneHasFinished() {
        Instant asOf = T0.plusSeconds(4_000);
        List<StandingsEntry> finished = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            finished.add(
                    new StandingsEntry(
                            i,
                            "r" + i,
                            String.valueOf(i),
                            "Rider r" + i,
                            RiderStatus.FINISHED,
                            1,
                            12_000,
                            0,
                            (double) i,
                            0,
                            T0.plusSeconds(3_000 + i),
                            3_000.0 + i,
                            T0.plusSeconds(3_000 + i),
                            47.11,
                            4.92));
        }
        // a group left in the data by a writer that kept it: the page does not show it
        RaceGroup stale = new RaceGroup(1, List.of("r1", "r2", "r3"), 0, 0, 10.3);
        write(RaceUpdate.of(new Standings("tdf-2024-07", asOf, 12_000, finished, List.of(stale))));
        browser.get("http://127.0.0.1:" + app.getLocalPort() + "/live/?race=tdf-2024-07");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> order().size() == 3 && order().get(0).contains("winner"));
        assertThat(items("groups")).isEmpty();
    }
}
