package org.openects.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.openects.domain.DeviceId;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few calls of the platform's REST API ({@code /api/v1}) the simulator makes in platform mode and for the demo: log
 * in, find or create the trader, haulier and seal-provider organisations, create the seal provider's account, register
 * e-seals (as the administrator, or as their seal provider), take their keys (as the seal provider: {@code POST
 * /api/v1/devices/{id}/provisioning}), start their movements and arm their seals (as a customs officer). Plain {@link HttpClient} and Jackson; every failure is a {@link PlatformException} whose message is one
 * line for the user, naming the platform and what to do.
 */
public final class PlatformClient {

    /** A call the platform refused or could not answer; the message is meant for the user as it is. */
    public static final class PlatformException extends Exception {
        private final int status;

        PlatformException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The HTTP status of the refusal, or 0 when the platform was not reached or its answer was not understood. */
        public int status() {
            return status;
        }
    }

    /** Who the client acts as: from {@code GET /api/v1/auth/me}. */
    public record Account(String username, long organisationId, List<String> roles) {}

    /** A device registered (or re-keyed) on the platform, with the key it issued and the highest counter it took. */
    public record RegisteredSeal(DeviceId deviceId, byte[] key, long lastCounter, boolean reKeyed) {}

    /**
     * A movement the simulator drives.
     *
     * @param continued whether it is the device's movement from an earlier run, still active, driven on (the
     *     simulator may not cancel movements: that is a customs decision)
     */
    public record StartedMovement(long id, String reference, boolean continued) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http;
    private @Nullable String token;
    private String actingAs = "the token's account";

    /** A client of the platform at {@code base} ({@code http://localhost:8080}), not yet logged in. */
    public PlatformClient(URI base) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI base() {
        return base;
    }

    /** Acts with an API bearer token from now on (instead of {@link #login}). */
    public void useToken(String bearerToken) {
        this.token = bearerToken;
    }

    /** Logs in through {@code POST /api/v1/auth/login} and acts with the token it answers. */
    public void login(String username, String password) throws PlatformException {
        HttpResponse<String> response =
                send("log in", post("/api/v1/auth/login", Map.of("username", username, "password", password)), false);
        int status = response.statusCode();
        if (status == 200) {
            String issued = json(response, "log in").path("token").asString("");
            if (issued.isEmpty()) {
                throw notOpenEcts("log in", status);
            }
            this.token = issued;
            this.actingAs = username;
            return;
        }
        String detail = problemDetail(response);
        String why =
                switch (status) {
                    case 401 ->
                        "the platform at %s refused the login of %s: %s Give the right password with --password PASS or ECTS_ADMIN_PASSWORD (the administrator's is printed once at the platform's first start)"
                                .formatted(base, username, detail.isEmpty() ? "wrong user name or password." : detail);
                    case 423, 429 -> "the platform at %s refused the login of %s: %s".formatted(base, username, detail);
                    case 404, 405 -> notOpenEcts("log in", status).getMessage();
                    default ->
                        "the platform at %s answered the login of %s with HTTP %d%s"
                                .formatted(base, username, status, detail.isEmpty() ? "" : ": " + detail);
                };
        throw new PlatformException(why, status);
    }

    /** The account acting: {@code GET /api/v1/auth/me}. */
    public Account me() throws PlatformException {
        JsonNode me = json(expect("check the account", get("/api/v1/auth/me"), 200), "check the account");
        List<String> roles = new ArrayList<>();
        for (JsonNode role : me.path("roles")) {
            roles.add(role.asString());
        }
        String username = me.path("username").asString("");
        if (!username.isEmpty()) {
            actingAs = username;
        }
        return new Account(username, me.path("organisationId").asLong(), List.copyOf(roles));
    }

    /** The id of the organisation named {@code name} of {@code type} ({@code TRADER}, …), created if there is none. */
    public long organisation(String name, String type) throws PlatformException {
        String what = "look up the organisation " + name;
        for (JsonNode organisation : json(expect(what, get("/api/v1/organisations"), 200), what)) {
            if (organisation.path("name").asString("").equals(name)
                    && organisation.path("type").asString("").equals(type)) {
                return organisation.path("id").asLong();
            }
        }
        what = "create the organisation " + name;
        return json(expect(what, post("/api/v1/organisations", Map.of("name", name, "type", type)), 201), what)
                .path("id")
                .asLong();
    }

