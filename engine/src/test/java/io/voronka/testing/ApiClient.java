package io.voronka.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny HTTP client for the API, the way an integrator would call it. */
public final class ApiClient {

    /** An answer with its headers, for tests about headers. */
    public record Full(int status, String body, java.net.http.HttpHeaders headers) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public record Response(int status, String body, String contentType) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public JsonArray array() {
            return new JsonArray(body);
        }
    }

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private String language;

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public ApiClient signIn(String username, String password) {
        Response r = post("/api/v1/auth/login", new JsonObject().put("username", username).put("password", password));
        if (r.status() != 200) {
            throw new IllegalStateException("sign-in failed: " + r.status() + " " + r.body());
        }
        token = r.json().getString("token");
        return this;
    }

    public ApiClient withToken(String value) {
        ApiClient copy = new ApiClient(baseUrl);
        copy.token = value;
        return copy;
    }

    /** A copy that sends {@code Accept-Language: acceptLanguage} on every request, as the console does. */
    public ApiClient inLanguage(String acceptLanguage) {
        ApiClient copy = new ApiClient(baseUrl);
        copy.token = token;
        copy.language = acceptLanguage;
        return copy;
    }

    public String token() {
        return token;
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body == null ? null : body.toString());
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body == null ? null : body.toString());
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public Response send(String method, String path, String body) {
        Full full = sendWithHeaders(method, path, body);
        return new Response(full.status(), full.body(), full.headers().firstValue("Content-Type").orElse(""));
    }

    public Full sendWithHeaders(String method, String path, String body) {
        return sendTyped(method, path, body, "application/json");
    }

    /** A request whose body has the given Content-Type (an XML document, say). */
    public Response send(String method, String path, String body, String contentType) {
        Full full = sendTyped(method, path, body, contentType);
        return new Response(full.status(), full.body(), full.headers().firstValue("Content-Type").orElse(""));
    }

    private Full sendTyped(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (language != null) {
            request.header("Accept-Language", language);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Full(response.statusCode(), response.body(), response.headers());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }
}
