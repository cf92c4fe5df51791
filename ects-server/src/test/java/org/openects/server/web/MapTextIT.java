package org.openects.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.server.support.Api;
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
 * Names users give reach the map as text, never as HTML: a movement whose geofences are named with markup shows that
 * markup literally in the map's tooltips, and no element is created from it (real browser, headless Chromium).
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class MapTextIT extends IntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    static final String ORIGIN = "<img src=x class=xss-origin onerror=\"window.ectsXss='origin'\">";
    static final String DESTINATION = "<b class=xss-destination>Voi</b><img src=x onerror=\"window.ectsXss='dest'\">";

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
    void geofenceNamesWithMarkupShowAsTextInTheMapTooltips() {
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long trader = admin.newOrganisation("TRADER");
        String device = Fixtures.uniqueId("XSS");
        assertThat(admin.post("/api/v1/devices", Fixtures.anESeal(device)).status())
                .isEqualTo(201);
        Map<String, Object> body = new HashMap<>(Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, device));
        @SuppressWarnings("unchecked")
        Map<String, Object> plan = new HashMap<>((Map<String, Object>) body.get("routePlan"));
        plan.put("origin", Map.of("name", ORIGIN, "latitude", -4.05, "longitude", 39.66, "radiusMeters", 3000));
        plan.put(
                "destination",
                Map.of("name", DESTINATION, "latitude", -3.40, "longitude", 38.56, "radiusMeters", 3000));
        body.put("routePlan", plan);
        Api.Response movement = admin.post("/api/v1/movements", body);
        assertThat(movement.status()).as(movement.body()).isEqualTo(201);
        long id = movement.json().get("id").asLong();

        logIn("admin", TestAccounts.ADMIN_PASSWORD);
        browser().get(url("/movements/" + id));
        await(By.cssSelector("#map path.geofence-origin"));
        await(By.cssSelector("#map path.geofence-destination"));

        assertThat(tooltipOf("#map path.geofence-origin", "Origin: ")).isEqualTo("Origin: " + ORIGIN);
        assertThat(tooltipOf("#map path.geofence-destination", "Destination: "))
                .isEqualTo("Destination: " + DESTINATION);
        assertThat(browser().findElements(By.cssSelector(".leaflet-tooltip img, .leaflet-tooltip b")))
                .as("no element made from a name")
                .isEmpty();
        assertThat(browser().findElements(By.cssSelector(".xss-origin, .xss-destination")))
                .isEmpty();
        assertThat(browser().executeScript("return window.ectsXss === undefined;"))
                .isEqualTo(true);
    }

    /**
     * Focuses a map layer's path, as the keyboard does (Leaflet opens its tooltip on focus as on hover), and answers
     * the text of the tooltip starting with {@code prefix}.
     */
    private String tooltipOf(String selector, String prefix) {
        WebElement path = await(By.cssSelector(selector));
        browser().executeScript("arguments[0].dispatchEvent(new FocusEvent('focus'));", path);
        try {
            return new WebDriverWait(browser(), PATIENCE)
                    .until(d -> d.findElements(By.cssSelector(".leaflet-tooltip")).stream()
                            .map(t -> t.getDomProperty("textContent"))
                            .filter(text -> text != null && text.startsWith(prefix))
                            .findFirst()
                            .orElse(null));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "no tooltip '" + prefix + "…' after focusing " + selector + "; tooltip pane: "
                            + browser()
                                    .executeScript("const p = document.querySelector('.leaflet-tooltip-pane');"
                                            + " return p ? p.innerHTML : 'none';"),
                    e);
        }
    }

    private void logIn(String username, String password) {
        browser().get(url("/"));
        await(By.name("username")).sendKeys(username);
        browser().findElement(By.name("password")).sendKeys(password);
        browser()
                .findElement(By.cssSelector("form button[type=submit], form input[type=submit]"))
                .click();
        await(By.cssSelector("#user-name"));
    }

    private WebElement await(By locator) {
        return new WebDriverWait(browser(), PATIENCE).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private ChromeDriver browser() {
        if (chromium == null) {
            throw new IllegalStateException(HeadlessChromium.INSTALL);
        }
        return chromium.driver();
    }
}
