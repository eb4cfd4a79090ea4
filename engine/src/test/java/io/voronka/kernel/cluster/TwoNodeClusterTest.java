package io.voronka.kernel.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.TestServer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two nodes join through Hazelcast on loopback and share one database: work started on A finishes on B. */
class TwoNodeClusterTest {

    @Test
    void taskCreatedThroughNodeAIsCompletedThroughNodeB() {
        Map<String, String> cluster = Map.of(
                "cluster", "true",
                "cluster.name", "voronka-test-" + UUID.randomUUID(),
                "cluster.port", "5901",
                "cluster.members", "127.0.0.1:5901,127.0.0.1:5902,127.0.0.1:5903");
        try (TestServer a = TestServer.start(with(cluster, "node.name", "node-a"));
             TestServer b = TestServer.join(a.database(), with(cluster, "node.name", "node-b"))) {
            assertThat(((VertxInternal) a.server().vertx()).clusterManager().getNodes()).hasSize(2);
            assertThat(((VertxInternal) b.server().vertx()).clusterManager().getNodes()).hasSize(2);

            ApiClient adminA = a.admin();
            assertThat(Leads.addManager(adminA, "nina").status()).isEqualTo(201);
            String contactId = adminA.post("/api/v1/records/contact", Leads.hotLead("Clustered")).json().getString("id");
            ApiClient ninaA = a.anonymous().signIn("nina", "Manager-pass-123");
            JsonObject task = Leads.awaitTask(ninaA, contactId);

            // Node B accepts node A's token (sessions live in the shared database) and sees the task.
            ApiClient ninaB = b.anonymous().withToken(ninaA.token());
            assertThat(Leads.awaitTask(ninaB, contactId).getString("id")).isEqualTo(task.getString("id"));
            assertThat(ninaB.post("/api/v1/tasks/" + task.getString("id") + "/complete",
                    new JsonObject().put("values", new JsonObject().put("outcome", "qualified"))).status()).isEqualTo(204);

            assertThat(adminA.get("/api/v1/records/deal?count=true&contact_id=" + contactId).json().getInteger("count")).isEqualTo(1);
            assertThat(adminA.get("/api/v1/process-instances?recordId=" + contactId).array()
                    .getJsonObject(0).getString("state")).isEqualTo("completed");
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
