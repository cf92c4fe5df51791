package org.openects.server.corridors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openects.server.audit.AuditLog;
import org.openects.server.support.Api;
import org.openects.server.support.Fixtures;
import org.openects.server.support.IntegrationTest;
import org.openects.server.support.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The route library's API: the seed file's Northern Corridor is listed for anyone logged in; each export is a
 * download of its standard that, imported again, makes the next version of the same corridor (audited, old versions
 * still readable); every rule of an import is refused as a problem detail naming the field, and nothing is stored;
 * only administrators and officers import.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class CorridorApiIT extends IntegrationTest {

    static final String NORTHERN = "northern-corridor-msa-mal";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    CorridorLibrary library;

    Api admin;
    String adminToken;

    @BeforeEach
    void logIn() {
        admin = Api.login(port, "admin", TestAccounts.ADMIN_PASSWORD);
        adminToken = token("admin", TestAccounts.ADMIN_PASSWORD);
    }

    @Test
    void theSeedFilesNorthernCorridorIsListedForAnyoneLoggedIn() {
        Api trader = account("TRADER", "TRADER");

        Api.Response list = trader.get("/api/v1/corridors");

        assertThat(list.status()).as(list.body()).isEqualTo(200);
        JsonNode northern = null;
        for (JsonNode corridor : list.json()) {
            if (corridor.get("id").asString().equals(NORTHERN)) {
                northern = corridor;
            }
        }
        assertThat(northern).as("the Northern Corridor in %s", list.body()).isNotNull();
        assertThat(northern.get("version").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(northern.get("lengthMeters").asDouble()).isBetween(820_000.0, 940_000.0);
        assertThat(northern.get("widthMeters").asInt()).isEqualTo(2000);
        assertThat(northern.get("borderPosts").asInt()).isEqualTo(1);
        assertThat(northern.get("authorisedStops").asInt()).isEqualTo(4);
        assertThat(northern.get("restrictedZones").asInt()).isEqualTo(1);
        assertThat(northern.get("coverageHoles").asInt()).isEqualTo(1);

        JsonNode one =
                trader.get("/api/v1/corridors/" + NORTHERN + "?version=1").json();
        assertThat(one.get("createdBy").asString()).isEqualTo("system");
        assertThat(one.get("centreline").size()).isGreaterThanOrEqualTo(30);
        assertThat(one.get("centreline").get(0).get("latitude").asDouble()).isEqualTo(-4.062);
        assertThat(one.get("estimatedTransitSeconds").asLong())
                .isGreaterThan(one.get("estimatedDrivingSeconds").asLong());
        assertThat(trader.get("/api/v1/corridors/" + NORTHERN + "/versions")
                        .json()
                        .get(0)
                        .get("version")
                        .asInt())
                .isEqualTo(1);
        assertThat(library.find(NORTHERN, 1)).isPresent();
        assertThat(Api.anonymous(port).get("/api/v1/corridors").status()).isEqualTo(401);
    }

    @Test
    void unknownCorridorsAndVersionsAreNotFound() {
        Api.Response noCorridor = admin.get("/api/v1/corridors/no-such-corridor");
        Api.Response noVersion = admin.get("/api/v1/corridors/" + NORTHERN + "?version=9999");
        Api.Response noVersions = admin.get("/api/v1/corridors/no-such-corridor/versions");

        for (Api.Response response : List.of(noCorridor, noVersion, noVersions)) {
            assertThat(response.status()).as(response.body()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"geojson", "kml", "gpx", "json"})
    void anExportImportedAgainIsTheNextVersionOfTheSameCorridor(String format) throws Exception {
        String id = newId();
        HttpResponse<String> first = post(adminToken, "/api/v1/corridors?id=" + id, northernJson(), "application/json");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);

        HttpResponse<byte[]> export = download("/api/v1/corridors/" + id + "?format=" + format);

        assertThat(export.statusCode()).isEqualTo(200);
        String mediaType =
                switch (format) {
                    case "geojson" -> "application/geo+json";
                    case "kml" -> "application/vnd.google-earth.kml+xml";
                    case "gpx" -> "application/gpx+xml";
                    default -> "application/json";
                };
        assertThat(export.headers().firstValue("Content-Type").orElseThrow()).startsWith(mediaType);
        assertThat(export.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment")
                .contains(id + "-v1." + format);

        HttpResponse<String> again = post(adminToken, "/api/v1/corridors", export.body(), mediaType);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(again.headers().firstValue("Location").orElseThrow())
                .isEqualTo("/api/v1/corridors/" + id + "?version=2");
        JsonNode v1 = admin.get("/api/v1/corridors/" + id + "?version=1").json();
        JsonNode v2 = admin.get("/api/v1/corridors/" + id).json();
        assertThat(v2.get("version").asInt()).isEqualTo(2);
        for (String field : List.of(
                "name",
                "centreline",
                "widthMeters",
                "borderPosts",
                "authorisedStops",
                "restrictedZones",
                "coverageHoles",
                "speedProfile",
                "restAllowance",
                "lengthMeters")) {
            assertThat(v2.get(field)).as(field).isEqualTo(v1.get(field));
        }
        assertThat(admin.get("/api/v1/corridors/" + id + "/versions").json().size())
                .isEqualTo(2);

        assertThat(audit.awaitRecorded(Duration.ofSeconds(30))).isTrue();
        assertThat(jdbc.queryForList(
                        "SELECT action FROM audit_entries WHERE subject_type = 'corridor' AND subject_id = ?"
                                + " ORDER BY sequence",
                        String.class,
                        id))
                .containsExactly("corridor.created", "corridor.version-added");
        assertThat(jdbc.queryForList(
                        "SELECT actor FROM audit_entries WHERE subject_type = 'corridor' AND subject_id = ?",
                        String.class,
                        id))
                .containsOnly("user:admin");
    }

    @Test
    void aForeignGpxTrackGetsItsIdNameAndWidthFromTheQuery() throws Exception {
        String id = newId();
        String gpx = """
                <?xml version="1.0" encoding="UTF-8"?>
                <gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="a phone">
                  <trk><name>Recorded</name>
                    <trkseg><trkpt lat="-1.2921" lon="36.8219"/><trkpt lat="-1.1000" lon="36.6500"/></trkseg>
                    <trkseg><trkpt lat="-0.7170" lon="36.4330"/></trkseg>
                  </trk>
                </gpx>""";

        HttpResponse<String> created = post(
                adminToken,
                "/api/v1/corridors?format=gpx&id=" + id + "&name=Nairobi%20-%20Naivasha&widthMeters=1500",
                gpx.getBytes(StandardCharsets.UTF_8),
                "application/xml");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        assertThat(body.get("name").asString()).isEqualTo("Nairobi - Naivasha");
        assertThat(body.get("widthMeters").asInt()).isEqualTo(1500);
        assertThat(body.get("centreline").size()).isEqualTo(3);
        assertThat(body.get("speedProfile").get(0).get("kmh").asInt()).isEqualTo(50);
    }

    @Test
    void anOfficerImportsOtherRolesMayNot() throws Exception {
        String id = newId();
        for (String role : List.of("OPERATOR", "AUDITOR", "TRADER", "SEAL_PROVIDER")) {
            String username = newAccount(
                    role.equals("TRADER") ? "TRADER" : role.equals("SEAL_PROVIDER") ? "SEAL_PROVIDER" : "CUSTOMS",
                    role);
            HttpResponse<String> refused = post(
                    token(username, username + "-password"),
                    "/api/v1/corridors?id=" + id,
                    northernJson(),
                    "application/json");
            assertThat(refused.statusCode()).as(role).isEqualTo(403);
        }
        assertThat(admin.get("/api/v1/corridors/" + id).status()).isEqualTo(404);

        String officer = newAccount("CUSTOMS", "OFFICER");
        HttpResponse<String> created = post(
                token(officer, officer + "-password"),
                "/api/v1/corridors?id=" + id,
                northernJson(),
                "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("createdBy").asString()).isEqualTo(officer);
    }

    /** One bad import per rule: the field it names, the format, and the change to a good document. */
    static List<Arguments> badImports() {
        String goodKml = """
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>K</name>
                <Placemark><name>K</name><LineString><coordinates>36.8,-1.3 36.6,-1.1</coordinates></LineString>
                </Placemark></Document></kml>""";
        return List.of(
                Arguments.of("document", "geojson", raw("{\"type\": \"FeatureCollection\", \"features\": [")),
                Arguments.of("type", "geojson", raw("{\"type\": \"Point\", \"coordinates\": [36.8, -1.3]}")),
                Arguments.of("document", "kml", raw("<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>")),
                Arguments.of("document", "kml", raw(goodKml.replace("opengis.net/kml/2.2", "example.org/not-kml"))),
                Arguments.of("document", "gpx", raw("this is not XML")),
                Arguments.of("document", "gpx", raw(goodKml)),
                Arguments.of("format", "shapefile", json(c -> c)),
                Arguments.of("centreline", "json", json(c -> {
                    ArrayNode line = (ArrayNode) c.get("centreline");
                    while (line.size() > 1) {
                        line.remove(line.size() - 1);
                    }
                    return c;
                })),
                Arguments.of("centreline", "json", json(c -> {
                    ArrayNode line = c.putArray("centreline");
                    line.addObject().put("latitude", -1.3).put("longitude", 36.8);
                    line.addObject().put("latitude", -1.3).put("longitude", 36.8);
                    return c;
                })),
                Arguments.of("centreline[1].latitude", "json", json(c -> {
                    ((ObjectNode) c.get("centreline").get(1)).put("latitude", 91.0);
                    return c;
                })),
                Arguments.of("centreline[2].longitude", "json", json(c -> {
                    ((ObjectNode) c.get("centreline").get(2)).put("longitude", -180.5);
                    return c;
                })),
                Arguments.of("restrictedZones[0].ring", "json", json(c -> {
                    ArrayNode ring = (ArrayNode) c.get("restrictedZones").get(0).get("ring");
                    ring.remove(1);
                    ring.remove(1);
                    return c;
                })),
                Arguments.of("coverageHoles[0].ring", "json", json(c -> {
                    ArrayNode ring = (ArrayNode) c.get("coverageHoles").get(0).get("ring");
                    ring.remove(ring.size() - 1);
                    ring.addObject().put("latitude", -3.7).put("longitude", 38.85);
                    return c;
                })),
                Arguments.of("id", "json", json(c -> c.put("id", "Northern_Corridor"))),
                Arguments.of("id", "json", json(c -> c.put("id", "ab"))),
                Arguments.of("widthMeters", "json", json(c -> c.put("widthMeters", 50))),
                Arguments.of("widthMeters", "json", json(c -> c.put("widthMeters", 20_001))),
                Arguments.of("name", "json", json(c -> c.put("name", " "))),
                Arguments.of("authorisedStops[0].maxStayMinutes", "json", json(c -> {
                    ((ObjectNode) c.get("authorisedStops").get(0)).remove("maxStayMinutes");
                    return c;
                })),
                Arguments.of("borderPosts[0].radiusMeters", "json", json(c -> {
                    ((ObjectNode) c.get("borderPosts").get(0)).put("radiusMeters", 10);
                    return c;
                })),
                Arguments.of("speedProfile[0].untilKm", "json", json(c -> {
                    ((ObjectNode) c.get("speedProfile").get(0)).put("untilKm", -5.0);
                    return c;
                })));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("badImports")
    void eachRuleIsRefusedNamingItsFieldAndNothingIsStored(String field, String format, UnaryOperator<String> document)
            throws Exception {
        String id = newId();
        long rowsBefore = jdbc.queryForObject("SELECT count(*) FROM corridor_versions", Long.class);

        HttpResponse<String> refused = post(
                adminToken,
                "/api/v1/corridors?format=" + format + (field.equals("id") ? "" : "&id=" + id) + "&widthMeters="
                        + (field.equals("widthMeters") ? "" : "2000"),
                document.apply(new String(northernJson(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8),
                "application/octet-stream");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("errors").findValuesAsString("field"))
                .as(refused.body())
                .contains(field);
        assertThat(problem.get("errors").findValuesAsString("message").getFirst())
                .isNotBlank();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM corridor_versions", Long.class))
                .isEqualTo(rowsBefore);
        assertThat(admin.get("/api/v1/corridors/" + id).status()).isEqualTo(404);
    }

    @Test
    void aBadVersionOfAnExistingCorridorLeavesItAsItWas() throws Exception {
        String id = newId();
        assertThat(post(adminToken, "/api/v1/corridors?id=" + id, northernJson(), "application/json")
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> refused =
                post(adminToken, "/api/v1/corridors?id=" + id + "&widthMeters=5", northernJson(), "application/json");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(admin.get("/api/v1/corridors/" + id + "/versions").json().size())
                .isEqualTo(1);
        assertThat(admin.get("/api/v1/corridors/" + id)
                        .json()
                        .get("widthMeters")
                        .asInt())
                .isEqualTo(2000);
    }

    @Test
    void anUnknownExportFormatIsRefusedNamingTheParameter() {
        Api.Response refused = admin.get("/api/v1/corridors/" + NORTHERN + "?format=shp");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("format");
    }

    // ---- helpers ----

    private static UnaryOperator<String> raw(String document) {
        return ignored -> document;
    }

    private static UnaryOperator<String> json(UnaryOperator<ObjectNode> change) {
        return document -> JSON.writeValueAsString(change.apply((ObjectNode) JSON.readTree(document)));
    }

    /** The shipped Northern Corridor in our JSON model, as the API answers it. */
    private byte[] northernJson() {
        return admin.get("/api/v1/corridors/" + NORTHERN + "?version=1").body().getBytes(StandardCharsets.UTF_8);
    }

    private static String newId() {
        return Fixtures.uniqueId("test-corridor").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    private HttpResponse<String> post(String token, String path, byte[] body, String contentType)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", contentType)
                        .header("Accept", "application/json, application/problem+json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + adminToken)
                        .header("Accept", "application/json")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private String token(String username, String password) {
        return Api.anonymous(port)
                .post("/api/v1/auth/login", Map.of("username", username, "password", password))
                .json()
                .get("token")
                .asString();
    }

    private String newAccount(String organisationType, String role) {
        String username = Fixtures.uniqueId("test-corridors").toLowerCase(Locale.ROOT);
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

    private Api account(String organisationType, String role) {
        String username = newAccount(organisationType, role);
        return Api.login(port, username, username + "-password");
    }
}
