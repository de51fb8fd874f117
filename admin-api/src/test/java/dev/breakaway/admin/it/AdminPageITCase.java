package dev.breakaway.admin.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakaway.devstack.HeadlessChromium;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The admin page in headless Chromium, as an organiser uses it: sign in through the issuer's login
 * page (authorization code with PKCE), create a race, upload its course, register a rider, issue a
 * device and see its QR codes.
 */
class AdminPageITCase {

    private static AdminStack stack;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void start() {
        stack = new AdminStack();
        chromium = HeadlessChromium.start(1200, 1600);
    }

    @AfterAll
    static void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    private static boolean visible(ChromeDriver browser, String id) {
        return !browser.findElements(By.id(id)).isEmpty()
                && browser.findElement(By.id(id)).isDisplayed();
    }

    private static String text(ChromeDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    @Test
    void signInCreateARaceIssueADeviceAndSeeItsQrCode() {
        ChromeDriver browser = chromium.driver();
        browser.get(stack.baseUrl() + "/admin/");
        await().atMost(Duration.ofSeconds(20)).until(() -> visible(browser, "sign-in"));
        assertThat(visible(browser, "signed-in")).isFalse();

        // the issuer's login page, then back with a code the page exchanges for tokens
        browser.findElement(By.id("sign-in")).click();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !browser.findElements(By.id("sign-in-ada")).isEmpty());
        assertThat(browser.getCurrentUrl())
                .startsWith(stack.oidc.authorizationEndpoint().toString())
                .contains("code_challenge_method=S256");
        browser.findElement(By.id("sign-in-ada")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> text(browser, "who").contains("ada"));
        assertThat(text(browser, "who")).contains("admin");
        assertThat(browser.getCurrentUrl()).doesNotContain("code=");

        // a race
        WebElement form = browser.findElement(By.id("new-race"));
        form.findElement(By.name("raceId")).sendKeys("page-race");
        form.findElement(By.name("name")).sendKeys("Made on the page");
        browser.executeScript(
                "document.querySelector('#new-race [name=startTime]').value ="
                        + " '2030-06-01T10:00'");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                visible(browser, "race")
                                        && text(browser, "race-id").equals("page-race"));

        // its course, from a file
        browser.findElement(By.cssSelector("#course [name=file]"))
                .sendKeys(AdminApiITCase.STAGE_7.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("#course button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> text(browser, "course-info").contains("km"));
        assertThat(text(browser, "course-info")).contains("GEOJSON");

        // a rider
        WebElement register = browser.findElement(By.id("register"));
        register.findElement(By.name("riderId")).sendKeys("page-rider");
        register.findElement(By.name("name")).sendKeys("Paula Page");
        register.findElement(By.name("bib")).sendKeys("51");
        register.findElement(By.cssSelector("button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                !browser.findElements(
                                                By.cssSelector("button[data-rider='page-rider']"))
                                        .isEmpty());

        // a device, and its QR codes
        browser.findElement(By.cssSelector("button[data-rider='page-rider']")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> visible(browser, "device"));
        WebElement qr = browser.findElement(By.cssSelector("#qr-rider-page svg"));
        assertThat(qr.isDisplayed()).isTrue();
        assertThat(qr.getSize().getWidth()).isGreaterThan(100);
        assertThat(browser.findElements(By.cssSelector("#qr-rider-page svg path"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("#qr-traccar svg")).isDisplayed()).isTrue();
        String link = browser.findElement(By.id("rider-page-link")).getAttribute("href");
        assertThat(link).startsWith("https://ingest.example.org/rider/#race=page-race&token=");
        assertThat(text(browser, "traccar-settings")).contains("/v1/osmand");
        chromium.screenshot("admin-page-device.png");

        // what the page did is in admin-api, done by the signed-in user
        String admin = stack.token("admin");
        JsonNode devices = stack.get("/v1/races/page-race/devices", admin).json();
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).get("riderId").asText()).isEqualTo("page-rider");
        assertThat(devices.get(0).get("issuedBy").asText()).isEqualTo("ada");
        String credential = link.substring(link.indexOf("token=") + 6);
        assertThat(devices.toString()).doesNotContain(credential);

        // the race under way, neutralised and set going again from the page
        for (String action : new String[] {"schedule", "start"}) {
            browser.findElement(By.cssSelector("button[data-action='" + action + "']")).click();
            String status = action.equals("start") ? "LIVE" : "SCHEDULED";
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> text(browser, "race-status").equals(status));
        }
        browser.findElement(By.id("neutralise")).click();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> text(browser, "race-neutralised").startsWith("neutralised since"));
        browser.findElement(By.id("restart")).click();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> text(browser, "race-neutralised").isEmpty());
        JsonNode neutralisations = stack.get("/v1/races/page-race/neutralisations", admin).json();
        assertThat(neutralisations).hasSize(1);
        assertThat(neutralisations.get(0).get("until").isNull()).isFalse();
    }
}
