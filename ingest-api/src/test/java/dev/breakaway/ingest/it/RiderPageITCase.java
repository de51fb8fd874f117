package dev.breakaway.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breakaway.core.model.GpsFix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The reference rider page in headless Chromium (Debian's chromium and chromedriver), with the
 * browser's geolocation emulated: positions recorded while the network is cut stay in IndexedDB and
 * reach the stream once it is back.
 */
class RiderPageITCase {

    private static IngestHarness ingest;
    private static ChromeDriver browser;
    private static Path profile;

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException(
                    "Debian's chromium and chromium-driver are needed: run scripts/install-local-stack");
        }
        ingest = new IngestHarness(List.of("r1"), config -> {});
        profile = Files.createTempDirectory("rider-page-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=480,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .usingAnyFreePort()
                        .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            ingest.close();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
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
        screenshot("rider-page-offline.png");

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
        screenshot("rider-page-back-online.png");
    }

    private static void screenshot(String name) {
        try {
            Path target = Path.of("target", "screenshots");
            Files.createDirectories(target);
            Files.copy(
                    browser.getScreenshotAs(OutputType.FILE).toPath(),
                    target.resolve(name),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
