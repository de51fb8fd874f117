package dev.breakaway.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakaway.core.model.GpsFix;
import dev.breakaway.devstack.HeadlessChromium;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The reference rider page in headless Chromium (Debian's chromium and chromedriver), with the
 * browser's geolocation emulated: positions recorded while the network is cut stay in IndexedDB and
 * reach the stream once it is back.
 */
class RiderPageITCase {

    private static IngestHarness ingest;
    private static HeadlessChromium chromium;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        ingest = new IngestHarness(List.of("r1"), config -> {});
        chromium = HeadlessChromium.start(480, 900);
        browser = chromium.driver();
    }

    @AfterAll
    static void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            ingest.close();
        }
    }

    private static void moveTo(double lat, double lon) {
        browser.executeCdpCommand(
                "Emulation.setGeolocationOverride",
                Map.of("latitude", lat, "longitude", lon, "accuracy", 5));
    }

    private static void network(boolean offline) {
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand(
                "Network.emulateNetworkConditions",
                Map.of(
                        "offline",
                        offline,
                        "latency",
                        0,
                        "downloadThroughput",
                        -1,
                        "uploadThroughput",
                        -1));
    }

    private static String shown(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** Moves the emulated phone and waits until the page has stored the new position. */
    private static void recordAt(int step) {
        String before = shown("position");
        moveTo(47.1371 + step * 2e-4, 4.9490 + step * 1e-4);
        await().atMost(Duration.ofSeconds(10)).until(() -> !shown("position").equals(before));
    }

    @Test
    void fixesRecordedOfflineAreUploadedWhenTheNetworkComesBack() throws IOException {
        String origin = ingest.baseUrl();
        browser.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of("origin", origin, "permissions", List.of("geolocation")));
        moveTo(47.1371, 4.9490);
        browser.get("about:blank"); // a fresh page whichever test ran before
        browser.get(
                origin
                        + "/rider/#race="
                        + IngestHarness.RACE
                        + "&token="
                        + ingest.tokens.get("r1")
                        + "&every=300");
        assertThat(browser.getCurrentUrl()).doesNotContain("token");

        browser.findElement(By.id("toggle")).click();
        for (int step = 1; step <= 3; step++) {
            recordAt(step);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> ingest.fixesOnStream().size() >= 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> shown("pending").equals("0"));
        int online = ingest.fixesOnStream().size();

        network(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> shown("network").equals("offline"));
        for (int step = 4; step <= 8; step++) {
            recordAt(step);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.parseInt(shown("pending")) >= 5);
        int pendingOffline = Integer.parseInt(shown("pending"));
        assertThat(ingest.fixesOnStream()).hasSize(online);
        chromium.screenshot("rider-page-offline.png");

        network(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> shown("pending").equals("0"));

        List<GpsFix> onStream = ingest.fixesOnStream();
        assertThat(onStream).hasSize(online + pendingOffline);
        assertThat(onStream).allSatisfy(f -> assertThat(f.riderId()).isEqualTo("r1"));
        // in order, and the last one is where the phone was last
        assertThat(onStream)
                .extracting(GpsFix::timestamp)
                .isSortedAccordingTo(java.util.Comparator.naturalOrder());
        GpsFix last = onStream.get(onStream.size() - 1);
        assertThat(last.lat())
                .isCloseTo(47.1371 + 8 * 2e-4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(last.accuracyMeters()).isEqualTo(5.0);
        assertThat(shown("uploaded")).isEqualTo(String.valueOf(online + pendingOffline));
        chromium.screenshot("rider-page-back-online.png");
    }

    @Test
    void thePageIsAnInstallableAppThatKeepsTheScreenOnWhileTrackingAndShowsTheBattery() {
        String origin = ingest.baseUrl();
        // a phone's browser asks the rider once for the wake lock; headless Chromium is told
        browser.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of("origin", origin, "permissions", List.of("geolocation", "wakeLockScreen")));
        moveTo(47.1371, 4.9490);
        browser.get("about:blank");
        browser.get(
                origin
                        + "/rider/#race="
                        + IngestHarness.RACE
                        + "&token="
                        + ingest.tokens.get("r1")
                        + "&every=300");

        // the manifest the page links to is served and makes it installable
        @SuppressWarnings("unchecked")
        Map<String, Object> manifest =
                (Map<String, Object>)
                        browser.executeAsyncScript(
                                "const done = arguments[arguments.length - 1];"
                                        + "fetch(document.querySelector('link[rel=manifest]').href)"
                                        + ".then(r => r.json()).then(done, e => done(null));");
        assertThat(manifest).containsEntry("display", "standalone").containsKey("icons");
        // its service worker takes control of the page (offline start)
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                Boolean.TRUE.equals(
                                        browser.executeAsyncScript(
                                                "const done = arguments[arguments.length - 1];"
                                                        + "navigator.serviceWorker.ready.then("
                                                        + "r => done(r.active !== null),"
                                                        + " () => done(false));")));

        assertThat(shown("wake-lock")).isEqualTo("–");
        browser.findElement(By.id("toggle")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !shown("wake-lock").equals("–"));
        assertThat(shown("wake-lock")).isEqualTo("yes");
        assertThat(shown("battery")).matches("\\d{1,3}%(, charging)?");
        browser.findElement(By.id("toggle")).click();
        assertThat(shown("wake-lock")).isEqualTo("no");
    }
}
