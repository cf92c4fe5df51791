package org.openects.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for integration tests against the running server: JSON requests with or without a bearer
 * token, form posts, and (for {@link #withSession}) a cookie jar. Never follows redirects, so tests see them.
 */
public final class TestHttp {

    /** A response, with its body as text and, on demand, as JSON. */
    public record Response(int status, Map<String, String> headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        public String contentType() {
            return header("content-type").orElse("");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient client;

    private TestHttp(String base, HttpClient client) {
        this.base = base;
        this.client = client;
    }

    /** A client without cookies, from 127.0.0.1. */
    public static TestHttp stateless(int port) {
        return new TestHttp("http://127.0.0.1:" + port, builder().build());
    }

    /** A client without cookies whose requests come from {@code sourceAddress} (any 127.x.y.z works on Linux). */
    public static TestHttp from(int port, String sourceAddress) {
        try {
            return new TestHttp(
                    "http://127.0.0.1:" + port,
                    builder().localAddress(InetAddress.getByName(sourceAddress)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client that keeps cookies (a browser session). */
    public static TestHttp withSession(int port) {
        return new TestHttp(
                "http://127.0.0.1:" + port,
                builder().cookieHandler(new CookieManager()).build());
    }

    /** A client that keeps cookies and whose requests come from {@code sourceAddress}. */
    public static TestHttp withSession(int port, String sourceAddress) {
        try {
            return new TestHttp(
                    "http://127.0.0.1:" + port,
                    builder()
                            .cookieHandler(new CookieManager())
                            .localAddress(InetAddress.getByName(sourceAddress))
                            .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5));
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response get(String path, @Nullable String token) {
        return send("GET", path, null, bearer(token));
    }

    public Response post(String path, String json) {
        return send("POST", path, json, Map.of());
    }

    public Response post(String path, String json, @Nullable String token) {
        return send("POST", path, json, bearer(token));
    }

    /** Sends a request; a non-null {@code json} body goes with {@code Content-Type: application/json}. */
    public Response send(String method, String path, @Nullable String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, application/problem+json");
        headers.forEach(request::header);
        if (json != null) {
            if (!headers.containsKey("Content-Type")) {
                request.header("Content-Type", "application/json");
            }
            request.method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return execute(request.build());
    }

    /** Posts an HTML form (application/x-www-form-urlencoded) as a browser would. */
    public Response postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return execute(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** Logs in through {@code POST /api/v1/auth/login} and returns the bearer token; fails on anything but 200. */
    public String login(String username, String password) {
        Response response =
                post("/api/v1/auth/login", JSON.writeValueAsString(Map.of("username", username, "password", password)));
        if (response.status() != 200) {
            throw new AssertionError("Login of " + username + " failed: " + response);
        }
        return response.json().path("token").asString();
    }

    private Response execute(HttpRequest request) {
        try {
            // An event stream never ends: its status and headers are all a test can wait for.
            HttpResponse<String> response = client.send(
                    request,
                    info -> info.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")
                            ? HttpResponse.BodySubscribers.mapping(
                                    HttpResponse.BodySubscribers.ofInputStream(), stream -> {
                                        try {
                                            stream.close();
                                        } catch (IOException e) {
                                            throw new UncheckedIOException(e);
                                        }
                                        return "(event stream)";
                                    })
                            : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8));
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers()
                    .map()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
            return new Response(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> bearer(@Nullable String token) {
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }
}
