package org.openects.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.server.support.Api;
import org.openects.server.support.DevicePublisher;
import org.openects.server.support.Fixtures;
import org.openects.server.support.HeadlessChromium;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The web UI in a real browser (Debian's headless Chromium) against the whole platform on real servers: an
 * administrator logs in through the form, sees the movements on the map, and sees an alert arrive live when a truck
 * leaves its corridor. Saves screenshots of the pages to {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class WebUiIT extends IntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Nairobi to the Malaba border post, for a second truck on the map. */
    private static final List<List<Double>> NAIROBI_MALABA = List.of(
            List.of(-1.29, 36.82),
            List.of(-0.72, 36.43),
            List.of(-0.30, 36.07),
            List.of(0.52, 35.27),
            List.of(0.635, 34.28));

    @LocalServerPort
    int port;

    private @Nullable HeadlessChromium chromium;

    @BeforeEach
    void startChromium() throws IOException {
        chromium = HeadlessChromium.start();
    }

    @AfterEach
    void stopChromium() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anAdministratorSeesTheMovementsOnTheMapAndAnAlertArriveLive() throws IOException {
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long traderId = admin.post(
                        "/api/v1/organisations", Map.of("name", Fixtures.uniqueId("Trader"), "type", "TRADER"))
                .json()
                .get("id")
                .asLong();
        Truck leaving = Truck.register(admin, traderId, Fixtures.aMovement(Fixtures.uniqueId("MRN"), traderId, "?"));
        Truck onRoute = Truck.register(admin, traderId, nairobiToMalaba(Fixtures.uniqueId("MRN"), traderId));

        try (DevicePublisher devices = new DevicePublisher()) {
            devices.publish(onRoute.report(1, -1.29, 36.82), onRoute.key);
            devices.publish(onRoute.report(2, -0.72, 36.43), onRoute.key);
            devices.publish(leaving.report(1, -4.05, 39.66), leaving.key);

            logInThroughTheForm("admin", TestAccounts.ADMIN_PASSWORD);

            WebElement map = await(By.cssSelector("#map.leaflet-container"));
            assertThat(map.getAttribute("class")).contains("leaflet-container");
            await(By.cssSelector("#movement-list .movement-item[data-movement-id='" + leaving.movementId + "']"));
            assertThat(browser().findElements(By.cssSelector("#map path.corridor-band")))
                    .as("corridor bands drawn on the map")
                    .hasSizeGreaterThanOrEqualTo(2);
            await(By.cssSelector("#map path.position-marker"));

            // Remember this page: if the alert shows up, it came over the live stream, not a reload.
            browser().executeScript("window.ectsSamePage = 'yes';");

            devices.publish(leaving.report(2, -3.20, 39.40), leaving.key);

            WebElement alert =
                    await(By.cssSelector("#alert-list .alert-item[data-movement-id='" + leaving.movementId + "']"));
            assertThat(alert.getText()).contains("Corridor left").contains(leaving.reference);
            assertThat(alert.getAttribute("class")).contains("sev-high").contains("state-open");
            assertThat(alert.findElements(By.cssSelector("button.acknowledge"))).hasSize(1);
            assertThat(browser().executeScript("return window.ectsSamePage;")).isEqualTo("yes");
            await(By.cssSelector("#movement-list .movement-item.alert[data-movement-id='" + leaving.movementId + "']"));
            screenshot("control-room.png");

            browser().get(url("/movements/" + leaving.movementId));
            await(By.cssSelector("#timeline .timeline-item.is-alert"));
            assertThat(browser().findElement(By.id("movement-reference")).getText())
                    .isEqualTo(leaving.reference);
            screenshot("movement.png");

            browser().findElement(By.id("logout")).click();
            await(By.name("username"));
            assertThat(browser().getCurrentUrl()).endsWith("/login?logout");
        }
    }

    private void logInThroughTheForm(String username, String password) throws IOException {
        browser().get(url("/"));
        WebElement user = await(By.name("username"));
        screenshot("login.png");
        user.sendKeys(username);
        browser().findElement(By.name("password")).sendKeys(password);
        browser()
                .findElement(By.cssSelector("form button[type=submit], form input[type=submit]"))
                .click();
        await(By.cssSelector("#user-name"));
        assertThat(browser().findElement(By.id("user-name")).getText()).isEqualTo(username);
    }

    private WebElement await(By locator) {
        return new WebDriverWait(browser(), PATIENCE).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private void screenshot(String name) throws IOException {
        chromium().screenshot(name);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private ChromeDriver browser() {
        return chromium().driver();
    }

    private HeadlessChromium chromium() {
        if (chromium == null) {
            throw new IllegalStateException(HeadlessChromium.INSTALL);
        }
        return chromium;
    }

    private static Map<String, Object> nairobiToMalaba(String reference, long traderId) {
        return Map.of(
                "reference",
                reference,
                "traderOrganisationId",
                traderId,
                "vehicle",
                "KCB 777X / ZD 1200",
                "routePlan",
                Map.of(
                        "corridor", Map.of("path", NAIROBI_MALABA, "widthMeters", 2000),
                        "origin",
                                Map.of(
                                        "name",
                                        "Nairobi ICD",
                                        "latitude",
                                        -1.29,
                                        "longitude",
                                        36.82,
                                        "radiusMeters",
                                        3000),
                        "destination",
                                Map.of(
                                        "name",
                                        "Malaba border post",
                                        "latitude",
                                        0.635,
                                        "longitude",
                                        34.28,
                                        "radiusMeters",
                                        2000),
                        "maxReportingGapSeconds", 3600));
    }

    /** A registered e-seal on a movement created through the API. */
    private record Truck(String deviceId, byte[] key, long movementId, String reference) {

        static Truck register(Api admin, long traderId, Map<String, Object> movementBody) {
            String deviceId = Fixtures.uniqueId("ESEAL");
            Api.Response device = admin.registerDevice(Fixtures.anESeal(deviceId));
            assertThat(device.status()).as(device.body()).isEqualTo(201);
            byte[] key = Base64.getDecoder().decode(device.json().get("key").asString());
            Map<String, Object> body = new HashMap<>(movementBody);
            body.put("deviceId", deviceId);
            Api.Response movement = admin.post("/api/v1/movements", body);
            assertThat(movement.status()).as(movement.body()).isEqualTo(201);
            return new Truck(
                    deviceId,
                    key,
                    movement.json().get("id").asLong(),
                    body.get("reference").toString());
        }

        Report report(long counter, double latitude, double longitude) {
            return Report.builder(DeviceId.of(deviceId), Instant.now().truncatedTo(ChronoUnit.MILLIS))
                    .counter(counter)
                    .position(latitude, longitude)
                    .seal(SealState.CLOSED)
                    .build();
        }
    }
}
