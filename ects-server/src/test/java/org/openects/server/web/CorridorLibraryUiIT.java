package org.openects.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openects.server.support.Api;
import org.openects.server.support.Fixtures;
import org.openects.server.support.HeadlessChromium;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The route library page in a real browser (Debian's headless Chromium) against the whole platform: an officer opens
 * it from the navigation, sees the shipped Northern Corridor drawn (band, border post, stops, restricted zone,
 * coverage hole), downloads it as GPX, imports a GPX file (refused first, the problem shown by field, then accepted)
 * and sees the new corridor drawn; a trader has no such page. Saves {@code target/screenshots/corridors.png}, and
 * with {@code -Dects.docs.write=true} also {@code docs/screenshots/corridors.png}.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class CorridorLibraryUiIT extends IntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

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
    void anOfficerSeesTheNorthernCorridorDownloadsItAndImportsAGpxFile() throws IOException {
        String officer = account("CUSTOMS", "OFFICER");
        logInThroughTheForm(officer, officer + "-password");

        browser().findElement(By.id("nav-corridors")).click();
        await(By.cssSelector("#corridor-rows tr.corridor-row[data-corridor-id='northern-corridor-msa-mal']"));
        await(By.cssSelector("#selected[data-corridor-id='northern-corridor-msa-mal']"));
        await(By.cssSelector("#map path.corridor-band"));
        assertThat(browser().findElements(By.cssSelector("#map path.restricted-zone")))
                .hasSize(1);
        assertThat(browser().findElements(By.cssSelector("#map path.coverage-hole")))
                .hasSize(1);
        assertThat(browser().findElements(By.cssSelector("#map path.border-post")))
                .hasSize(1);
        assertThat(browser().findElements(By.cssSelector("#map path.authorised-stop")))
                .hasSize(4);
        assertThat(browser().findElement(By.id("corridor-facts")).getText()).contains("Malaba (Kenya side)", "2000 m");

        // The GPX download, fetched as the browser would with the officer's session.
        String gpxHref = browser().findElement(By.id("export-gpx")).getDomProperty("href");
        assertThat(gpxHref).contains("/api/v1/corridors/northern-corridor-msa-mal?version=", "&format=gpx");
        Object downloaded = browser()
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch(arguments[0], {credentials: 'same-origin'})"
                                + ".then(r => r.text().then(t => done(r.headers.get('content-type') + '|'"
                                + " + r.headers.get('content-disposition') + '|' + t)));",
                        gpxHref);
        assertThat(String.valueOf(downloaded))
                .startsWith("application/gpx+xml")
                .contains("attachment", "<gpx", "http://www.topografix.com/GPX/1/1", "border-post");

        // A file that is not GPX: the problem is shown by field, nothing is added.
        Path broken = dir.resolve("broken.gpx");
        Files.writeString(broken, "<gpx>not closed");
        browser().findElement(By.id("import-file")).sendKeys(broken.toString());
        browser().findElement(By.id("import-submit")).click();
        assertThat(visible(By.id("import-errors")).getText()).contains("document", "not valid GPX");

        // A recorded track from Malaba to Busia as GPX, with its id and width given on the form.
        String id = "test-ui-" + UUID.randomUUID().toString().substring(0, 8);
        Path track = dir.resolve("malaba-busia.gpx");
        Files.writeString(track, """
                <?xml version="1.0" encoding="UTF-8"?>
                <gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="a phone">
                  <trk><name>Malaba - Busia border road</name><trkseg>
                    <trkpt lat="0.6355" lon="34.2820"/><trkpt lat="0.5800" lon="34.2000"/>
                    <trkpt lat="0.5100" lon="34.1300"/><trkpt lat="0.4600" lon="34.0930"/>
                  </trkseg></trk>
                </gpx>""");
        WebElement file = browser().findElement(By.id("import-file"));
        file.sendKeys(track.toString());
        new Select(browser().findElement(By.id("import-format"))).selectByValue("gpx");
        browser().findElement(By.id("import-id")).sendKeys(id);
        browser().findElement(By.id("import-width")).sendKeys("1500");
        browser().findElement(By.id("import-submit")).click();

        await(By.cssSelector("#corridor-rows tr.corridor-row[data-corridor-id='" + id + "']"));
        await(By.cssSelector("#selected[data-corridor-id='" + id + "'][data-version='1']"));
        assertThat(browser().findElement(By.id("selected-name")).getDomProperty("textContent"))
                .isEqualTo("Malaba - Busia border road");
        assertThat(browser().findElement(By.id("import-errors")).isDisplayed()).isFalse();

        // Back to the Northern Corridor for the picture.
        browser()
                .findElement(By.cssSelector("#corridor-rows tr[data-corridor-id='northern-corridor-msa-mal']"))
                .click();
        await(By.cssSelector("#selected[data-corridor-id='northern-corridor-msa-mal']"));
        await(By.cssSelector("#map path.restricted-zone"));
        screenshot("corridors.png");
    }

    @Test
    void aTraderHasNoRouteLibraryPage() {
        String trader = account("TRADER", "TRADER");
        logInThroughTheForm(trader, trader + "-password");

        assertThat(browser().findElements(By.id("nav-corridors"))).isEmpty();
        browser().get(url("/corridors"));
        assertThat(await(By.tagName("body")).getText()).containsIgnoringCase("not for your role");
    }

    private String account(String organisationType, String role) {
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        String username = Fixtures.uniqueId("ui-corridors").toLowerCase(Locale.ROOT);
        Api.Response created = admin.post(
                "/api/v1/users",
                Map.of(
                        "username",
                        username,
                        "password",
                        username + "-password",
                        "organisationId",
                        admin.newOrganisation(organisationType),
                        "roles",
                        List.of(role)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return username;
    }

    private void logInThroughTheForm(String username, String password) {
        browser().get(url("/"));
        WebElement user = await(By.name("username"));
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

    private WebElement visible(By locator) {
        return new WebDriverWait(browser(), PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private void screenshot(String name) throws IOException {
        chromium().screenshotForDocs(name);
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
}
