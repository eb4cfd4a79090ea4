package io.voronka.kernel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.SignedInServer;
import io.voronka.testing.TestDatabase;
import io.voronka.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowable.engine.HistoryService;
import org.flowable.variable.api.history.HistoricVariableInstance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Any Unicode text, 4-byte characters included, comes back as it was written: through a record, its
 * history, the process it starts (variables) and a task completed with a comment. On MariaDB this
 * needs utf8mb4 in every table, Flowable's too, and on the connection.
 */
class UnicodeRoundTripTest {

    /** Emoji, a mathematical letter outside the BMP, a CJK extension B ideograph, Cyrillic. */
    private static final String FIRST_NAME = "Ёжик 🦔";
    private static final String LAST_NAME = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠀋𠂤 Щукин";
    private static final String COMMENT = "Перезвонить 📞 после 15:00 — 𝔘 𠀋 👍🏽";

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    static TestServer server;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        server = node.server();
        admin = node.admin();
    }

    private static String createContact() {
        return createContact(LAST_NAME);
    }

    private static String createContact(String lastName) {
        JsonObject lead = Leads.hotLead("placeholder");
        lead.getJsonObject("values").put("first_name", FIRST_NAME).put("last_name", lastName)
                .put("utm_campaign", "весна-2026 🌸");
        ApiClient.Response created = admin.post("/api/v1/records/contact", lead);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().getString("id");
    }

    private static JsonObject awaitProcess(String recordId) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> admin.get("/api/v1/process-instances?recordId=" + recordId).array(), a -> a.size() == 1)
                .getJsonObject(0);
    }

    private static Map<String, Object> processVariables(String processInstanceId) {
        HistoryService history = server.server().processEngine().getHistoryService();
        Map<String, Object> variables = new HashMap<>();
        for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).list()) {
            variables.put(v.getVariableName(), v.getValue());
        }
        return variables;
    }

    @Test
    void fourByteCharactersRoundTripThroughRecordAndHistory() {
        String lastName = LAST_NAME + " 🔎";
        String id = createContact(lastName);

        JsonObject values = admin.get("/api/v1/records/contact/" + id).json().getJsonObject("values");
        assertThat(values.getString("first_name")).isEqualTo(FIRST_NAME);
        assertThat(values.getString("last_name")).isEqualTo(lastName);
        assertThat(values.getString("utm_campaign")).isEqualTo("весна-2026 🌸");

        JsonArray history = admin.get("/api/v1/records/contact/" + id + "/history").array();
        assertThat(history.stream().map(JsonObject.class::cast).filter(c -> "last_name".equals(c.getString("field")))
                .map(c -> c.getString("newValue"))).containsExactly(lastName);

        ApiClient.Response found = admin.get("/api/v1/records/contact?count=true&last_name="
                + URLEncoder.encode(lastName, StandardCharsets.UTF_8));
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().getInteger("count")).isEqualTo(1);
    }

    @Test
    void fourByteNameStartsItsProcessWithTheNameAsVariable() {
        String id = createContact();

        JsonObject process = awaitProcess(id);
        assertThat(process.getString("recordId")).isEqualTo(id);
        Map<String, Object> variables = processVariables(process.getString("id"));
        assertThat(variables).containsEntry("first_name", FIRST_NAME).containsEntry("last_name", LAST_NAME);
    }

    @Test
    void taskCompletesWithEmojiCommentAndKeepsIt() {
        String id = createContact();
        JsonObject task = Leads.awaitTask(admin, id);

        ApiClient.Response done = admin.post("/api/v1/tasks/" + task.getString("id") + "/complete",
                new JsonObject().put("values", new JsonObject().put("outcome", "not_qualified").put("comment", COMMENT)));
        assertThat(done.status()).as(done.body()).isBetween(200, 204);

        JsonObject process = awaitProcess(id);
        assertThat(processVariables(process.getString("id"))).containsEntry("comment", COMMENT);
    }

    @Test
    void databaseCreatedAsLatin1OrConvertedBackToUtf8mb3BecomesUtf8mb4AtStart() {
        try (TestDatabase database = TestDatabase.create("latin1")) {
            try (TestServer first = TestServer.join(database, Map.of())) {
                assertThat(nonUtf8mb4Columns(first)).as("after the first start on a latin1 database").isEmpty();
                if (TestDatabase.onMariaDb()) {
                    // A database from before utf8mb4 was enforced: Flowable's variable history and our
                    // record history in utf8mb3 (tables no foreign key joins, which MariaDB lets change).
                    first.server().database().withConnection(c -> {
                        c.createStatement().execute("alter table ACT_HI_VARINST convert to character set utf8mb3 collate utf8mb3_bin");
                        c.createStatement().execute("alter table record_history convert to character set utf8mb3");
                        return null;
                    });
                    assertThat(nonUtf8mb4Columns(first)).isNotEmpty();
                }
            }
            try (TestServer second = TestServer.join(database, Map.of())) {
                assertThat(nonUtf8mb4Columns(second)).as("after a restart").isEmpty();
                ApiClient client = second.admin();
                JsonObject lead = Leads.hotLead("placeholder");
                lead.getJsonObject("values").put("first_name", FIRST_NAME).put("last_name", LAST_NAME);
                String id = client.post("/api/v1/records/contact", lead).json().getString("id");
                assertThat(client.get("/api/v1/records/contact/" + id).json().getJsonObject("values").getString("last_name"))
                        .isEqualTo(LAST_NAME);
                String processId = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> client.get("/api/v1/process-instances?recordId=" + id).array(), a -> a.size() == 1)
                        .getJsonObject(0).getString("id");
                assertThat(second.server().processEngine().getHistoryService().createHistoricVariableInstanceQuery()
                        .processInstanceId(processId).variableName("last_name").singleResult().getValue()).isEqualTo(LAST_NAME);
            }
        }
    }

    /**
     * Text columns that cannot hold every character, or Flowable columns that lost its binary
     * collation; none on H2, whose text is always Unicode and compared exactly.
     */
    private static List<String> nonUtf8mb4Columns(TestServer node) {
        if (!TestDatabase.onMariaDb()) {
            return List.of();
        }
        return node.server().database().withConnection(c -> {
            List<String> wrong = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("select table_name, column_name, collation_name"
                    + " from information_schema.columns where table_schema = database() and collation_name is not null")) {
                while (rs.next()) {
                    String table = rs.getString(1).toUpperCase(java.util.Locale.ROOT);
                    String collation = rs.getString(3);
                    boolean flowable = table.startsWith("ACT_") || table.startsWith("FLW_");
                    if (flowable ? !collation.equals("utf8mb4_bin") : !collation.startsWith("utf8mb4_")) {
                        wrong.add(table + "." + rs.getString(2) + " " + collation);
                    }
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("select @@character_set_connection, @@character_set_client,"
                    + " @@character_set_results, default_character_set_name from information_schema.schemata where schema_name = database()")) {
                rs.next();
                for (int i = 1; i <= 4; i++) {
                    if (!"utf8mb4".equals(rs.getString(i))) {
                        wrong.add("connection or database default " + rs.getMetaData().getColumnLabel(i) + " " + rs.getString(i));
                    }
                }
            }
            return wrong;
        });
    }

    @Test
    void taskIdWithFourByteCharactersIsNotFound() {
        ApiClient.Response answer = admin.post("/api/v1/tasks/" + URLEncoder.encode("🦔𠀋", StandardCharsets.UTF_8) + "/complete",
                new JsonObject().put("values", new JsonObject().put("outcome", "qualified")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
    }
}
