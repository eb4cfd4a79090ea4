package io.voronka.process;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** An inbound webhook call as a sender makes it: its token and idempotency key as headers, either may be absent. */
final class Hooks {

    private Hooks() {
    }

    static HttpResponse<String> post(String baseUrl, String key, String token, String idempotencyKey, JsonObject payload)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/hooks/" + key))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload.encode()));
        if (token != null) {
            request.header("X-Hook-Token", token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
