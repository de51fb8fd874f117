package dev.breakaway.query.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakaway.contracts.json.Json;
import dev.breakaway.contracts.json.RaceUpdate;
import dev.breakaway.contracts.serving.ServingStore;
import dev.breakaway.devstack.HeadlessChromium;
import dev.breakaway.devstack.RedisServer;
import dev.breakaway.query.QueryConfiguration;
import io.dropwizard.testing.DropwizardTestSupport;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * query-api's own live race page in headless Chromium, over a real Redis holding what the tracker
 * writes: the race, its standings, and the push of newer standings without a reload. (The whole
 * path behind it, with a simulated race, is local-platform's {@code DemoPageITCase}.)
 */
class LivePageITCase {

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
}
