package io.voronka.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.storage.Database;
import io.voronka.testing.ApiClient;
import io.voronka.testing.ChildNode;
import io.voronka.testing.Leads;
import io.voronka.testing.NodeProcess;
import io.voronka.testing.TestDatabase;
import io.voronka.testing.TestServer;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * kill -9 in the middle of a mass reassignment: the node running the job is SIGKILLed in a child
 * JVM, a new node on the same database takes the job over once the lease runs out, and in the end
 * every record was changed exactly once: one history entry, one version step, one event each.
 */
class BulkJobSurvivesSigkillTest {

    private static final int DEALS = 4_000;

    @Test
    void aReassignmentKilledMidJobFinishesOnAnotherNodeChangingEveryRecordOnce() throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            try (TestServer first = TestServer.join(database, Map.of())) {
                assertThat(Leads.addManager(first.admin(), "boris").status()).isEqualTo(201);
                insertDealsOfOlga(first.server().database());
            }
            Map<String, String> keys = new HashMap<>(database.config());
            keys.put("http.host", "127.0.0.1");
            keys.put("http.port", "0");
            keys.put("admin.password", TestServer.ADMIN_PASSWORD);
            String job;
            int doneAtKill;
            try (NodeProcess node = NodeProcess.start(ChildNode.class, keys)) {
                ApiClient admin = new ApiClient("http://127.0.0.1:" + node.readyDetail())
                        .signIn("admin", TestServer.ADMIN_PASSWORD);
                ApiClient.Response started = admin.post("/api/v1/records/deal/bulk", new JsonObject().put("action", "assign")
                        .put("filter", "responsible_manager == 'olga'").put("user", "boris"));
                assertThat(started.status()).as(started.body()).isEqualTo(202);
                job = started.json().getString("jobId");
                JsonObject progress = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                        .until(() -> admin.get("/api/v1/jobs/" + job).json(), j -> j.getInteger("done") >= 300);
                node.kill();
                doneAtKill = progress.getInteger("done");
                System.out.printf(Locale.ROOT, "SIGKILL with %d of %d records done%n", doneAtKill, DEALS);
            }
            assertThat(doneAtKill).as("killed in the middle of the job").isLessThan(DEALS);

            try (TestServer second = TestServer.join(database, Map.of())) {
                ApiClient admin = second.admin();
                JsonObject finished = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> admin.get("/api/v1/jobs/" + job).json(), j -> "done".equals(j.getString("state")));
                assertThat(finished.getInteger("total")).isEqualTo(DEALS);
                assertThat(finished.getInteger("done")).isEqualTo(DEALS);
                assertThat(finished.getInteger("failed")).isZero();

                Database db = second.server().database();
                int boris = db.withConnection(c -> db.dsl(c).fetchCount(DSL.table(DSL.name("rec_deal")),
                        DSL.field(DSL.name("responsible_manager")).eq("boris").and(DSL.field(DSL.name("version")).eq(2))));
                assertThat(boris).as("every deal reassigned, each in one version step").isEqualTo(DEALS);
                List<Integer> changesPerDeal = db.withConnection(c -> db.dsl(c)
                        .select(DSL.count()).from(DSL.table(DSL.name("record_history")))
                        .where(DSL.field(DSL.name("field")).eq("responsible_manager"))
                        .and(DSL.field(DSL.name("entity")).eq("deal"))
                        .groupBy(DSL.field(DSL.name("record_id"))).fetch(r -> r.value1()));
                assertThat(changesPerDeal).as("one history entry per deal").hasSize(DEALS).containsOnly(1);
                int events = db.withConnection(c -> db.dsl(c).fetchCount(DSL.table(DSL.name("domain_event")),
                        DSL.field(DSL.name("origin")).eq("bulk")));
                assertThat(events).as("one event per deal, none twice").isEqualTo(DEALS);
            }
        }
    }

    /** Deals written straight into the table, as an import of old data would leave them. */
    private static void insertDealsOfOlga(Database database) {
        Timestamp now = Timestamp.valueOf(LocalDateTime.of(2026, 11, 1, 9, 0));
        database.inTransaction(c -> {
            String sql = database.dsl(c).render(DSL.insertInto(DSL.table(DSL.name("rec_deal")),
                    DSL.field(DSL.name("id")), DSL.field(DSL.name("version")), DSL.field(DSL.name("created_at")),
                    DSL.field(DSL.name("updated_at")), DSL.field(DSL.name("created_by")), DSL.field(DSL.name("title")),
                    DSL.field(DSL.name("stage")), DSL.field(DSL.name("responsible_manager")))
                    .values(DSL.val(""), DSL.val(1), DSL.val(now), DSL.val(now), DSL.val(""), DSL.val(""), DSL.val(""), DSL.val("")));
            try (PreparedStatement insert = c.prepareStatement(sql)) {
                for (int i = 0; i < DEALS; i++) {
                    insert.setString(1, String.format(Locale.ROOT, "00000000-0000-0000-0000-%012d", i));
                    insert.setInt(2, 1);
                    insert.setTimestamp(3, now);
                    insert.setTimestamp(4, now);
                    insert.setString(5, "import");
                    insert.setString(6, "Olga's deal " + i);
                    insert.setString(7, "new");
                    insert.setString(8, "olga");
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }
}
