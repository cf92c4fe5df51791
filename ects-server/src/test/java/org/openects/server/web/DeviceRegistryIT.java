package org.openects.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.codec.openects.NativeReportCodec;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.SealState;
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
 * The device registry and ingress pages in a real browser (Debian's headless Chromium) against the whole platform:
 * an administrator registers an e-seal through the form for a seal provider and never sees its key, rotates it; the
 * provider takes the key once; the administrator revokes the device, then finds a device that spoke without being
 * registered on the ingress page and follows its "Register" link. Saves screenshots
 * to {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class DeviceRegistryIT extends IntegrationTest {

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
    void anAdministratorRegistersADeviceItsSealProviderTakesItsKeyOnceTheAdministratorRevokesItAndFindsUnknownDevices()
            throws IOException {
        String stranger = Fixtures.uniqueId("STRANGER");
        sendFromAnUnregisteredDevice(stranger);
        String deviceId = Fixtures.uniqueId("ESEAL");
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        String providerName = Fixtures.uniqueId("Seals Ltd");
        long provider = admin.post("/api/v1/organisations", Map.of("name", providerName, "type", "SEAL_PROVIDER"))
                .json()
                .get("id")
                .asLong();
        String providerUser = Fixtures.uniqueId("provider").toLowerCase(Locale.ROOT);
        assertThat(admin.post(
                                "/api/v1/users",
                                Map.of(
                                        "username",
                                        providerUser,
                                        "password",
                                        providerUser + "-password",
                                        "organisationId",
                                        provider,
                                        "roles",
                                        List.of("SEAL_PROVIDER")))
                        .status())
                .isEqualTo(201);

        logInThroughTheForm("admin", TestAccounts.ADMIN_PASSWORD);
        browser().findElement(By.id("nav-devices")).click();
        await(By.cssSelector("#device-table"));

        // Register through the form for a seal provider: the administrator sees no key, the key waits for the provider.
        WebElement form = await(By.id("register-form"));
        form.findElement(By.name("deviceId")).sendKeys(deviceId);
        new Select(form.findElement(By.name("kind"))).selectByValue("E_SEAL");
        new Select(form.findElement(By.name("sealClass"))).selectByValue("H");
        new Select(form.findElement(By.name("protocol"))).selectByValue("openects");
        await(By.cssSelector("#register-owner option[value='" + provider + "']"));
        new Select(form.findElement(By.name("ownerOrganisationId"))).selectByValue(Long.toString(provider));
        form.findElement(By.name("firmware")).sendKeys("2.1.0");
        browser().findElement(By.id("register-submit")).click();

        assertThat(visible(By.cssSelector("#key-box .key-item[data-device-id='" + deviceId + "']"))
                        .getText())
                .contains("held for the device's seal provider");
        assertThat(browser().findElements(By.cssSelector(".key-value"))).isEmpty();

        WebElement row = await(By.cssSelector("#device-rows tr[data-device-id='" + deviceId + "']"));
        assertThat(row.getText()).contains("E-seal", "openects", "H", "never", "2.1.0");
        assertThat(row.findElements(By.cssSelector(".badge.key-waiting"))).hasSize(1);
        assertThat(new Select(row.findElement(By.cssSelector("select.lifecycle-select")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo("In stock");
        assertThat(row.findElements(By.cssSelector(".badge.revoked"))).isEmpty();
        screenshot("devices.png");

        browser().findElement(By.id("key-done")).click();
        new WebDriverWait(browser(), PATIENCE).until(ExpectedConditions.invisibilityOfElementLocated(By.id("key-box")));

        // Registering the same id again: the conflict is shown next to the device id field.
        browser().findElement(By.name("deviceId")).sendKeys(deviceId);
        browser().findElement(By.id("register-submit")).click();
        assertThat(visible(By.cssSelector("#register-form .field-error[data-field='deviceId']"))
                        .getText())
                .contains("already registered");

        // CSV import, all or nothing: a bad line is named and nothing is registered; then a good file (no keys).
        String signing = Fixtures.uniqueId("ESEAL");
        String legacy = Fixtures.uniqueId("TRK");
        WebElement csv = browser().findElement(By.id("import-csv"));
        csv.sendKeys("deviceId,kind,sealClass,protocol,firmware\n" + signing + ",E_SEAL,H,openects,\n" + legacy
                + ",BOAT,,jt808,\n");
        browser().findElement(By.id("import-submit")).click();
        assertThat(visible(By.id("import-errors")).getText()).contains("line 3", "kind");
        assertThat(browser().findElements(By.cssSelector("#device-rows tr[data-device-id='" + signing + "']")))
                .isEmpty();
        csv.clear();
        csv.sendKeys("deviceId,kind,sealClass,protocol,firmware\n" + signing + ",E_SEAL,H,openects,\n" + legacy
                + ",TRACKER,,jt808,\n");
        browser().findElement(By.id("import-submit")).click();
        assertThat(visible(By.cssSelector("#key-box .key-item[data-device-id='" + signing + "']"))
                        .getText())
                .contains("held for the device's seal provider");
        assertThat(browser()
                        .findElement(By.cssSelector("#key-box .key-item[data-device-id='" + legacy + "']"))
                        .getText())
                .contains("No key");
        assertThat(browser().findElements(By.cssSelector(".key-value"))).isEmpty();
        await(By.cssSelector("#device-rows tr[data-device-id='" + legacy + "']"));
        browser().findElement(By.id("key-done")).click();

        // After a reload, no key anywhere on the page.
        browser().navigate().refresh();
        await(By.cssSelector("#device-rows tr[data-device-id='" + deviceId + "']"));
        assertThat(browser().findElement(By.id("key-box")).isDisplayed()).isFalse();
        assertThat(browser().findElements(By.cssSelector(".key-value"))).isEmpty();

        // The filter keeps the matching rows only.
        browser().findElement(By.id("device-filter")).sendKeys(deviceId);
        assertThat(browser().findElements(By.cssSelector("#device-rows tr.device-row")).stream()
                        .filter(WebElement::isDisplayed)
                        .map(visibleRow -> visibleRow.getDomAttribute("data-device-id")))
                .containsExactly(deviceId);

        // Rotate the key (after confirming): the new key, too, waits for the seal provider.
        rowOf(deviceId).findElement(By.cssSelector("button.rotate-key")).click();
        new WebDriverWait(browser(), PATIENCE).until(ExpectedConditions.alertIsPresent());
        browser().switchTo().alert().accept();
        assertThat(visible(By.cssSelector("#key-box .key-item[data-device-id='" + deviceId + "']"))
                        .getText())
                .contains("held for the device's seal provider");
        assertThat(browser().findElements(By.cssSelector(".key-value"))).isEmpty();
        browser().findElement(By.id("key-done")).click();

        // The seal provider takes the key, once: shown in the key box with its CSV download, then the button goes.
        browser().manage().deleteAllCookies();
        logInThroughTheForm(providerUser, providerUser + "-password");
        browser().get(url("/devices"));
        rowOf(deviceId).findElement(By.cssSelector("button.take-key")).click();
        String key = visible(By.cssSelector("#key-box .key-item[data-device-id='" + deviceId + "'] .key-value"))
                .getDomProperty("value");
        assertThat(Base64.getDecoder().decode(key)).hasSize(32);
        assertThat(browser().findElement(By.id("key-box")).getText()).contains("will not be shown again");
        String download = browser().findElement(By.id("key-download")).getAttribute("href");
        assertThat(URLDecoder.decode(download.substring(download.indexOf(',') + 1), StandardCharsets.UTF_8))
                .isEqualTo("deviceId,base64key\n" + deviceId + "," + key + "\n");
        new WebDriverWait(browser(), PATIENCE).until(d -> rowOf(deviceId)
                .findElements(By.cssSelector("button.take-key"))
                .isEmpty());
        screenshot("devices-provider.png");
        browser().findElement(By.id("key-done")).click();

        browser().manage().deleteAllCookies();
        logInThroughTheForm("admin", TestAccounts.ADMIN_PASSWORD);
        browser().get(url("/devices"));
        assertThat(rowOf(deviceId).findElements(By.cssSelector(".badge.key-waiting")))
                .isEmpty();

        // Revoke, giving a reason: the row shows the badge and loses its key actions.
        rowOf(deviceId).findElement(By.cssSelector("button.revoke")).click();
        visible(By.id("revoke-reason")).sendKeys("Reported lost at Malaba");
        browser().findElement(By.id("revoke-confirm")).click();
        await(By.cssSelector("#device-rows tr.revoked[data-device-id='" + deviceId + "'] .badge.revoked"));
        assertThat(rowOf(deviceId).findElements(By.cssSelector("button.revoke")))
                .isEmpty();

        // The ingress page lists the device that spoke without being registered, with a link to register it.
        browser().findElement(By.id("nav-ingress")).click();
        WebElement unknown = await(By.cssSelector("#unknown-rows tr[data-device-id='" + stranger + "']"));
        assertThat(unknown.getText()).contains("seen 1 time since");
        await(By.cssSelector("#stats-rows tr[data-outcome='REJECTED'][data-reason='UNKNOWN_DEVICE']"));
        await(By.cssSelector("#rejection-rows tr.rejection-row"));
        assertThat(browser().findElement(By.id("rejection-rows")).getText()).contains(stranger, "Unknown device");
        screenshot("ingress.png");

        unknown.findElement(By.cssSelector("a.register-unknown")).click();
        WebElement prefilled = await(By.cssSelector("#register-form input[name='deviceId']"));
        assertThat(browser().getCurrentUrl()).endsWith("/devices?register=" + stranger);
        assertThat(prefilled.getDomProperty("value")).isEqualTo(stranger);
    }

    /** A native message signed with a key the registry never issued, from an id it does not know. */
    @Test
    void anIridiumDeviceIsRegisteredWithItsPayloadFormatAndAT622TrackerGetsNoKey() {
        String imei = "30" + String.format("%013d", new SecureRandom().nextLong(10_000_000_000_000L));
        logInThroughTheForm("admin", TestAccounts.ADMIN_PASSWORD);
        browser().findElement(By.id("nav-devices")).click();
        WebElement form = await(By.id("register-form"));
        assertThat(browser().findElement(By.id("register-payload-format-row")).isDisplayed())
                .as("no payload format for the native protocol")
                .isFalse();

        form.findElement(By.name("deviceId")).sendKeys(imei);
        new Select(form.findElement(By.name("kind"))).selectByValue("TRACKER");
        new Select(form.findElement(By.name("protocol"))).selectByValue("iridium");
        new Select(visible(By.name("payloadFormat"))).selectByValue("t622");
        browser().findElement(By.id("register-submit")).click();

        assertThat(visible(By.cssSelector("#key-box .key-item[data-device-id='" + imei + "']"))
                        .getText())
                .contains("No key", "iridium (t622)");
        assertThat(await(By.cssSelector("#device-rows tr[data-device-id='" + imei + "']"))
                        .getText())
                .contains("iridium (t622)");
    }

    private void sendFromAnUnregisteredDevice(String deviceId) {
        byte[] someKey = new byte[32];
        new SecureRandom().nextBytes(someKey);
        Report report = Report.builder(DeviceId.of(deviceId), Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .counter(1)
                .position(-4.05, 39.66)
                .seal(SealState.CLOSED)
                .build();
        byte[] message = NativeReportCodec.signer().encode(report, someKey);
        Api.Response answer = Api.anonymous(port)
                .send(
                        "POST",
                        "/api/v1/ingest/openects",
                        new String(message, StandardCharsets.US_ASCII),
                        "application/jose");
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.json().get("reason").asString()).isEqualTo("UNKNOWN_DEVICE");
    }

    private WebElement rowOf(String deviceId) {
        return await(By.cssSelector("#device-rows tr[data-device-id='" + deviceId + "']"));
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
}
