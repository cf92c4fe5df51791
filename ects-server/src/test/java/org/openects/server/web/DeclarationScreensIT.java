package org.openects.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.domain.customs.Mrn;
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
 * The declarations and seal requests pages in a real browser (Debian's headless Chromium) against the whole platform:
 * a trader files a declaration through the form (a wrong MRN check character is shown next to the reference field
 * with its rule), asks for e-seals on it, and an officer approves the request from the queue, which then lists the
 * devices assigned from the provider's stock. Saves {@code declarations.png} and {@code seal-requests.png}
 * (to docs/screenshots with {@code -Dects.docs.write=true}).
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class DeclarationScreensIT extends IntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

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
    void aTraderFilesADeclarationAndAsksForSealsAndAnOfficerApprovesTheRequest() throws IOException {
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long traderOrganisation = admin.newOrganisation("TRADER");
        String trader = account(admin, traderOrganisation, "TRADER");
        String officer = account(admin, admin.newOrganisation("CUSTOMS"), "OFFICER");
        long provider = admin.newOrganisation("SEAL_PROVIDER");
        for (int i = 0; i < 2; i++) {
            Api.Response registered = admin.registerDevice(Map.of(
                    "deviceId",
                    Fixtures.uniqueId("ESEAL"),
                    "kind",
                    "E_SEAL",
                    "ownerOrganisationId",
                    provider,
                    "protocol",
                    "jt808"));
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        }
        String mrn = newMrn();
        String wrongMrn = mrn.substring(0, 17) + (mrn.charAt(17) == '0' ? '1' : '0');

        logInThroughTheForm(trader);
        browser().findElement(By.id("nav-declarations")).click();
        WebElement form = await(By.id("declaration-form"));
        await(By.cssSelector("#declaration-type option[value='MRN']"));
        new Select(form.findElement(By.name("documentType"))).selectByValue("MRN");
        form.findElement(By.name("reference")).sendKeys(wrongMrn);
        form.findElement(By.name("officeOfDeparture")).sendKeys("KEMSA100");
        form.findElement(By.name("officeOfDestination")).sendKeys("UGKLA100");
        form.findElement(By.name("transitOffices")).sendKeys("KEMAL100, UGMAL100");
        form.findElement(By.name("vehiclePlates")).sendKeys("KDA 123A, ZD 4567");
        form.findElement(By.name("containerNumbers")).sendKeys("CSQU3054383");
        form.findElement(By.name("goodsSummary")).sendKeys("Cotton yarn, 18 t");
        WebElement seals = form.findElement(By.name("sealsRequired"));
        seals.clear();
        seals.sendKeys("2");
        browser().findElement(By.id("declaration-submit")).click();

        // The server's problem detail, next to its field, with the rule.
        assertThat(visible(By.cssSelector("#declaration-form .field-error[data-field='reference']"))
                        .getText())
                .contains("mrn.check-character", "is '" + mrn.charAt(17) + "'");
        WebElement reference = form.findElement(By.name("reference"));
        reference.clear();
        reference.sendKeys(mrn);
        browser().findElement(By.id("declaration-submit")).click();

        WebElement row = await(By.cssSelector("#declaration-rows tr[data-reference='" + mrn + "']"));
        assertThat(row.getText()).contains("MRN", "KEMSA100 → KEMAL100 → UGMAL100 → UGKLA100", "CSQU3054383", "none");

        // Request e-seals on it.
        row.findElement(By.cssSelector("button.request-seals")).click();
        await(By.cssSelector("#request-provider option[value='" + provider + "']"));
        new Select(visible(By.id("request-provider"))).selectByValue(Long.toString(provider));
        browser().findElement(By.id("request-confirm")).click();
        new WebDriverWait(browser(), PATIENCE)
                .until(d -> rowOf(mrn)
                                .findElements(By.cssSelector(".badge.request-requested"))
                                .size()
                        == 1);
        assertThat(rowOf(mrn).findElements(By.cssSelector("button.request-seals")))
                .isEmpty();
        screenshot("declarations.png");

        // The officer's queue: approve; the devices assigned are listed.
        browser().manage().deleteAllCookies();
        logInThroughTheForm(officer);
        browser().findElement(By.id("nav-seal-requests")).click();
        WebElement pending = await(By.xpath("//tbody[@id='request-rows']/tr[contains(., '" + mrn + "')]"));
        String requestId = pending.getDomAttribute("data-request-id");
        assertThat(pending.getDomAttribute("data-state")).isEqualTo("REQUESTED");
        pending.findElement(By.cssSelector("button.approve")).click();
        WebElement approved =
                await(By.cssSelector("#request-rows tr[data-request-id='" + requestId + "'][data-state='APPROVED']"));
        assertThat(approved.findElements(By.cssSelector(".device[data-role='SEAL']")))
                .hasSize(2);
        assertThat(approved.getText()).contains("APPROVED", "by " + officer);
        screenshot("seal-requests.png");
    }

    private static String newMrn() {
        SecureRandom random = new SecureRandom();
        StringBuilder first17 = new StringBuilder("26KE");
        for (int i = 0; i < 12; i++) {
            first17.append((char) ('0' + random.nextInt(10)));
        }
        first17.append('T');
        return first17.toString() + Mrn.checkCharacter(first17.toString());
    }

    private String account(Api admin, long organisation, String role) {
        String username = Fixtures.uniqueId("screens").toLowerCase(Locale.ROOT);
        Api.Response created = admin.post(
                "/api/v1/users",
                Map.of(
                        "username",
                        username,
                        "password",
                        username + "-password",
                        "organisationId",
                        organisation,
                        "roles",
                        List.of(role)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return username;
    }

    private WebElement rowOf(String reference) {
        return await(By.cssSelector("#declaration-rows tr[data-reference='" + reference + "']"));
    }

    private void logInThroughTheForm(String username) {
        browser().get("http://127.0.0.1:" + port + "/");
        await(By.name("username")).sendKeys(username);
        browser().findElement(By.name("password")).sendKeys(username + "-password");
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

    /** Saves the screenshot under target/screenshots and, with {@code -Dects.docs.write=true}, docs/screenshots. */
    private void screenshot(String name) throws IOException {
        chromium().screenshotForDocs(name);
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
