package org.openects.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openects.server.identity.Role.ADMIN;
import static org.openects.server.identity.Role.AUDITOR;
import static org.openects.server.identity.Role.CUSTOMS_SYSTEM;
import static org.openects.server.identity.Role.OFFICER;
import static org.openects.server.identity.Role.OPERATOR;
import static org.openects.server.identity.Role.SEAL_PROVIDER;
import static org.openects.server.identity.Role.TRADER;
import static org.openects.server.identity.Role.TRANSPORTER;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openects.server.identity.Accounts;
import org.openects.server.identity.OrganisationType;
import org.openects.server.identity.Organisations;
import org.openects.server.identity.Role;
import org.openects.server.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Who may call which API endpoint: every row of {@link #ENDPOINTS} is called by one account per role and by an
 * anonymous caller, each logged in through {@code POST /api/v1/auth/login}. Allowed callers must get something other
 * than 401, 403 or a 5xx (a 400 or 404 for a made-up body or id is fine: authorisation comes first); the others must
 * get 403 problem details, and anonymous callers 401.
 *
 * <p><b>Adding an endpoint:</b> add one row to {@link #ENDPOINTS}. {@link #everyApiEndpointHasARow()} fails until every
 * {@code /api/**} handler method is covered. In paths and bodies, {@code {n}} becomes a number unique to each request
 * (for names that must not collide) and {@code {name}} a fixture from {@link #fixtures} (add yours in {@link #setUp}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointAuthorizationIT extends IntegrationTest {

    static final String GET = "GET";
    static final String POST = "POST";
    static final String PUT = "PUT";
    static final String PATCH = "PATCH";
    static final String DELETE = "DELETE";

    /** A valid movement request for a device nobody registered: allowed callers get 400, the others 403. */
    static final String MOVEMENT_FOR_UNKNOWN_DEVICE = """
            {"reference": "AUTHZ-{n}", "traderOrganisationId": 1, "deviceId": "AUTHZ-NO-SUCH-DEVICE",
             "routePlan": {"corridor": {"path": [[-4.05, 39.66], [-3.40, 38.56]], "widthMeters": 2000},
               "origin": {"name": "Mombasa", "latitude": -4.05, "longitude": 39.66, "radiusMeters": 3000},
               "destination": {"name": "Voi", "latitude": -3.40, "longitude": 38.56, "radiusMeters": 3000},
               "maxReportingGapSeconds": 300}}""";

    /** THE TABLE: one row per endpoint (method and path), with who may call it. Keep it grouped by module. */
    static final List<Endpoint> ENDPOINTS = List.of(
            // identity
            row(POST, "/api/v1/auth/login").body("{}").allowAnonymous(),
            row(GET, "/api/v1/auth/me").allowAnyRole(),
            row(GET, "/api/v1/auth/csrf").allowAnyRole(),
            row(GET, "/api/v1/organisations").allow(ADMIN),
            row(GET, "/api/v1/organisations/{customsOrganisationId}").allow(ADMIN),
            row(POST, "/api/v1/organisations")
                    .body("{\"name\": \"Authz Trader {n}\", \"type\": \"TRADER\"}")
                    .allow(ADMIN),
            row(GET, "/api/v1/users").allow(ADMIN),
            row(GET, "/api/v1/users/{adminUserId}").allow(ADMIN),
            row(POST, "/api/v1/users")
                    .body("{\"username\": \"authz-new-{n}\", \"password\": \"authz-new-password-{n}\","
                            + " \"organisationId\": {customsOrganisationId}, \"roles\": [\"OPERATOR\"]}")
                    .allow(ADMIN),
            // account administration on an account that does not exist: allowed callers get 404, nobody is changed
            row(PUT, "/api/v1/users/999999999/roles")
                    .body("{\"roles\": [\"OPERATOR\"]}")
                    .allow(ADMIN),
            row(POST, "/api/v1/users/999999999/disable").allow(ADMIN),
            row(POST, "/api/v1/users/999999999/enable").allow(ADMIN),
            row(POST, "/api/v1/users/999999999/unlock").allow(ADMIN),
            row(POST, "/api/v1/users/999999999/end-sessions").allow(ADMIN),
            // devices
            row(POST, "/api/v1/devices")
                    .body("{\"deviceId\": \"AUTHZ-{n}\", \"kind\": \"E_SEAL\", \"sealClass\": \"H\"}")
                    .allow(ADMIN, SEAL_PROVIDER),
            row(GET, "/api/v1/devices").allow(ADMIN, OPERATOR, OFFICER, SEAL_PROVIDER),
            row(GET, "/api/v1/devices/{deviceId}").allow(ADMIN, OPERATOR, OFFICER, SEAL_PROVIDER),
            row(POST, "/api/v1/devices/{deviceId}/key").allow(ADMIN),
            // the fixture device has no owner: the seal provider gets 404, as for any device not its own
            row(POST, "/api/v1/devices/{deviceId}/provisioning").allow(SEAL_PROVIDER),
            row(POST, "/api/v1/devices/import")
                    .body("deviceId,kind,sealClass,protocol,firmware\nAUTHZ-CSV-{n},TRACKER,,ais140,")
                    .contentType("text/csv")
                    .allow(ADMIN, SEAL_PROVIDER),
            row(POST, "/api/v1/devices/AUTHZ-NO-SUCH/revoke")
                    .body("{\"reason\": \"lost\"}")
                    .allow(ADMIN),
            row(POST, "/api/v1/devices/AUTHZ-NO-SUCH/lifecycle")
                    .body("{\"lifecycle\": \"MAINTENANCE\"}")
                    .allow(ADMIN, SEAL_PROVIDER),
            // commands (one row per op: who may ask depends on what is asked; a seal provider gets 404 for a
            // device that is not its own)
            row(POST, "/api/v1/devices/{deviceId}/commands")
                    .body("{\"op\": \"PING\"}")
                    .allow(ADMIN, OPERATOR, OFFICER, SEAL_PROVIDER),
            row(POST, "/api/v1/devices/{deviceId}/commands")
                    .body("{\"op\": \"SET_INTERVAL\", \"intervalSeconds\": 60}")
                    .allow(ADMIN, OPERATOR),
            row(POST, "/api/v1/devices/{deviceId}/commands")
                    .body("{\"op\": \"UNLOCK\", \"authorisation\": \"AUTHZ-{n}\"}")
                    .allow(OFFICER),
            row(POST, "/api/v1/devices/{deviceId}/commands")
                    .body("{\"op\": \"ROTATE_KEY\"}")
                    .allow(ADMIN),
            row(GET, "/api/v1/devices/{deviceId}/commands").allow(ADMIN, OPERATOR, OFFICER, SEAL_PROVIDER),
            row(GET, "/api/v1/devices/{deviceId}/commands/{n}").allow(ADMIN, OPERATOR, OFFICER, SEAL_PROVIDER),
            // unlock authorisations (the post names no device: an officer gets 400, nothing is stored; confirm and
            // revoke go to an authorisation that does not exist: an officer gets 404)
            row(POST, "/api/v1/unlock-authorisations")
                    .body("{\"reason\": \"authz\"}")
                    .allow(OFFICER),
            row(POST, "/api/v1/unlock-authorisations/999999999/confirm").allow(OFFICER),
            row(POST, "/api/v1/unlock-authorisations/999999999/revoke")
                    .body("{\"reason\": \"authz\"}")
                    .allow(OFFICER),
            row(GET, "/api/v1/unlock-authorisations").allow(OFFICER, OPERATOR, ADMIN),
            row(GET, "/api/v1/unlock-authorisations/999999999").allow(OFFICER, OPERATOR, ADMIN),
            // movements
            row(POST, "/api/v1/movements").body(MOVEMENT_FOR_UNKNOWN_DEVICE).allow(OFFICER, ADMIN, CUSTOMS_SYSTEM),
            row(GET, "/api/v1/movements").allowAnyRole(),
            row(GET, "/api/v1/movements/{movementId}").allowAnyRole(),
            row(GET, "/api/v1/movements/{movementId}/evidence.xml").allow(AUDITOR, ADMIN, OFFICER, OPERATOR),
            row(GET, "/api/v1/movements/{movementId}/evidence.csv").allow(AUDITOR, ADMIN, OFFICER, OPERATOR),
            row(GET, "/api/v1/movements/{movementId}/evidence.pdf").allow(AUDITOR, ADMIN, OFFICER, OPERATOR),
            // custody (writes go to a movement that does not exist: allowed callers get 404, the fixture stays)
            row(POST, "/api/v1/movements/999999999/cancel")
                    .body("{\"reason\": \"authz\"}")
                    .allow(OFFICER, CUSTOMS_SYSTEM),
            row(POST, "/api/v1/movements/999999999/transitions")
                    .body("{\"to\": \"INCIDENT\", \"reason\": \"authz\"}")
                    .allow(OFFICER, CUSTOMS_SYSTEM),
            row(GET, "/api/v1/movements/{movementId}/transitions").allowAnyRole(),
            row(GET, "/api/v1/movements/{movementId}/custody").allowAnyRole(),
            row(POST, "/api/v1/movements/999999999/custody")
                    .body("{\"kind\": \"VERIFIED\", \"place\": \"Malaba\","
                            + " \"seals\": [{\"number\": \"KE-1\", \"state\": \"INTACT\"}]}")
                    .allow(OFFICER),
            row(GET, "/api/v1/movements/{movementId}/custody/photos/" + "ab".repeat(32))
                    .allowAnyRole(),
            row(GET, "/api/v1/movements/{movementId}/custody/photos/" + "ab".repeat(32) + "/thumbnail")
                    .allowAnyRole(),
            // monitoring
            row(GET, "/api/v1/movements/{movementId}/track").allowAnyRole(),
            row(GET, "/api/v1/movements/{movementId}/events").allowAnyRole(),
            row(GET, "/api/v1/alerts").allowAnyRole(),
            row(POST, "/api/v1/alerts/{n}/acknowledge").allow(OPERATOR, ADMIN),
            row(POST, "/api/v1/alerts/{n}/resolve")
                    .body("{\"resolution\": \"FALSE_ALARM\", \"reason\": \"test\"}")
                    .allow(OPERATOR, ADMIN),
            // reference data (the put breaks the radius rule: the administrator gets 400 and nothing is stored)
            row(GET, "/api/v1/customs-offices").allowAnyRole(),
            row(GET, "/api/v1/customs-offices/KEMSA100").allowAnyRole(),
            row(PUT, "/api/v1/customs-offices/KEAUTHZ1")
                    .body("{\"name\": \"Authz\", \"country\": \"KE\", \"latitude\": 0, \"longitude\": 0,"
                            + " \"radiusMeters\": 1}")
                    .allow(ADMIN),
            // route library (the import breaks the width rule: allowed callers get 400 and nothing is stored)
            row(GET, "/api/v1/corridors").allowAnyRole(),
            row(GET, "/api/v1/corridors/northern-corridor-msa-mal").allowAnyRole(),
            row(GET, "/api/v1/corridors/northern-corridor-msa-mal?format=gpx").allowAnyRole(),
            row(GET, "/api/v1/corridors/northern-corridor-msa-mal/versions").allowAnyRole(),
            row(POST, "/api/v1/corridors")
                    .body("{\"id\": \"authz-{n}\", \"name\": \"Authz\", \"widthMeters\": 1, \"centreline\":"
                            + " [{\"latitude\": 0, \"longitude\": 0}, {\"latitude\": 1, \"longitude\": 1}]}")
                    .allow(ADMIN, OFFICER),
            // declarations (empty bodies and made-up ids: allowed callers get 400 or 404, nothing is stored)
            row(POST, "/api/v1/declarations").body("{}").allow(TRADER, OFFICER, CUSTOMS_SYSTEM),
            row(GET, "/api/v1/declarations")
                    .allow(TRADER, TRANSPORTER, OFFICER, OPERATOR, ADMIN, AUDITOR, CUSTOMS_SYSTEM),
            row(GET, "/api/v1/declarations/document-types")
                    .allow(TRADER, TRANSPORTER, OFFICER, OPERATOR, ADMIN, AUDITOR, CUSTOMS_SYSTEM),
            row(GET, "/api/v1/declarations/999999999")
                    .allow(TRADER, TRANSPORTER, OFFICER, OPERATOR, ADMIN, AUDITOR, CUSTOMS_SYSTEM),
            row(POST, "/api/v1/seal-requests").body("{}").allow(TRADER),
            row(GET, "/api/v1/seal-requests")
                    .allow(TRADER, SEAL_PROVIDER, OFFICER, OPERATOR, ADMIN, AUDITOR, CUSTOMS_SYSTEM),
            row(GET, "/api/v1/seal-requests/providers").allow(TRADER, OFFICER, CUSTOMS_SYSTEM),
            row(GET, "/api/v1/seal-requests/999999999")
                    .allow(TRADER, SEAL_PROVIDER, OFFICER, OPERATOR, ADMIN, AUDITOR, CUSTOMS_SYSTEM),
            row(POST, "/api/v1/seal-requests/999999999/approve").allow(OFFICER, CUSTOMS_SYSTEM),
            row(POST, "/api/v1/seal-requests/999999999/refuse")
                    .body("{\"reason\": \"test\"}")
                    .allow(OFFICER, CUSTOMS_SYSTEM),
            // ingress (devices post signed messages without an account)
            row(POST, "/api/v1/ingest/openects").body("not a signed message").allowAnonymous(),
            // audit (witnesses need no account; proofs without parameters get 400)
            row(GET, "/api/v1/audit/checkpoint").allowAnonymous(),
            row(GET, "/api/v1/audit/verifier-key").allowAnonymous(),
            row(GET, "/api/v1/audit/proofs/inclusion").allowAnonymous(),
            row(GET, "/api/v1/audit/proofs/consistency").allowAnonymous(),
            row(GET, "/api/v1/audit/proofs/frame").allow(AUDITOR, ADMIN),
            row(GET, "/api/v1/audit/entries").allow(AUDITOR, ADMIN),
            // live
            row(GET, "/api/v1/live").allowAnyRole(),
            // ingress
            row(GET, "/api/v1/ingress/stats").allow(ADMIN),
            row(GET, "/api/v1/ingress/rejections").allow(ADMIN),
            row(GET, "/api/v1/ingress/unknown-devices").allow(ADMIN),
            // operations
            row(GET, "/api/v1/openapi").allowAnonymous(),
            row(GET, "/api/v1/openapi.yaml").allowAnonymous(),
            row(GET, "/actuator/health").allowAnonymous(),
            row(GET, "/actuator/info").allow(ADMIN),
            row(GET, "/actuator/metrics").allow(ADMIN));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    @LocalServerPort
    int port;

    @Autowired
    Organisations organisations;

    @Autowired
    Accounts accounts;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMappings;

    /** Values for {@code {name}} placeholders in paths and bodies. */
    final Map<String, String> fixtures = new HashMap<>();

    private final Map<Role, String> tokens = new EnumMap<>(Role.class);
    private final AtomicLong unique = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);
    private TestHttp http;

    @BeforeAll
    void setUp() {
        http = TestHttp.stateless(port);
        Map<OrganisationType, Long> organisationIds = new EnumMap<>(OrganisationType.class);
        for (OrganisationType type : OrganisationType.values()) {
            organisationIds.put(type, organisations.ensure("Authz " + type, type));
        }
        for (Role role : Role.values()) {
            String username = "authz-" + role.name().toLowerCase(Locale.ROOT).replace('_', '-');
            String password = username + "-password";
            long id = accounts.ensureUser(
                    username, password, organisationIds.get(organisationTypeOf(role)), Set.of(role));
            if (role == ADMIN) {
                fixtures.put("adminUserId", Long.toString(id));
            }
            tokens.put(role, http.login(username, password));
        }
        fixtures.put(
                "customsOrganisationId",
                organisationIds.get(OrganisationType.CUSTOMS).toString());
        Map<String, String> admin = Map.of("Authorization", "Bearer " + tokens.get(ADMIN));
        TestHttp.Response device =
                http.send(POST, "/api/v1/devices", "{\"deviceId\": \"AUTHZ-DEVICE\", \"kind\": \"E_SEAL\"}", admin);
        assertThat(device.status()).as("fixture device: %s", device).isEqualTo(201);
        fixtures.put("deviceId", "AUTHZ-DEVICE");
        String movement = MOVEMENT_FOR_UNKNOWN_DEVICE
                .replace("AUTHZ-NO-SUCH-DEVICE", "AUTHZ-DEVICE")
                .replace(
                        "\"traderOrganisationId\": 1",
                        "\"traderOrganisationId\": " + organisationIds.get(OrganisationType.TRADER))
                .replace("{n}", "FIXTURE");
        TestHttp.Response started = http.send(POST, "/api/v1/movements", movement, admin);
        assertThat(started.status()).as("fixture movement: %s", started).isEqualTo(201);
        fixtures.put("movementId", Long.toString(started.json().path("id").asLong()));
    }

    Stream<Call> calls() {
        List<Call> calls = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            calls.add(new Call(endpoint, null));
            for (Role role : Role.values()) {
                calls.add(new Call(endpoint, role));
            }
        }
        return calls.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void everyRoleGetsExactlyTheAccessItsRowGrants(Call call) {
        Endpoint endpoint = call.endpoint();
        String path = fill(endpoint.path());
        String body = endpoint.body() == null ? null : fill(endpoint.body());
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", endpoint.contentType());
        if (call.role() != null) {
            headers.put("Authorization", "Bearer " + tokens.get(call.role()));
        }

        TestHttp.Response response = http.send(endpoint.method(), path, body, headers);

        if (endpoint.allows(call.role())) {
            assertThat(response.status())
                    .as("%s is allowed, got %s", call, response)
                    .isNotIn(401, 403)
                    .isLessThan(500);
        } else if (call.role() == null) {
            assertThat(response.status()).as("%s: %s", call, response).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
        } else {
            assertThat(response.status()).as("%s: %s", call, response).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().path("type").asString()).isEqualTo("https://openects.org/problems/forbidden");
        }
    }

    @Test
    void everyApiEndpointHasARow() {
        List<String> missing = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        handlerMappings.getHandlerMethods().forEach((info, method) -> {
            for (PathPattern pattern : patterns(info)) {
                if (!pattern.getPatternString().startsWith("/api/")) {
                    continue;
                }
                seen.add(pattern.getPatternString());
                Set<RequestMethod> methods =
                        info.getMethodsCondition().getMethods().isEmpty()
                                ? EnumSet.allOf(RequestMethod.class)
                                : info.getMethodsCondition().getMethods();
                boolean covered = ENDPOINTS.stream()
                        .anyMatch(endpoint -> methods.contains(RequestMethod.valueOf(endpoint.method()))
                                && pattern.matches(PathContainer.parsePath(fill(endpoint.path()))));
                if (!covered) {
                    missing.add(methods + " " + pattern.getPatternString() + " (" + method + ")");
                }
            }
        });
        assertThat(seen).as("the handler mappings were read").contains("/api/v1/auth/login", "/api/v1/users");
        assertThat(missing)
                .as("API endpoints without a row in EndpointAuthorizationIT.ENDPOINTS")
                .isEmpty();
    }

    private static Set<PathPattern> patterns(RequestMappingInfo info) {
        return info.getPathPatternsCondition() == null
                ? Set.of()
                : info.getPathPatternsCondition().getPatterns();
    }

    private String fill(String template) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = name.equals("n") ? Long.toString(unique.incrementAndGet()) : fixtures.get(name);
            if (value == null) {
                throw new IllegalStateException("No fixture {" + name + "} for " + template + "; add it in setUp()");
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    private static OrganisationType organisationTypeOf(Role role) {
        return switch (role) {
            case TRADER -> OrganisationType.TRADER;
            case TRANSPORTER -> OrganisationType.TRANSPORTER;
            case SEAL_PROVIDER -> OrganisationType.SEAL_PROVIDER;
            default -> OrganisationType.CUSTOMS;
        };
    }

    static Endpoint row(String method, String path) {
        return new Endpoint(method, path, null, "application/json", false, Set.of());
    }

    /**
     * One row of the table.
     *
     * @param contentType the body's media type
     * @param anonymous whether callers without credentials are allowed too (then every role is)
     * @param roles the roles allowed
     */
    record Endpoint(
            String method, String path, @Nullable String body, String contentType, boolean anonymous, Set<Role> roles) {

        /** The JSON body to send (placeholders allowed). */
        Endpoint body(String json) {
            return new Endpoint(method, path, json, contentType, anonymous, roles);
        }

        /** The body's media type, when not JSON. */
        Endpoint contentType(String mediaType) {
            return new Endpoint(method, path, body, mediaType, anonymous, roles);
        }

        /** Only these roles may call it. */
        Endpoint allow(Role... allowed) {
            return new Endpoint(method, path, body, contentType, false, Set.copyOf(Arrays.asList(allowed)));
        }

        /** Every authenticated caller may call it. */
        Endpoint allowAnyRole() {
            return new Endpoint(method, path, body, contentType, false, EnumSet.allOf(Role.class));
        }

        /** Anyone may call it, even without credentials. */
        Endpoint allowAnonymous() {
            return new Endpoint(method, path, body, contentType, true, EnumSet.allOf(Role.class));
        }

        boolean allows(@Nullable Role role) {
            return role == null ? anonymous : roles.contains(role);
        }
    }

    /** One call of the test: an endpoint and a caller (null: anonymous). */
    record Call(Endpoint endpoint, @Nullable Role role) {
        @Override
        public String toString() {
            String expected = endpoint.allows(role) ? "allowed" : role == null ? "401" : "403";
            return endpoint.method() + " " + endpoint.path() + " as " + (role == null ? "anonymous" : role) + " → "
                    + expected;
        }
    }
}
