package org.openects.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openects.server.EctsApplication;
import org.openects.server.audit.AuditLog;
import org.openects.server.identity.DemoAccount;
import org.openects.server.identity.DemoAccounts;
import org.openects.server.support.TestAccounts;
import org.openects.server.support.TestServers;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A database that once held the demo accounts, started again without the demo mode (under the production profile, on a
 * PostgreSQL database of its own): every demo account is disabled before the server takes requests, logged and
 * audited; and the production profile's session cookie is {@code __Host-} prefixed, {@code Secure}, for path
 * {@code /}, {@code HttpOnly} and {@code SameSite=Strict}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionStartIT {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final String database =
            "ects_prod_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private List<DemoAccount> demoAccounts = List.of();
    private ConfigurableApplicationContext production;
    private int port;

    @BeforeAll
    void startWithDemoAccountsThenAgainInProduction() throws Exception {
        TestServers.requireMqtt();
        execute("CREATE DATABASE " + database);
        Path dataDir = Files.createTempDirectory("ects-production-start");
        try (ConfigurableApplicationContext first = start(dataDir)) {
            demoAccounts = first.getBean(DemoAccounts.class).ensure();
            int firstPort = ((WebServerApplicationContext) first).getWebServer().getPort();
            DemoAccount operator = demoAccounts.getFirst();
            assertThat(TestHttp.stateless(firstPort).login(operator.username(), operator.password()))
                    .as("the demo accounts work before the restart")
                    .isNotBlank();
        }
        production = start(dataDir, "--spring.profiles.active=production");
        port = ((WebServerApplicationContext) production).getWebServer().getPort();
    }

    @AfterAll
    void stop() {
        if (production != null) {
            production.close();
        }
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void everyDemoAccountIsDisabledAtAStartWithoutTheDemoModeAndTheirLoginsAreRefused() {
        assertThat(demoAccounts).hasSize(7);
        TestHttp http = TestHttp.stateless(port);
        for (DemoAccount account : demoAccounts) {
            TestHttp.Response login = http.post(
                    "/api/v1/auth/login",
                    TestHttp.JSON.writeValueAsString(
                            Map.of("username", account.username(), "password", account.password())));
            assertThat(login.status()).as("%s: %s", account.username(), login).isEqualTo(401);
            assertThat(login.json().path("type").asString())
                    .isEqualTo("https://openects.org/problems/account-disabled");
        }
        JdbcClient jdbc = production.getBean(JdbcClient.class);
        assertThat(production.getBean(AuditLog.class).awaitRecorded(Duration.ofSeconds(30)))
                .isTrue();
        List<String> audited = jdbc.sql("SELECT subject_id FROM audit_entries WHERE action = 'account.disabled'"
                        + " AND actor = 'system:identity' ORDER BY subject_id")
                .query(String.class)
                .list();
        assertThat(audited).containsExactlyInAnyOrderElementsOf(DemoAccounts.usernames());
    }

    @Test
    void theProductionSessionCookieIsHostPrefixedSecureAndStrict() throws Exception {
        // A browser keeps a Secure cookie off plain HTTP: the test carries it by hand.
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> page = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String pageCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        Matcher csrf = CSRF_FIELD.matcher(page.body());
        assertThat(csrf.find()).isTrue();

        HttpResponse<String> login = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                        .header("Cookie", pageCookie.substring(0, pageCookie.indexOf(';')))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=admin&password="
                                + URLEncoder.encode(TestAccounts.ADMIN_PASSWORD, StandardCharsets.UTF_8)
                                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/"));
        for (String cookie :
                List.of(pageCookie, login.headers().firstValue("Set-Cookie").orElseThrow())) {
            assertThat(cookie)
                    .startsWith("__Host-ECTS_SESSION=")
                    .contains("; Path=/", "; Secure", "; HttpOnly", "SameSite=Strict")
                    .doesNotContainIgnoringCase("Domain=");
        }
    }

    private ConfigurableApplicationContext start(Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:postgresql://" + TestServers.PG_HOST + ":" + TestServers.PG_PORT + "/"
                        + database,
                "--spring.datasource.username=" + TestServers.PG_USER,
                "--spring.datasource.password=",
                "--ects.data-dir=" + dataDir,
                "--ects.identity.admin-password=" + TestAccounts.ADMIN_PASSWORD,
                "--ects.mqtt.embedded=false",
                "--ects.mqtt.host=" + TestServers.MQTT_HOST,
                "--ects.mqtt.port=" + TestServers.MQTT_PORT,
                "--ects.mqtt.topic-prefix=" + database + "/v0",
                "--ects.ingress.tcp-host=127.0.0.1",
                "--server.port=0"));
        for (String protocol : new String[] {"openects", "ais140", "jt600", "jt808", "teltonika", "iridium"}) {
            args.add("--ects.ingress.tcp." + protocol + "=0");
        }
        args.addAll(List.of(extra));
        return SpringApplication.run(EctsApplication.class, args.toArray(String[]::new));
    }

    private static void execute(String sql) {
        String url = "jdbc:postgresql://" + TestServers.PG_HOST + ":" + TestServers.PG_PORT + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, TestServers.PG_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
