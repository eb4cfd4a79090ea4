package io.voronka.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.testing.RawHttp;
import io.voronka.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A console address copied from the browser opens its screen; API and missing files still answer 404. */
class ConsoleRoutesTest {

    static TestServer server;
    static RawHttp http;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        http = new RawHttp(server.server().baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientRouteAnswersTheConsolePage() {
        String index = http.get("/index.html", Map.of()).body();
        for (String path : new String[] {"/records/contact/7", "/users", "/records/deal?filter=stage%20%3D%3D%20'won'", "/inbox/"}) {
            RawHttp.Answer page = http.get(path, Map.of());
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.header("Content-Type")).as(path).startsWith("text/html");
            assertThat(page.body()).as(path).isEqualTo(index).contains("<div id=\"root\">");
        }
    }

    @Test
    void aMissingFileOrServerRouteIsStillNotFound() {
        assertThat(http.get("/assets/no-such-file.js", Map.of()).status()).isEqualTo(404);
        assertThat(http.get("/health/no-such-check", Map.of()).status()).isEqualTo(404);
        RawHttp.Answer api = http.get("/api/v1/no-such-route", Map.of());
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
    }
}
