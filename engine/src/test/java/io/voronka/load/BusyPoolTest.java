package io.voronka.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.voronka.testing.TestServer;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * With every connection taken, the API and readiness answer 503 with Retry-After within a few
 * seconds instead of hanging; and a tiny pool with an SMTP server that never answers still serves
 * every create, because no step holds a connection while the provider thinks.
 */
class BusyPoolTest {

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void exhaustedPoolAnswers503WithRetryAfterAndReadinessSaysSo() throws Exception {
        try (TestServer server = TestServer.start(Map.of("db.pool.size", "3"))) {
            String token = server.admin().token();
            List<Connection> taken = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    taken.add(server.server().database().dataSource().getConnection());
                }
                Timed list = send(server, "GET", "/api/v1/records/contact", null, token);
                assertThat(list.response.statusCode()).isEqualTo(503);
                assertThat(list.response.headers().firstValue("Retry-After")).hasValue("2");
                assertThat(list.response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(new JsonObject(list.response.body()).getInteger("status")).isEqualTo(503);
                assertThat(list.millis).isLessThan(3500);

                Timed login = send(server, "POST", "/api/v1/auth/login",
                        new JsonObject().put("username", "admin").put("password", TestServer.ADMIN_PASSWORD).encode(), null);
                assertThat(login.response.statusCode()).isEqualTo(503);
                assertThat(login.millis).isLessThan(3500);

                Timed ready = send(server, "GET", "/health/ready", null, null);
                assertThat(ready.response.statusCode()).isEqualTo(503);
                assertThat(new JsonObject(ready.response.body()).getString("status")).isEqualTo("DOWN");
                assertThat(ready.millis).isLessThan(3500);
            } finally {
                for (Connection c : taken) {
                    c.close();
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    send(server, "GET", "/health/ready", null, null).response.statusCode() == 200);
            assertThat(send(server, "GET", "/api/v1/records/contact", null, token).response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void tinyPoolWithSilentSmtpServerAnswersEveryCreateWithinSeconds() throws Exception {
        try (ServerSocket silentSmtp = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = Collections.synchronizedList(new ArrayList<>());
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silentSmtp.accept()); // accepts and never says a word
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            try (TestServer server = TestServer.start(TestServer.smtpAt(silentSmtp.getLocalPort(), "db.pool.size", "3"))) {
                String token = server.admin().token();
                // First some welcome emails get stuck on the silent server; then the clients come.
                for (int i = 0; i < 3; i++) {
                    assertThat(send(server, "POST", "/api/v1/records/contact",
                            WelcomeEmailBurstTest.coldLead(9, i).encode(), token).response.statusCode()).isEqualTo(201);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> !held.isEmpty());
                List<Timed> answers = Collections.synchronizedList(new ArrayList<>());
                ExecutorService clients = Executors.newFixedThreadPool(4);
                List<Future<?>> runs = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    int client = c;
                    runs.add(clients.submit(() -> {
                        for (int i = 0; i < 15; i++) {
                            answers.add(send(server, "POST", "/api/v1/records/contact",
                                    WelcomeEmailBurstTest.coldLead(client, i).encode(), token));
                        }
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get();
                }
                clients.shutdown();
                long created = answers.stream().filter(a -> a.response.statusCode() == 201).count();
                long busy = answers.stream().filter(a -> a.response.statusCode() == 503).count();
                long slowest = answers.stream().mapToLong(a -> a.millis).max().orElseThrow();
                System.out.printf("BusyPoolTest: pool 3, silent SMTP: %d created, %d answered 503, slowest %d ms, "
                        + "%d SMTP connections waiting%n", created, busy, slowest, held.size());
                assertThat(answers).allSatisfy(a -> {
                    assertThat(a.response.statusCode()).isIn(201, 503);
                    if (a.response.statusCode() == 503) {
                        assertThat(a.response.headers().firstValue("Retry-After")).isPresent();
                    }
                });
                assertThat(slowest).as("slowest answer, ms").isLessThan(3000);
                assertThat(created).isPositive();
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    record Timed(HttpResponse<String> response, long millis) {
    }

    Timed send(TestServer server, String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.server().baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Timed(response, (System.nanoTime() - start) / 1_000_000);
    }
}
