package org.openects.server.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openects.domain.DeviceId;
import org.openects.domain.Report;
import org.openects.domain.SealState;
import org.openects.server.support.Api;
import org.openects.server.support.DevicePublisher;
import org.openects.server.support.Eventually;
import org.openects.server.support.Fixtures;
import org.openects.server.support.HeadlessChromium;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A movement's track comes in pages: at most {@code limit} points, the next page named by the {@code Link} header
 * (rel="next") until the track ends; a limit beyond the maximum or a made-up cursor is a field error; and the browser's
 * page-following helper the map uses gathers every page.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class TrackPaginationIT extends IntegrationTest {

    static final Pattern NEXT = Pattern.compile("<\\?([^>]*)>\\s*;\\s*rel=\"next\"");
    static final int POINTS = 7;

    @LocalServerPort
    int port;

    Api admin;
    long movementId;

    @BeforeEach
    void aMovementWithSevenPositions() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        long trader = admin.newOrganisation("TRADER");
        String device = Fixtures.uniqueId("TRACK");
        Api.Response registered = admin.registerDevice(Fixtures.anESeal(device));
        byte[] key = Base64.getDecoder().decode(registered.json().get("key").asString());
        Api.Response movement =
                admin.post("/api/v1/movements", Fixtures.aMovement(Fixtures.uniqueId("MRN"), trader, device));
        assertThat(movement.status()).as(movement.body()).isEqualTo(201);
        movementId = movement.json().get("id").asLong();
        Instant start = Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
        try (DevicePublisher publisher = new DevicePublisher()) {
            for (int i = 0; i < POINTS; i++) {
                publisher.publish(
                        Report.builder(DeviceId.of(device), start.plusSeconds(i))
                                .counter(i + 1)
                                .position(-4.05 + i * 0.01, 39.66 - i * 0.01)
                                .seal(SealState.CLOSED)
                                .build(),
                        key);
            }
        }
        Eventually.await(
                Duration.ofSeconds(20),
                POINTS + " points on the track",
                () -> admin.get(track("")).json().size() == POINTS ? true : null);
    }

    @Test
    void theTrackComesInPagesLinkedToTheNextUntilItEnds() {
        List<String> times = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String query = "?limit=3";
        for (int page = 0; page < 10 && query != null; page++) {
            HttpResponse<String> response = admin.getWithHeaders(track(query));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode points = Api.json().readTree(response.body());
            sizes.add(points.size());
            points.forEach(p -> times.add(p.get("at").asString()));
            Matcher next = NEXT.matcher(response.headers().firstValue("Link").orElse(""));
            query = next.find() ? "?" + next.group(1) : null;
        }

        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(times).hasSize(POINTS).isSorted().doesNotHaveDuplicates();
        assertThat(admin.getWithHeaders(track("")).headers().firstValue("Link"))
                .as("one page holds the whole short track")
                .isEmpty();
    }

    @Test
    void aPageLargerThanTheMaximumOrAMadeUpCursorIsAFieldError() {
        assertThat(field(admin.get(track("?limit=10001")))).isEqualTo("limit");
        assertThat(field(admin.get(track("?limit=0")))).isEqualTo("limit");
        assertThat(field(admin.get(track("?after=not-a-cursor")))).isEqualTo("after");
    }

    @Test
    void theBrowserFollowsEveryPage() throws IOException {
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            var browser = chromium.driver();
            browser.get("http://127.0.0.1:" + port + "/");
            new WebDriverWait(browser, Duration.ofSeconds(30))
                    .until(ExpectedConditions.presenceOfElementLocated(By.name("username")))
                    .sendKeys("admin");
            browser.findElement(By.name("password")).sendKeys(TestAccounts.ADMIN_PASSWORD);
            browser.findElement(By.cssSelector("form button[type=submit], form input[type=submit]"))
                    .click();
            new WebDriverWait(browser, Duration.ofSeconds(30))
                    .until(ExpectedConditions.presenceOfElementLocated(By.id("user-name")));

            Object count = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + " window.Ects.apiAll('/movements/" + movementId + "/track?limit=2')"
                    + ".then((points) => done(points.length), (e) => done('failed: ' + e));");

            assertThat(count).isEqualTo((long) POINTS);
        }
    }

    private String track(String query) {
        return "/api/v1/movements/" + movementId + "/track" + query;
    }

    private static String field(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        return response.json().get("errors").get(0).get("field").asString();
    }
}