    /**
     * Creates an account ({@code POST /api/v1/users}) in organisation {@code organisationId} with the one role {@code
     * role}; an administrator's call.
     */
    public void createAccount(String username, String password, long organisationId, String role)
            throws PlatformException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        body.put("organisationId", organisationId);
        body.put("roles", List.of(role));
        expect("create the account " + username, post("/api/v1/users", body), 201);
    }

    /**
     * Registers an e-seal speaking the native protocol, owned by the seal provider {@code ownerOrganisationId}, as an
     * administrator: the platform keeps its key for the provider ({@link #takeKey}). If a device with that id exists
     * already (an earlier run), gives it a new key instead ({@code POST /api/v1/devices/{id}/key}).
     *
     * @return whether the device existed and was re-keyed
     */
    public boolean registerSeal(DeviceId id, String firmware, long ownerOrganisationId) throws PlatformException {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("deviceId", id.value());
        registration.put("kind", "E_SEAL");
        registration.put("sealClass", "H");
        registration.put("firmware", firmware);
        registration.put("protocol", "openects");
        registration.put("ownerOrganisationId", ownerOrganisationId);
        String what = "register the device " + id;
        HttpResponse<String> response = send(what, post("/api/v1/devices", registration), true);
        if (response.statusCode() == 201) {
            return false;
        }
        if (response.statusCode() != 409) {
            throw refused(what, response);
        }
        what = "give the existing device " + id + " a new key";
        JsonNode device = json(expect(what, post("/api/v1/devices/" + id.value() + "/key", null), 200), what)
                .path("device");
        if (!device.path("revokedAt").isMissingNode()
                && !device.path("revokedAt").isNull()) {
            throw new PlatformException(
                    "the device %s is revoked on the platform at %s; choose other device ids with --id-prefix"
                            .formatted(id, base),
                    0);
        }
        if (!device.path("keyAwaitingProvider").asBoolean(false)) {
            throw new PlatformException(
                    "the device %s exists on the platform at %s with protocol %s, which has no key; choose other device ids with --id-prefix"
                            .formatted(id, base, device.path("protocol").asString("?")),
                    0);
        }
        if (device.path("ownerOrganisationId").asLong(-1) != ownerOrganisationId) {
            throw new PlatformException(
                    "the device %s exists on the platform at %s owned by another seal provider, which alone may take its key; choose other device ids with --id-prefix"
                            .formatted(id, base),
                    0);
        }
        return true;
    }

    /**
     * Takes the key waiting for this seal-provider account ({@code POST /api/v1/devices/{id}/provisioning}): the
     * platform answers it once.
     */
    public RegisteredSeal takeKey(DeviceId id, boolean reKeyed) throws PlatformException {
        String what = "take the key of the device " + id;
        HttpResponse<String> response =
                expect(what, post("/api/v1/devices/" + id.value() + "/provisioning", null), 200);
        JsonNode provisioned = json(response, what);
        byte[] decoded = decodedKey(provisioned.path("key").asString(""), what, response.statusCode());
        return new RegisteredSeal(
                id, decoded, provisioned.path("device").path("lastCounter").asLong(0), reKeyed);
    }

    private byte[] decodedKey(String key, String what, int status) throws PlatformException {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw notOpenEcts(what, status);
        }
        if (decoded.length == 0) {
            throw notOpenEcts(what, status);
        }
        return decoded;
    }

    /**
     * Registers an e-seal speaking the native protocol as its seal provider ({@code POST /api/v1/devices} by a seal
     * provider's account, which owns it and gets its key in the answer). If it exists already (an earlier run), takes
     * the key waiting for the provider instead ({@link #takeKey}): the platform must have given it a new one.
     */
    public RegisteredSeal registerOwnSeal(DeviceId id, String firmware) throws PlatformException {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("deviceId", id.value());
        registration.put("kind", "E_SEAL");
        registration.put("sealClass", "H");
        registration.put("firmware", firmware);
        registration.put("protocol", "openects");
        String what = "register the device " + id;
        HttpResponse<String> response = send(what, post("/api/v1/devices", registration), true);
        if (response.statusCode() == 409) {
            return takeKey(id, true);
        }
        if (response.statusCode() != 201) {
            throw refused(what, response);
        }
        JsonNode registered = json(response, what);
        byte[] key = decodedKey(registered.path("key").asString(""), what, response.statusCode());
        return new RegisteredSeal(
                id, key, registered.path("device").path("lastCounter").asLong(0), false);
    }

    /**
     * Records that the seal was armed on the movement, intact, at {@code place}, with a JPEG photo ({@code POST
     * /api/v1/movements/{id}/custody} as multipart, kind {@code ARMED}): the first step of its chain of custody, a
     * customs officer's.
     */
    public void armSeal(long movementId, String place, String sealNumber, byte[] jpeg) throws PlatformException {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("kind", "ARMED");
        step.put("place", place);
        step.put("seals", List.of(Map.of("number", sealNumber, "state", "INTACT")));
        String boundary = "ects-" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String dash = "--" + boundary + "\r\n";
        body.writeBytes((dash + "Content-Disposition: form-data; name=\"step\"\r\n"
                        + "Content-Type: application/json\r\n\r\n" + JSON.writeValueAsString(step) + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes((dash + "Content-Disposition: form-data; name=\"photo\"; filename=\"armed.jpg\"\r\n"
                        + "Content-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jpeg);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        expect(
                "arm the seal " + sealNumber + " of movement " + movementId,
                request("/api/v1/movements/" + movementId + "/custody")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
                201);
    }

    /**
     * Files a declaration ({@code POST /api/v1/declarations}) and answers its number.
     *
     * @param body the declaration as the API takes it (docs/api.md, "Declarations")
     */
    public long fileDeclaration(Map<String, Object> body) throws PlatformException {
        String what = "file the declaration " + body.get("reference");
        return json(expect(what, post("/api/v1/declarations", body), 201), what)
                .path("id")
                .asLong();
    }

    /**
     * A seal request as the platform answered it.
     *
     * @param id its number
     * @param state {@code REQUESTED}, {@code APPROVED} or {@code REFUSED}
     * @param devices the devices assigned at approval, seals first
     */
    public record SealRequest(long id, String state, List<String> devices) {}

    /**
     * Asks the seal provider for e-seals against the declaration ({@code POST /api/v1/seal-requests}); the platform
     * may approve it at once by its automatic rule.
     */
    public SealRequest requestSeals(long declarationId, long providerOrganisationId, boolean tractorTracker)
            throws PlatformException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("declarationId", declarationId);
        body.put("providerOrganisationId", providerOrganisationId);
        body.put("tractorTracker", tractorTracker);
        String what = "request seals for declaration " + declarationId;
        return sealRequest(json(expect(what, post("/api/v1/seal-requests", body), 201), what));
    }

    /** Approves a seal request as a customs officer ({@code POST /api/v1/seal-requests/{id}/approve}). */
    public SealRequest approveSealRequest(long requestId) throws PlatformException {
        String what = "approve seal request " + requestId;
        return sealRequest(
                json(expect(what, post("/api/v1/seal-requests/" + requestId + "/approve", Map.of()), 200), what));
    }

    private static SealRequest sealRequest(JsonNode request) {
        List<String> devices = new ArrayList<>();
        for (JsonNode device : request.path("devices")) {
            devices.add(device.path("deviceId").asString());
        }
        return new SealRequest(
                request.path("id").asLong(), request.path("state").asString(""), devices);
    }

    /** The id and state of the movement of the customs document {@code reference}, or {@code null} if none. */
    public @Nullable StartedMovement movementOf(String reference) throws PlatformException {
        String what = "find the movement of " + reference;
        for (JsonNode movement : json(expect(what, get("/api/v1/movements"), 200), what)) {
            if (movement.path("reference").asString("").equals(reference)) {
                return new StartedMovement(movement.path("id").asLong(), reference, false);
            }
        }
        return null;
    }

    /**
     * The id, reference and state of every movement the caller may see ({@code GET /api/v1/movements}), newest first.
     *
     * @param id its number
     * @param reference its customs document
     * @param state its state in the procedure
     * @param deviceIds the devices on it
     */
    public record MovementState(long id, String reference, String state, List<String> deviceIds) {}

    /** Every movement the caller may see, newest first. */
    public List<MovementState> movements() throws PlatformException {
        String what = "list the movements";
        List<MovementState> movements = new ArrayList<>();
        for (JsonNode movement : json(expect(what, get("/api/v1/movements"), 200), what)) {
            List<String> devices = new ArrayList<>();
            for (JsonNode device : movement.path("devices")) {
                devices.add(device.path("deviceId").asString());
            }
            movements.add(new MovementState(
                    movement.path("id").asLong(),
                    movement.path("reference").asString(""),
                    movement.path("state").asString(""),
                    devices));
        }
        return movements;
    }

    /** Cancels a movement as a customs officer ({@code POST /api/v1/movements/{id}/cancel}). */
    public void cancelMovement(long movementId, String reason) throws PlatformException {
        expect(
                "cancel movement " + movementId,
                post("/api/v1/movements/" + movementId + "/cancel", Map.of("reason", reason)),
                200);
    }

    /**
     * Sets a device's lifecycle as its seal provider ({@code POST /api/v1/devices/{id}/lifecycle}), e.g. back to
     * {@code IN_STOCK} once it came back from a movement.
     */
    public void setLifecycle(DeviceId device, String lifecycle) throws PlatformException {
        expect(
                "set the lifecycle of " + device + " to " + lifecycle,
                post("/api/v1/devices/" + device.value() + "/lifecycle", Map.of("lifecycle", lifecycle)),
                200);
    }

    /**
     * Moves a movement to its next state ({@code POST /api/v1/movements/{id}/transitions}), as a customs officer.
     *
     * @param to the state, as docs/procedure.md names it ({@code IN_TRANSIT}…)
     */
    public void transition(long movementId, String to, String place, String reason) throws PlatformException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("to", to);
        body.put("place", place);
        body.put("reason", reason);
        expect(
                "move movement " + movementId + " to " + to,
                post("/api/v1/movements/" + movementId + "/transitions", body),
                201);
    }

    /**
     * Starts the movement ({@code POST /api/v1/movements}). If the device is still on an active movement (an earlier
     * run), the simulator drives that one on: cancelling it is a customs officer's decision, which an administrator's
     * account may not take.
     */
    public StartedMovement startMovement(MovementPlan plan, long traderOrganisationId, @Nullable Long transporterId)
            throws PlatformException {
        Map<String, Object> body = movementBody(plan, traderOrganisationId, transporterId);
        String what = "start the movement " + plan.reference() + " of " + plan.deviceId();
        HttpResponse<String> response = send(what, post("/api/v1/movements", body), true);
        if (response.statusCode() == 409) {
            JsonNode active = activeMovementOf(plan.deviceId());
            if (active == null) {
                throw refused(what, response);
            }
            return new StartedMovement(
                    active.path("id").asLong(), active.path("reference").asString(), true);
        }
        if (response.statusCode() != 201) {
            throw refused(what, response);
        }
        JsonNode movement = json(response, what);
        return new StartedMovement(
                movement.path("id").asLong(), movement.path("reference").asString(plan.reference()), false);
    }

    /** The JSON body of {@code POST /api/v1/movements} for {@code plan}. */
    static Map<String, Object> movementBody(
            MovementPlan plan, long traderOrganisationId, @Nullable Long transporterId) {
        MovementPlan.RoutePlan route = plan.routePlan();
        Map<String, Object> routePlan = new LinkedHashMap<>();
        routePlan.put("corridor", Map.of("path", route.pathPairs(), "widthMeters", route.corridorWidthMeters()));
        routePlan.put("origin", geofence(route.origin()));
        routePlan.put("destination", geofence(route.destination()));
        routePlan.put("maxReportingGapSeconds", route.maxReportingGapSeconds());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reference", plan.reference());
        body.put("traderOrganisationId", traderOrganisationId);
        if (transporterId != null) {
            body.put("transporterOrganisationId", transporterId);
        }
        body.put("deviceId", plan.deviceId().value());
        body.put("vehicle", plan.vehicle());
        body.put("routePlan", routePlan);
        return body;
    }

    private static Map<String, Object> geofence(MovementPlan.Geofence geofence) {
        return Map.of(
                "name", geofence.name(),
                "latitude", geofence.centre().latitude(),
                "longitude", geofence.centre().longitude(),
                "radiusMeters", geofence.radiusMeters());
    }

    private @Nullable JsonNode activeMovementOf(DeviceId device) throws PlatformException {
        String what = "find the active movement of " + device;
        for (JsonNode movement : json(expect(what, get("/api/v1/movements"), 200), what)) {
            if (movement.path("deviceId").asString("").equals(device.value())
                    && movement.path("supervised").asBoolean(false)) {
                return movement;
            }
        }
        return null;
    }

    private HttpRequest.Builder get(String path) {
        return request(path).GET();
    }

    private HttpRequest.Builder post(String path, @Nullable Object body) {
        return request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        body == null ? "" : JSON.writeValueAsString(body), StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json, application/problem+json");
    }

    private HttpResponse<String> expect(String what, HttpRequest.Builder request, int status) throws PlatformException {
        HttpResponse<String> response = send(what, request, true);
        if (response.statusCode() != status) {
            throw refused(what, response);
        }
        return response;
    }

    private HttpResponse<String> send(String what, HttpRequest.Builder request, boolean authenticated)
            throws PlatformException {
        if (authenticated) {
            String bearer = Objects.requireNonNull(token, "log in first");
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable(e);
        } catch (HttpTimeoutException e) {
            throw new PlatformException(
                    "the platform at %s did not answer within %d s (trying to %s)"
                            .formatted(base, TIMEOUT.toSeconds(), what),
                    0);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while trying to " + what, 0);
        }
    }

    private PlatformException unreachable(Exception e) {
        String cause = e instanceof java.net.ConnectException
                ? "connection refused"
                : e.getMessage() == null || e.getMessage().isBlank()
                        ? e.getClass().getSimpleName()
                        : e.getMessage();
        return new PlatformException(
                "cannot reach the platform at %s (%s): start it with ./ects run, or name it with --platform URL"
                        .formatted(base, cause),
                0);
    }

    private PlatformException refused(String what, HttpResponse<String> response) {
        int status = response.statusCode();
        String detail = problemDetail(response);
        String suffix = detail.isEmpty() ? "" : ": " + detail;
        String message =
                switch (status) {
                    case 401 ->
                        "the platform at %s refused to let %s %s (401%s); log in again with --user and --password (a token expires)"
                                .formatted(base, actingAs, what, suffix);
                    case 403 ->
                        "the platform at %s does not let %s %s (403%s); the simulator needs an administrator's account (role ADMIN: it registers devices, creates organisations and starts movements), e.g. --user admin"
                                .formatted(base, actingAs, what, suffix);
                    case 404, 405 -> notOpenEcts(what, status).getMessage();
                    default -> "the platform at %s refused to %s (HTTP %d%s)".formatted(base, what, status, suffix);
                };
        return new PlatformException(message, status);
    }

    private PlatformException notOpenEcts(String what, int status) {
        return new PlatformException(
                "%s does not answer as an OpenECTS platform (trying to %s, HTTP %d); name the platform with --platform URL"
                        .formatted(base, what, status),
                status);
    }

    private JsonNode json(HttpResponse<String> response, String what) throws PlatformException {
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw notOpenEcts(what, response.statusCode());
        }
    }

    /** The RFC 9457 {@code detail} of an error answer (or its first field error), else empty. */
    private static String problemDetail(HttpResponse<String> response) {
        try {
            JsonNode problem = JSON.readTree(response.body());
            String detail = problem.path("detail").asString("");
            JsonNode errors = problem.path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                JsonNode first = errors.get(0);
                String field = first.path("field").asString("");
                String message = first.path("message").asString("");
                if (!message.isEmpty()) {
                    detail = (detail.isEmpty() ? "" : detail + " ") + (field.isEmpty() ? "" : field + ": ") + message;
                }
            }
            return detail.replaceAll("\\s+", " ").strip();
        } catch (JacksonException | IllegalArgumentException e) {
            return "";
        }
    }
}
