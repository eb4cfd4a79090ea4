package io.voronka.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The "done" in a real browser: a contact's card open on node A's console shows the
 * change another user makes through node B's API, without a reload (console/e2e/live-card.e2e.mjs
 * in Debian's Chromium, driven by playwright-core).
 */
class LiveCardAcrossNodesTest {

    @Test
    void cardOpenOnNodeAShowsAnEditMadeThroughNodeBWithoutReload() throws Exception {
        Path repo = Path.of(System.getProperty("voronka.repo.dir", "..")).toAbsolutePath().normalize();
        Path script = repo.resolve("console/e2e/live-card.e2e.mjs");
        assertThat(script).exists();
        Map<String, String> cluster = Map.of(
                "cluster", "true",
                "cluster.name", "voronka-live-" + UUID.randomUUID(),
                "cluster.port", "6101",
                "cluster.members", "127.0.0.1:6101,127.0.0.1:6102,127.0.0.1:6103");
        try (TestServer a = TestServer.start(with(cluster, "node.name", "node-a"));
             TestServer b = TestServer.join(a.database(), with(cluster, "node.name", "node-b"))) {
            assertThat(((VertxInternal) b.server().vertx()).clusterManager().getNodes()).hasSize(2);
            ApiClient admin = a.admin();
            assertThat(Leads.addManager(admin, "nina").status()).isEqualTo(201);
            ApiClient.Response created = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                    new JsonObject().put("first_name", "Vera").put("last_name", "Live").put("responsible_manager", "nina")));
            assertThat(created.status()).as(created.body()).isEqualTo(201);

            ProcessBuilder node = new ProcessBuilder("node", script.toString())
                    .directory(repo.resolve("console").toFile())
                    .redirectErrorStream(true);
            node.environment().put("BASE_URL", a.server().baseUrl());
            node.environment().put("OTHER_URL", b.server().baseUrl());
            node.environment().put("ADMIN_USER", "admin");
            node.environment().put("ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
            node.environment().put("EDITOR_USER", "nina");
            node.environment().put("EDITOR_PASSWORD", "Manager-pass-123");
            node.environment().put("RECORD_ID", created.json().getString("id"));
            node.environment().put("SCREENSHOT_DIR", repo.resolve("engine/target/e2e").toString());
            Process process = node.start();
            boolean finished = process.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println(output);
            assertThat(finished).as("browser test finished in time").isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("live-card e2e passed");
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
