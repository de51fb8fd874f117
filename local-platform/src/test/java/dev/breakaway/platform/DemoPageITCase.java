package dev.breakaway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakaway.devstack.HeadlessChromium;
import dev.breakaway.devstack.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The live race page of a running demo race (the README's demo command, run in-process, small and
 * fast) in headless Chromium: the riders and the standings are shown and change as the race moves.
 * A screenshot is kept in {@code target/screenshots/live-page.png}.
 */
class DemoPageITCase {

    private static final String RACE = "demo-trace_2024_7";
    private static Thread demo;
    private static int port;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        port = LocalStack.freePort();
        demo =
                new Thread(
                        () ->
                                Platform.commandLine()
                                        .execute(
                                                "demo",
                                                "--riders",
                                                "12",
                                                "--speedup",
                                                "30",
                                                "--fix-interval-seconds",
                                                "10",
                                                "--page-port",
                                                String.valueOf(port),
                                                "--linger-minutes",
                                                "5"),
                        "demo");
        demo.setDaemon(true);
        demo.start();
        chromium = HeadlessChromium.start(1280, 900);
        browser = chromium.driver();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            demo.interrupt(); // the demo stops its servers and the job on the way out
            demo.join(Duration.ofSeconds(60).toMillis());
        }
    }

    private static boolean standingsServed() {
        try {
            HttpResponse<String> r =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/v1/races/"
                                                                    + RACE
                                                                    + "/standings"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"riders\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    // Read in one script: the page replaces the table's rows on every frame, so an element found
    // by one WebDriver call may be gone by the next (a stale element).
    private static long rowCount() {
        return ((Number)
                        browser.executeScript(
                                "return document.querySelectorAll('#standings tbody tr').length;"))
                .longValue();
    }

    private static String firstRow() {
        return (String)
                browser.executeScript(
                        "const r = document.querySelector('#standings tbody tr');"
                                + "return r ? r.innerText : '';");
    }

    @Test
    void theLivePageShowsTheRidersAndStandingsOfARunningRaceAndFollowsIt() throws IOException {
        await().atMost(Duration.ofSeconds(120)).until(DemoPageITCase::standingsServed);

        browser.get("http://127.0.0.1:" + port + "/live/?race=" + RACE);
        await().atMost(Duration.ofSeconds(30)).until(() -> text("connection").equals("live"));
        await().atMost(Duration.ofSeconds(30)).until(() -> rowCount() == 12);
        String firstAsOf = text("as-of");
        String firstRow = firstRow();
        assertThat(text("race-name")).isEqualTo("Demo trace_2024_7");
        assertThat(firstRow).contains("km");

        // the race moves: newer standings arrive by themselves, with the riders further on
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !text("as-of").equals(firstAsOf) && !firstRow().equals(firstRow));
        assertThat(rowCount()).isEqualTo(12);
        Object ridersDrawn =
                browser.executeScript(
                        "const c = document.getElementById('map').getContext('2d');"
                                + "const d = c.getImageData(0, 0, c.canvas.width, c.canvas.height).data;"
                                + "let n = 0; for (let i = 0; i < d.length; i += 4) {"
                                + " if (d[i] === 0x2c && d[i+1] === 0x3e && d[i+2] === 0x50) n++; }"
                                + "return n;");
        assertThat(((Number) ridersDrawn).longValue()).as("pixels of rider dots").isPositive();
        Object groups =
                browser.executeScript(
                        "return [...document.querySelectorAll('#groups li')].map(li => li.innerText);");
        assertThat((java.util.List<?>) groups)
                .as("the groups on the road")
                .isNotEmpty()
                .first()
                .asString()
                .startsWith("Head of the race");

        chromium.screenshot("live-page.png");
    }
}
