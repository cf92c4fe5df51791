package org.openects.server.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the integration tests: logs in, then calls the API with the bearer token. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final @Nullable String token;

    private Api(String base, @Nullable String token) {
        this.base = base;
        this.token = token;
    }

    /** An anonymous client of the server on {@code port}. */
    public static Api anonymous(int port) {
        return new Api("http://127.0.0.1:" + port, null);
    }

    /** A client logged in through {@code POST /api/v1/auth/login}. */
    public static Api login(int port, String username, String password) {
        Api anonymous = anonymous(port);
        Response response = anonymous.post("/api/v1/auth/login", Map.of("username", username, "password", password));
        if (response.status() != 200) {
            throw new IllegalStateException(
                    "login of " + username + " failed: " + response.status() + " " + response.body());
        }
        return new Api(anonymous.base, response.json().get("token").asString());
    }

    /** An HTTP answer. */
    public record Response(int status, String body, String contentType) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /** A seal provider of the tests, per server: its organisation, and a client logged in as its account. */
    private record SealProvider(long organisationId, Api api) {}

    private static final java.util.Map<String, SealProvider> SEAL_PROVIDERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Registers a device as this administrator's client, owned (unless the body names an owner) by a seal provider of
     * the tests, whose account then takes the key (the provisioning claim): for a signing device the answer is the
     * claim's {@code {device, key}} with status 201, as a registration that delivered its key. Refusals, and devices
     * whose protocol signs nothing, answer as the registration did.
     */
    public Response registerDevice(java.util.Map<String, ?> body) {
        SealProvider provider = SEAL_PROVIDERS.computeIfAbsent(base, b -> newSealProvider());
        java.util.Map<String, Object> owned = new java.util.HashMap<>(body);
        owned.putIfAbsent("ownerOrganisationId", provider.organisationId());
        Response registered = post("/api/v1/devices", owned);
        if (registered.status() != 201
                || !registered.json().path("device").path("keyAwaitingProvider").asBoolean(false)
                || !Long.valueOf(provider.organisationId())
                        .equals(registered
                                .json()
                                .path("device")
                                .path("ownerOrganisationId")
                                .asLong())) {
            return registered;
        }
        String deviceId = registered.json().path("device").path("deviceId").asString();
        Response claimed = provider.api().post("/api/v1/devices/" + deviceId + "/provisioning", null);
        if (claimed.status() != 200) {
            throw new IllegalStateException("key of " + deviceId + " not provisioned: " + claimed);
        }
        return new Response(201, claimed.body(), claimed.contentType());
    }

    /** The seal provider of the tests on this server: an organisation and an account, created as an administrator. */
    private SealProvider newSealProvider() {
        long organisation = newOrganisation("SEAL_PROVIDER");
        String username = Fixtures.uniqueId("test-provider").toLowerCase(java.util.Locale.ROOT);
        String password = username + "-password";
        Response created = post(
                "/api/v1/users",
                java.util.Map.of(
                        "username",
                        username,
                        "password",
                        password,
                        "organisationId",
                        organisation,
                        "roles",
                        java.util.List.of("SEAL_PROVIDER")));
        if (created.status() != 201) {
            throw new IllegalStateException("seal provider not created: " + created.status() + " " + created.body());
        }
        Response login =
                new Api(base, null).post("/api/v1/auth/login", Map.of("username", username, "password", password));
        if (login.status() != 200) {
            throw new IllegalStateException("login of " + username + " failed: " + login);
        }
        return new SealProvider(
                organisation, new Api(base, login.json().get("token").asString()));
    }

    /** Creates an organisation of this type with a unique name (as an administrator) and answers its id. */
    public long newOrganisation(String type) {
        Response created =
                post("/api/v1/organisations", java.util.Map.of("name", Fixtures.uniqueId("Org"), "type", type));
        if (created.status() != 201) {
            throw new IllegalStateException("organisation not created: " + created.status() + " " + created.body());
        }
        return created.json().get("id").asLong();
    }

    /** GETs {@code path} and answers the whole HTTP response, headers included. */
    public HttpResponse<String> getWithHeaders(String path) {
        try {
            return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, @Nullable Object body) {
        String json = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Sends a text body of the given media type (CSV, say). */
    public Response send(String method, String path, String body, String contentType) {
        return send(request(path)
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response send(String method, String path, @Nullable Object body) {
        String json = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(request(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    /** An HTTP answer whose body is bytes (a photo, a PDF). */
    public record Binary(int status, byte[] body, String contentType) {}

    /** GETs bytes. */
    public Binary bytes(String path) {
        try {
            HttpResponse<byte[]> response = HTTP.send(
                    request(path).header("Accept", "*/*").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Binary(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A file part of a multipart request. */
    public record FilePart(String name, String filename, String contentType, byte[] bytes) {}

    /**
     * POSTs {@code multipart/form-data}: one JSON part named {@code jsonPart}, then the files, in order.
     */
    public Response multipart(String path, String jsonPart, Object json, java.util.List<FilePart> files) {
        String boundary = "ects-test-" + java.util.UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + jsonPart
                        + "\"\r\nContent-Type: application/json\r\n\r\n")
                .getBytes(utf8));
        body.writeBytes((json instanceof String text ? text : JSON.writeValueAsString(json)).getBytes(utf8));
        body.writeBytes("\r\n".getBytes(utf8));
        for (FilePart file : files) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.name()
                            + "\"; filename=\"" + file.filename() + "\"\r\nContent-Type: " + file.contentType()
                            + "\r\n\r\n")
                    .getBytes(utf8));
            body.writeBytes(file.bytes());
            body.writeBytes("\r\n".getBytes(utf8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(utf8));
        return send(request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /**
     * Opens a Server-Sent Events stream and hands every line to {@code lines} as it arrives, on the client's own
     * thread; cancel the returned future to close the stream.
     */
    public java.util.concurrent.CompletableFuture<HttpResponse<Void>> stream(
            String path, java.util.function.Consumer<String> lines) {
        HttpRequest request =
                request(path).header("Accept", "text/event-stream").GET().build();
        return HTTP.sendAsync(
                request,
                HttpResponse.BodyHandlers.fromLineSubscriber(new java.util.concurrent.Flow.Subscriber<String>() {
                    @Override
                    public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(String line) {
                        lines.accept(line);
                    }

                    @Override
                    public void onError(Throwable throwable) {}

                    @Override
                    public void onComplete() {}
                }));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        builder.header("Accept", "application/json, application/problem+json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonMapper json() {
        return JSON;
    }
}
