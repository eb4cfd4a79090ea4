package io.voronka.benchmarks;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A signed-in client of a node's API over loopback, failing on any answer but the expected one. */
final class ApiClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private String token;

    ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    ApiClient signIn(String username, String password) throws Exception {
        JsonObject body = new JsonObject().put("username", username).put("password", password);
        token = new JsonObject(send("POST", "/api/v1/auth/login", body, 200)).getString("token");
        return this;
    }

    String get(String path) throws Exception {
        return send("GET", path, null, 200);
    }

    String send(String method, String path, JsonObject body, int expectedStatus) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
