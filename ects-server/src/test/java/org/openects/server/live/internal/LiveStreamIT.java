package org.openects.server.live.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openects.server.identity.Accounts;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.identity.Role;
import org.openects.server.security.TestHttp;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Live streams last no longer than their session or token (checked at the hub's heartbeat, triggered here by calling
 * {@link SseLiveHub#sweep()}) and each account has at most {@code ects.live.max-streams-per-user} (3) of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveStreamIT extends IntegrationTest {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private static final ExecutorService READERS = Executors.newVirtualThreadPerTaskExecutor();

    @LocalServerPort
    int port;

    @Autowired
    SseLiveHub hub;

    @Autowired
    Accounts accounts;

    @Autowired
    Organisations organisations;

    /** An open event stream; {@link #ended} completes when the server ends it. */
    private record Live(HttpResponse<Stream<String>> response, List<String> lines, CompletableFuture<Void> ended) {}

    @Test
    void aStreamEndsAtTheHeartbeatAfterItsAccountIsDisabled() throws Exception {
        long id = account("live-disabled", Role.OPERATOR);
        TestHttp http = TestHttp.stateless(port);
        String token = http.login("live-disabled", "live-disabled-password");
        Live live = open(HttpClient.newHttpClient(), Map.of("Authorization", "Bearer " + token));
        hub.sweep();
        assertThat(live.ended()).as("a valid stream stays open").isNotDone();

        String admin = http.login("admin", TestAccounts.ADMIN_PASSWORD);
        assertThat(http.post("/api/v1/users/" + id + "/disable", "", admin).status())
                .isEqualTo(200);
        assertThat(hub.sweep()).isGreaterThanOrEqualTo(1);

        live.ended().get(10, TimeUnit.SECONDS);
        assertThat(hub.streamsOf("live-disabled")).isZero();
    }

    @Test
    void aSessionStreamEndsAtTheHeartbeatAfterLogout() throws Exception {
        account("live-session", Role.OFFICER);
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String loginPage = browser.send(request("/login").build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher csrf = CSRF_FIELD.matcher(loginPage);
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> login = browser.send(
                form(
                        "/login",
                        Map.of(
                                "username",
                                "live-session",
                                "password",
                                "live-session-password",
                                "_csrf",
                                csrf.group(1))),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        Live live = open(browser, Map.of());
        String token = TestHttp.JSON
                .readTree(browser.send(request("/api/v1/auth/csrf").build(), HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("token")
                .asString();
        hub.sweep();
        assertThat(live.ended()).isNotDone();

        HttpResponse<String> logout =
                browser.send(form("/logout", Map.of("_csrf", token)), HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(hub.sweep()).isGreaterThanOrEqualTo(1);

        live.ended().get(10, TimeUnit.SECONDS);
        assertThat(hub.streamsOf("live-session")).isZero();
    }

    @Test
    void aFourthStreamOfOneAccountClosesItsOldest() throws Exception {
        account("live-capped", Role.OPERATOR);
        String token = TestHttp.stateless(port).login("live-capped", "live-capped-password");
        HttpClient client = HttpClient.newHttpClient();
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        Live first = open(client, bearer);
        Live second = open(client, bearer);
        Live third = open(client, bearer);
        assertThat(hub.streamsOf("live-capped")).isEqualTo(3);

        Live fourth = open(client, bearer);

        first.ended().get(10, TimeUnit.SECONDS);
        assertThat(first.lines())
                .as("the closed stream asks its browser to wait 30 s before reconnecting")
                .contains("retry:30000");
        assertThat(hub.streamsOf("live-capped")).isEqualTo(3);
        assertThat(second.ended()).isNotDone();
        assertThat(third.ended()).isNotDone();
        assertThat(fourth.ended()).isNotDone();
        for (Live live : new Live[] {second, third, fourth}) {
            live.response().body().close();
        }
    }

    private long account(String username, Role role) {
        long customs = organisations.ensure("Live Stream Customs", OrganisationType.CUSTOMS);
        return accounts.ensureUser(username, username + "-password", customs, Set.of(role));
    }

    private Live open(HttpClient client, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = request("/api/v1/live").header("Accept", "text/event-stream");
        headers.forEach(request::header);
        HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ended = CompletableFuture.runAsync(
                () -> {
                    try (Stream<String> lines = response.body()) {
                        lines.forEach(received::add);
                    } catch (RuntimeException closedByTheTest) {
                        // the test closed the stream itself
                    }
                },
                READERS);
        return new Live(response, received, ended);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60));
    }

    private HttpRequest form(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
