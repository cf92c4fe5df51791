package org.openects.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.server.identity.Accounts;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.identity.Role;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The unlock authorisations page in a real browser (Debian's headless Chromium) against the whole platform: an officer
 * authorises an unlock at the truck at an office with the two-person option, sees a wrong office code named next to
 * its field and the two-person rule refuse its own confirmation; a second officer confirms it, then revokes it. Saves
 * {@code target/screenshots/unlocks.png} (and docs/screenshots/ with {@code -Dects.docs.write=true}).
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class UnlocksUiIT extends IntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Organisations organisations;

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
    void anOfficerAuthorisesASecondConfirmsAndRevokes() throws IOException {
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long customs = organisations.ensure("Unlocks UI customs", OrganisationType.CUSTOMS);
        long trader = organisations.ensure("Unlocks UI trader", OrganisationType.TRADER);
        accounts.ensureUser("ui-officer-1", "ui-officer-1-password", customs, Set.of(Role.OFFICER));
        accounts.ensureUser("ui-officer-2", "ui-officer-2-password", customs, Set.of(Role.OFFICER));
        String device = Fixtures.uniqueId("ESEAL");
        assertThat(admin.post("/api/v1/devices", Fixtures.anESeal(device)).status())
                .isEqualTo(201);
        Api.Response movement =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, device));
        assertThat(movement.status()).as(movement.body()).isEqualTo(201);
        String office = "KEVOI" + String.format("%03d", Math.floorMod(System.nanoTime(), 1000));
        Api.Response put = admin.send(
                "PUT",
                "/api/v1/customs-offices/" + office,
                Map.of(
                        "name",
                        "Voi inland depot",
                        "country",
                        "KE",
                        "latitude",
                        -3.40,
                        "longitude",
                        38.56,
                        "radiusMeters",
                        2000,
                        "roles",
                        List.of("DESTINATION"),
                        "twoPersonUnlock",
                        true));
        assertThat(put.status()).as(put.body()).isIn(200, 201);

        logInThroughTheForm("ui-officer-1", "ui-officer-1-password");
        browser().findElement(By.id("nav-unlocks")).click();
        WebElement form = await(By.id("authorise-form"));

        // A wrong office code: named next to its field, nothing listed.
        form.findElement(By.name("deviceId")).sendKeys(device);
        new Select(form.findElement(By.name("placeKind"))).selectByValue("OFFICE");
        form.findElement(By.name("officeCode")).sendKeys("ZZ999999");
        form.findElement(By.name("reason")).sendKeys("examination at the inland depot");
        browser().findElement(By.id("authorise-submit")).click();
        assertThat(visible(By.cssSelector(".field-error[data-field='officeCode']"))
                        .getText())
                .contains("no customs office");

        form.findElement(By.name("officeCode")).clear();
        form.findElement(By.name("officeCode")).sendKeys(office);
        browser().findElement(By.id("authorise-submit")).click();
        WebElement row = await(By.cssSelector("#unlock-rows tr.unlock-row[data-state='AWAITING_CONFIRMATION']"));
        assertThat(row.getText()).contains(device, office, "At truck", "ui-officer-1");

        // The same officer cannot confirm: the two-person rule says why.
        row.findElement(By.cssSelector("button.confirm-unlock")).click();
        assertThat(visible(By.id("unlocks-error")).getText()).contains("two-person rule");
        screenshot("unlocks.png");

        browser().manage().deleteAllCookies();
        logInThroughTheForm("ui-officer-2", "ui-officer-2-password");
        browser().get(url("/unlocks"));
        await(By.cssSelector("#unlock-rows tr.unlock-row[data-state='AWAITING_CONFIRMATION'] button.confirm-unlock"))
                .click();
        // The list is redrawn on every live update: rows are found again rather than kept.
        String effective = stable(
                driver -> driver.findElement(By.cssSelector("#unlock-rows tr.unlock-row[data-state='EFFECTIVE']"))
                        .getText());
        assertThat(effective).contains("ui-officer-1 + ui-officer-2");
        stable(driver -> {
            driver.findElement(
                            By.cssSelector("#unlock-rows tr.unlock-row[data-state='EFFECTIVE'] button.revoke-unlock"))
                    .click();
            return true;
        });
        int buttons =
                stable(driver -> driver.findElement(By.cssSelector("#unlock-rows tr.unlock-row[data-state='REVOKED']"))
                        .findElements(By.cssSelector("button"))
                        .size());
        assertThat(buttons).isZero();
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

    /** What {@code probe} answers once it runs without meeting an element the page redrew in between. */
    private <T> T stable(java.util.function.Function<org.openqa.selenium.WebDriver, T> probe) {
        return new WebDriverWait(browser(), PATIENCE)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(probe::apply);
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
