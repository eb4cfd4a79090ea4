package io.voronka.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.RawHttp;
import io.voronka.testing.TestServer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Browsers are told not to frame, sniff, leak referrers, run foreign scripts or keep API answers. */
class SecurityHeadersTest {

    static final String METRICS_TOKEN = "scrape-me-" + System.nanoTime();
    static TestServer server;
    static RawHttp http;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("metrics.token", METRICS_TOKEN, "management.port", "0"));
        http = new RawHttp(server.server().baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void assertBrowserHardening(RawHttp.Answer answer) {
        assertThat(answer.header("Content-Security-Policy")).contains("default-src 'self'").contains("script-src 'self'")
                .contains("frame-ancestors 'none'").contains("object-src 'none'").doesNotContain("unsafe-eval");
        assertThat(answer.header("Content-Security-Policy").replaceAll("style-src[^;]*", "")).doesNotContain("unsafe-inline");
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void theSignInAnswerIsNeverStored() {
        RawHttp.Answer login = http.send("POST", "/api/v1/auth/login", Map.of("Content-Type", "application/json"),
                new JsonObject().put("username", "admin").put("password", TestServer.ADMIN_PASSWORD).encode().getBytes());
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Cache-Control")).isEqualTo("no-store");
        assertBrowserHardening(login);
    }

    @Test
    void everyApiAnswerAndProblemIsNeverStored() {
        String token = server.admin().token();
        for (String path : new String[] {"/api/v1/entities", "/api/v1/nothing", "/api/v1/records/contact?limit=x", "/health/ready"}) {
            RawHttp.Answer answer = http.get(path, Map.of("Authorization", "Bearer " + token));
            assertThat(answer.header("Cache-Control")).as(path).isEqualTo("no-store");
            assertBrowserHardening(answer);
        }
        assertThat(http.get("/api/v1/entities", Map.of()).header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void theConsolePageIsRevalidatedAndRunsNoInlineScript() {
        for (String path : new String[] {"/", "/index.html"}) {
            RawHttp.Answer page = http.get(path, Map.of());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Cache-Control")).as(path).isEqualTo("no-cache");
            assertBrowserHardening(page);
            Matcher script = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page.body());
            int scripts = 0;
            while (script.find()) {
                scripts++;
                assertThat(script.group(1)).as("every script is loaded from a file").contains("src=");
                assertThat(script.group(2)).as("and has no inline code").isBlank();
            }
            assertThat(scripts).isPositive();
            assertThat(page.body()).doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
        }
    }

    @Test
    void hashedAssetsAreCachedForGood() {
        String page = http.get("/", Map.of()).body();
        Matcher asset = Pattern.compile("(/assets/[^\"']+\\.js)").matcher(page);
        assertThat(asset.find()).as(page).isTrue();
        RawHttp.Answer script = http.get(asset.group(1), Map.of());
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(script.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(http.get("/assets/missing-0000.js", Map.of()).header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void metricsOnTheMainPortNeedTheToken() {
        assertThat(http.get("/metrics", Map.of()).status()).isEqualTo(401);
        assertThat(http.get("/metrics", Map.of("Authorization", "Bearer wrong")).status()).isEqualTo(401);
        assertThat(http.get("/metrics", Map.of("Authorization", "Bearer " + server.admin().token())).status()).isEqualTo(401);
        RawHttp.Answer metrics = http.get("/metrics", Map.of("Authorization", "Bearer " + METRICS_TOKEN));
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections")
                .contains("http_server_requests_seconds_count");
    }

    @Test
    void theManagementPortServesMetricsOnLoopback() {
        int port = server.server().managementPort();
        assertThat(port).isPositive();
        RawHttp management = new RawHttp("http://127.0.0.1:" + port);
        assertThat(management.get("/metrics", Map.of()).status()).as("the token guards this port too when set").isEqualTo(401);
        assertThat(management.get("/metrics", Map.of("Authorization", "Bearer " + METRICS_TOKEN)).status()).isEqualTo(200);
        assertThat(management.get("/api/v1/entities", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void withoutTokenMetricsLiveOnlyOnTheManagementPort() {
        try (TestServer plain = TestServer.start(Map.of("management.port", "0"))) {
            ApiClient.Response main = plain.anonymous().get("/metrics");
            assertThat(main.status()).isEqualTo(404);
            RawHttp management = new RawHttp("http://127.0.0.1:" + plain.server().managementPort());
            assertThat(management.get("/metrics", Map.of()).status()).isEqualTo(200);
        }
    }
}
