package org.openects.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
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
import tools.jackson.databind.JsonNode;

/**
 * The chain of custody on the movement page, in a real browser (Debian's headless Chromium) against the whole platform
 * on real servers: an officer logs in through the form, records a seal check with a photo (thumbnail shown, digest as
 * the API lists it), is told which field a handover lacks without losing what was typed, releases the movement (the
 * page says completed, by whom, where, and the form goes); the movement's trader sees the chain but no form; an
 * officer cancels another movement with a reason. Saves screenshots to {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class CustodyUiIT extends IntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String PASSWORD = "a-long-test-password-1";

    @LocalServerPort
    int port;

    @TempDir
    Path temp;

    private @Nullable HeadlessChromium chromium;
    private Api admin;
    private long trader;

    @BeforeEach
    void setUp() throws IOException {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        trader = admin.newOrganisation("TRADER");
        chromium = HeadlessChromium.start();
    }

    @AfterEach
    void stopChromium() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anOfficerRecordsAStepWithAPhotoIsToldWhatAHandoverLacksAndReleasesTheMovement() throws Exception {
        String officerName = user(admin.newOrganisation("CUSTOMS"), "OFFICER", "officer");
        String traderName = user(trader, "TRADER", "trader");
        long movement = startMovement();
        byte[] png = picture(480, 360, new Color(0x1e, 0x88, 0xe5));
        Path photo = Files.write(temp.resolve("seal-check.png"), png);

        logInThroughTheForm(officerName);
        browser().get(url("/movements/" + movement));
        await(By.cssSelector("#custody-list li.empty"));
        assertThat(awaitVisible(By.id("cancel-movement")).isDisplayed())
                .as("officers may cancel an active movement")
                .isTrue();

        // a seal check with one photo
        openTheForm();
        new Select(browser().findElement(By.id("custody-kind"))).selectByValue("VERIFIED");
        assertThat(browser().findElement(By.id("custody-parties")).isDisplayed())
                .as("from/to only for handovers")
                .isFalse();
        browser().findElement(By.id("custody-place")).sendKeys("Malaba border post");
        browser().findElement(By.cssSelector("#custody-seals .seal-number")).sendKeys("KE-H-000001");
        browser().findElement(By.id("custody-note")).sendKeys("seal checked at the gate");
        browser()
                .findElement(By.id("custody-photos"))
                .sendKeys(photo.toAbsolutePath().toString());
        browser().findElement(By.id("custody-submit")).click();

        WebElement verified = await(By.cssSelector("#custody-list .custody-step.kind-verified"));
        assertThat(verified.findElement(By.cssSelector(".badge.kind")).getText())
                .isEqualToIgnoringCase("verified");
        assertThat(verified.getText())
                .contains("Malaba border post", officerName, "KE-H-000001", "seal checked at the gate");
        assertThat(verified.findElement(By.cssSelector(".seal[data-state='INTACT'] .number"))
                        .getText())
                .isEqualTo("KE-H-000001");
        WebElement thumbnail = verified.findElement(By.cssSelector(".photos a.photo img"));
        new WebDriverWait(browser(), PATIENCE)
                .until(driver -> Boolean.TRUE.equals(browser()
                        .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0;", thumbnail)));
        String digest = sha256(png);
        WebElement link = verified.findElement(By.cssSelector(".photos a.photo"));
        assertThat(link.getAttribute("target")).isEqualTo("_blank");
        assertThat(link.getAttribute("href")).endsWith("/api/v1/movements/" + movement + "/custody/photos/" + digest);
        assertThat(link.getAttribute("title")).contains(digest);
        assertThat(link.findElement(By.cssSelector(".digest")).getText()).isEqualTo(digest.substring(0, 12));
        assertThat(thumbnail.getAttribute("src")).endsWith("/custody/photos/" + digest + "/thumbnail");

        Api officer = Api.login(port, officerName, PASSWORD);
        JsonNode chain =
                officer.get("/api/v1/movements/" + movement + "/custody").json();
        assertThat(chain.size()).isEqualTo(1);
        assertThat(chain.get(0).get("kind").asString()).isEqualTo("VERIFIED");
        assertThat(chain.get(0).get("photos").findValuesAsString("sha256")).containsExactly(digest);
        new WebDriverWait(browser(), PATIENCE)
                .until(driver ->
                        Boolean.TRUE.equals(browser().executeScript("return document.getAnimations().length === 0;")));
        screenshot("custody.png");

        // a handover naming nobody to take custody: the error says so, and nothing typed is lost
        openTheForm();
        new Select(browser().findElement(By.id("custody-kind"))).selectByValue("HANDOVER");
        assertThat(browser().findElement(By.id("custody-parties")).isDisplayed())
                .isTrue();
        assertThat(browser()
                        .findElement(By.cssSelector("#custody-seals .seal-number"))
                        .getDomProperty("value"))
                .as("the seals of the last step are offered again")
                .isEqualTo("KE-H-000001");
        browser().findElement(By.id("custody-place")).sendKeys("Malaba border post, Ugandan side");
        browser().findElement(By.id("custody-from")).sendKeys("Kenya Revenue Authority");
        browser().findElement(By.id("custody-note")).sendKeys("driver changed");
        browser().findElement(By.id("custody-submit")).click();

        WebElement toError = awaitVisible(By.cssSelector("#custody-form .field-error[data-field='toParty']"));
        assertThat(toError.getText()).contains("party that takes custody");
        assertThat(browser().findElement(By.id("custody-to")).getAttribute("class"))
                .contains("invalid");
        assertThat(browser().findElement(By.id("custody-place")).getDomProperty("value"))
                .isEqualTo("Malaba border post, Ugandan side");
        assertThat(browser().findElement(By.id("custody-from")).getDomProperty("value"))
                .isEqualTo("Kenya Revenue Authority");
        assertThat(browser().findElement(By.id("custody-note")).getDomProperty("value"))
                .isEqualTo("driver changed");
        assertThat(browser().findElements(By.cssSelector("#custody-list .custody-step")))
                .hasSize(1);
        screenshot("custody-error.png");

        // at destination (through the API): arrived, seals verified, disarmed; then the seals' removal in the form
        // ends supervision: the summary says so, the form and the cancel button go
        String transitions = "/api/v1/movements/" + movement + "/transitions";
        assertThat(officer.post(transitions, Map.of("to", "ARRIVED", "reason", "at the depot"))
                        .status())
                .isEqualTo(201);
        assertThat(officer.post(
                                "/api/v1/movements/" + movement + "/custody",
                                Map.of(
                                        "kind", "VERIFIED",
                                        "place", "Kampala inland container depot",
                                        "seals", List.of(Map.of("number", "KE-H-000001", "state", "INTACT"))))
                        .status())
                .isEqualTo(201);
        assertThat(officer.post(transitions, Map.of("to", "DISARMED", "reason", "unlocked"))
                        .status())
                .isEqualTo(201);
        awaitState("disarmed");
        new Select(browser().findElement(By.id("custody-kind"))).selectByValue("RELEASED");
        WebElement place = browser().findElement(By.id("custody-place"));
        place.clear();
        place.sendKeys("Kampala inland container depot");
        WebElement note = browser().findElement(By.id("custody-note"));
        note.clear();
        note.sendKeys("seal removed, goods released");
        browser().findElement(By.id("custody-submit")).click();

        awaitState("removed");
        WebElement ended = awaitVisible(By.id("movement-ended"));
        assertThat(ended.getText()).contains("Removed", officerName, "Kampala inland container depot");
        await(By.cssSelector("#custody-list .custody-step.kind-released"));
        assertThat(browser().findElements(By.cssSelector("#custody-list .custody-step")).stream()
                        .map(step -> step.getAttribute("data-kind"))
                        .toList())
                .containsExactly("VERIFIED", "VERIFIED", "RELEASED");
        assertThat(browser().findElement(By.id("custody-record")).isDisplayed())
                .as("no form once the seals are removed")
                .isFalse();
        assertThat(browser().findElement(By.id("custody-form")).isDisplayed()).isFalse();
        assertThat(browser().findElement(By.id("cancel-movement")).isDisplayed())
                .isFalse();
        assertThat(admin.get("/api/v1/movements/" + movement)
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("REMOVED");
        // the lifecycle panel lists every transition, the summary the route's estimates
        await(By.cssSelector("#transition-list .transition[data-to='REMOVED']"));
        assertThat(browser().findElements(By.cssSelector("#transition-list .transition")).stream()
                        .map(item -> item.getAttribute("data-to"))
                        .toList())
                .containsExactly("IN_TRANSIT", "ARRIVED", "SEALS_VERIFIED", "DISARMED", "REMOVED");
        assertThat(browser().findElement(By.id("movement-distance")).getText()).endsWith(" km");
        assertThat(browser().findElement(By.id("movement-transit")).getText()).matches("\\d+ h \\d{2} min");
        screenshot("movement-completed.png");

        // the movement's trader sees the chain, photo included, but no form and no cancel button
        logOut();
        logInThroughTheForm(traderName);
        browser().get(url("/movements/" + movement));
        WebElement seen = await(By.cssSelector("#custody-list .custody-step.kind-released"));
        assertThat(seen.isDisplayed()).isTrue();
        assertThat(browser().findElement(By.id("custody-count")).getText()).isEqualTo("3");
        WebElement traderThumbnail = await(By.cssSelector("#custody-list .custody-step.kind-verified .photo img"));
        new WebDriverWait(browser(), PATIENCE)
                .until(driver -> Boolean.TRUE.equals(browser()
                        .executeScript(
                                "return arguments[0].complete && arguments[0].naturalWidth > 0;", traderThumbnail)));
        assertThat(browser().findElements(By.id("custody-form"))).isEmpty();
        assertThat(browser().findElements(By.id("custody-record"))).isEmpty();
        assertThat(browser().findElements(By.id("cancel-movement"))).isEmpty();
        assertThat(browser().findElement(By.id("movement-ended")).getText()).contains("Kampala inland container depot");
    }

    @Test
    void anOfficerCancelsAMovementGivingAReason() throws IOException {
        String officerName = user(admin.newOrganisation("CUSTOMS"), "OFFICER", "officer");
        long movement = startMovement();

        logInThroughTheForm(officerName);
        browser().get(url("/movements/" + movement));
        awaitVisible(By.id("custody-record-toggle"));
        awaitVisible(By.id("cancel-movement")).click();
        WebElement dialog = awaitVisible(By.id("cancel-dialog"));
        dialog.findElement(By.id("cancel-confirm")).click();
        assertThat(awaitVisible(By.id("cancel-error")).getText()).contains("reason");
        dialog.findElement(By.id("cancel-reason")).sendKeys("declaration withdrawn by the trader");
        dialog.findElement(By.id("cancel-confirm")).click();

        awaitState("cancelled");
        assertThat(awaitVisible(By.id("movement-ended")).getText())
                .contains("Cancelled", officerName, "declaration withdrawn by the trader");
        assertThat(browser().findElement(By.id("cancel-dialog")).isDisplayed()).isFalse();
        assertThat(browser().findElement(By.id("custody-record")).isDisplayed()).isFalse();
        assertThat(browser().findElement(By.id("cancel-movement")).isDisplayed())
                .isFalse();
        JsonNode cancelled = admin.get("/api/v1/movements/" + movement).json();
        assertThat(cancelled.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("endedBy").asString()).isEqualTo(officerName);
        assertThat(cancelled.get("endReason").asString()).isEqualTo("declaration withdrawn by the trader");
        screenshot("movement-cancelled.png");
    }

    /** Waits for the state badge to read {@code state} (the style writes it in lower case). */
    private void awaitState(String state) {
        new WebDriverWait(browser(), PATIENCE)
                .until(driver ->
                        browser().findElement(By.id("movement-state")).getText().equalsIgnoreCase(state));
        assertThat(browser().findElement(By.id("movement-state")).getAttribute("class"))
                .contains("state-" + state);
    }

    private void openTheForm() {
        WebElement toggle = awaitVisible(By.id("custody-record-toggle"));
        if (browser().findElement(By.id("custody-record")).getAttribute("open") == null) {
            toggle.click();
        }
        awaitVisible(By.id("custody-form"));
    }

    private void logInThroughTheForm(String username) {
        browser().get(url("/"));
        WebElement user = await(By.name("username"));
        user.sendKeys(username);
        browser().findElement(By.name("password")).sendKeys(PASSWORD);
        browser()
                .findElement(By.cssSelector("form button[type=submit], form input[type=submit]"))
                .click();
        await(By.cssSelector("#user-name"));
        assertThat(browser().findElement(By.id("user-name")).getText()).isEqualTo(username);
    }

    private void logOut() {
        browser().findElement(By.id("logout")).click();
        await(By.name("username"));
    }

    private WebElement await(By locator) {
        return new WebDriverWait(browser(), PATIENCE).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private WebElement awaitVisible(By locator) {
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

    /** A user with one role in the organisation; answers its name (the password is {@link #PASSWORD}). */
    private String user(long organisation, String role, String prefix) {
        String username = Fixtures.uniqueId(prefix).toLowerCase();
        Api.Response created = admin.post(
                "/api/v1/users",
                Map.of(
                        "username",
                        username,
                        "password",
                        PASSWORD,
                        "organisationId",
                        organisation,
                        "roles",
                        List.of(role)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return username;
    }

    private long startMovement() {
        String device = Fixtures.uniqueId("ESEAL");
        Api.Response registered = admin.post("/api/v1/devices", Fixtures.anESeal(device));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        Api.Response started =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, device));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        return started.json().get("id").asLong();
    }

    /** A small PNG: a coloured disc on white. */
    private static byte[] picture(int width, int height, Color colour) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(colour);
            g.fillOval(width / 4, height / 4, width / 2, height / 2);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
