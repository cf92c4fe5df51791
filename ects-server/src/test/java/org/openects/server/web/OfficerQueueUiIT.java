package org.openects.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
import org.openects.server.support.HeadlessChromium;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.openects.server.support.Transits;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The office queue in a real browser (Debian's headless Chromium) against the whole platform: a movement declared from
 * Mombasa to Malaba (approved, armed and in transit) is due at KEMAL100; another, moved by the officer to incident then
 * enquiry, is in the enquiry panel; the office chosen is kept in the URL and in the browser. A trader gets no link to
 * the page and the "not for your roles" page. Saves {@code target/screenshots/office-queue.png}, with {@code
 * -Dects.docs.write=true} also {@code docs/screenshots/office-queue.png}.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class OfficerQueueUiIT extends IntegrationTest {

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
    void anOfficerSeesTheArrivalsDueAtTheOfficeAndTheMovementsInEnquiry() throws IOException {
        Api admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long customs = organisations.ensure("Queue UI customs", OrganisationType.CUSTOMS);
        long trader = organisations.ensure("Queue UI trader", OrganisationType.TRADER);
        accounts.ensureUser("ui-queue-officer", "ui-queue-officer-password", customs, Set.of(Role.OFFICER));
        accounts.ensureUser("ui-queue-trader", "ui-queue-trader-password", trader, Set.of(Role.TRADER));
        Api officer = Api.login(port, "ui-queue-officer", "ui-queue-officer-password");
        Transits transits =
                new Transits(admin, Api.login(port, "ui-queue-trader", "ui-queue-trader-password"), officer);

        JsonNode arriving = transits.inTransit("KEMSA100", "KEMAL100", List.of("KDA 481Q", "ZD 7710"));
        JsonNode inquired = transits.inTransit("KEMSA100", "KENBI100", List.of("KCB 902M", "ZF 1138"));
        long enquiryId = inquired.get("id").asLong();
        transits.transition(enquiryId, "INCIDENT", "seal reported opened near Mariakani");
        transits.transition(enquiryId, "ENQUIRY", "no explanation from the haulier");
        String arrivingId = arriving.get("id").asString();

        logInThroughTheForm("ui-queue-officer", "ui-queue-officer-password");
        assertThat(browser().findElements(By.id("nav-queue"))).hasSize(1);
        browser().get(url("/queue?office=KEMAL100"));
        assertThat(browser().getTitle()).startsWith("Office queue");

        WebElement arrival = await(By.cssSelector("#arrival-rows tr.arrival-row[data-id='" + arrivingId + "']"));
        assertThat(arrival.getDomAttribute("data-state")).isEqualTo("IN_TRANSIT");
        assertThat(arrival.getText())
                .contains(arriving.get("reference").asString(), "KDA 481Q", "IN TRANSIT", " km", " h ");
        assertThat(arrival.findElement(By.cssSelector("a")).getDomAttribute("href"))
                .isEqualTo("/movements/" + arrivingId);
        assertThat(await(By.id("arrivals-title")).getText()).containsIgnoringCase("Arrivals due at KEMAL100 Malaba");
        assertThat(browser().findElements(By.cssSelector("#arrival-rows tr.arrival-row[data-id='" + enquiryId + "']")))
                .isEmpty();

        WebElement enquiry = await(By.cssSelector("#enquiry-rows tr.enquiry-row[data-id='" + enquiryId + "']"));
        assertThat(enquiry.getDomAttribute("data-state")).isEqualTo("ENQUIRY");
        assertThat(enquiry.getText()).contains(inquired.get("reference").asString(), "ENQUIRY", "KENBI100");
        assertThat(browser().findElements(By.cssSelector("#enquiry-rows tr.enquiry-row[data-id='" + arrivingId + "']")))
                .isEmpty();
        assertThat(new Select(browser().findElement(By.id("office-select")))
                        .getFirstSelectedOption()
                        .getDomAttribute("value"))
                .isEqualTo("KEMAL100");
        screenshot("office-queue.png");

        // the choice is remembered: without ?office= the page opens on the office last chosen
        browser().get(url("/queue"));
        await(By.cssSelector("#arrival-rows tr.arrival-row[data-id='" + arrivingId + "']"));
        assertThat(browser().getCurrentUrl()).endsWith("/queue?office=KEMAL100");

        // a trader: no link to the queue, and the page says it is not for their roles
        browser().manage().deleteAllCookies();
        logInThroughTheForm("ui-queue-trader", "ui-queue-trader-password");
        assertThat(browser().findElements(By.id("nav-queue"))).isEmpty();
        browser().get(url("/queue?office=KEMAL100"));
        assertThat(await(By.cssSelector("main")).getText()).contains("Not for your roles");
        assertThat(browser().findElements(By.id("office-select"))).isEmpty();
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

    /** Saves the screenshot under target/screenshots and, with {@code -Dects.docs.write=true}, docs/screenshots. */
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
