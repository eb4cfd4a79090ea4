package io.voronka.benchmarks;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/**
 * A signed-in client of a node's API over loopback, failing on any answer but the expected one.
 * Blocking, on the calling thread, with kept-alive connections: the load generator shares the
 * machine's cores with the node it measures, so it should cost as little as it can.
 */
final class ApiClient {

    private static final int CONNECTIONS = 64;

    private final CloseableHttpClient http = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(CONNECTIONS).setMaxConnPerRoute(CONNECTIONS).build())
            .disableAutomaticRetries() // a create sent twice would be two contacts
            .build();
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
        ClassicRequestBuilder request = ClassicRequestBuilder.create(method).setUri(baseUrl + path);
        if (body != null) {
            request.setEntity(body.encode(), ContentType.APPLICATION_JSON);
        }
        if (token != null) {
            request.addHeader("Authorization", "Bearer " + token);
        }
        ClassicHttpRequest built = request.build();
        return http.execute(built, response -> {
            String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
            if (response.getCode() != expectedStatus) {
                throw new IllegalStateException(method + " " + path + " answered " + response.getCode() + ": " + text);
            }
            return text;
        });
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
