package io.voronka.bulk;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.ContractCheck;
import io.voronka.testing.LiveListener;
import io.voronka.testing.SignedInServer;
import io.voronka.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lists and views over HTTP on a whole node, as the console uses them: search within the
 * manager's scope, sorts and totals, kanban groups, saved views, and a reassignment job whose
 * progress reaches its owner's live stream.
 */
class ListsApiTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.withManagers("nina", "pavel", "olga", "boris");

    static TestServer server;
    static ApiClient admin;
    static ApiClient nina;
    /** Every answer below is also checked against its declared schema in docs/openapi.json. */
    static ContractCheck contract;

    @BeforeAll
    static void start() {
        server = node.server();
        admin = node.admin();
        nina = node.manager("nina");
        contract = new ContractCheck(admin.get("/api/v1/openapi.json").json());
    }

    @org.junit.jupiter.api.AfterEach
    void answersMatchTheirSchemas() {
        assertThat(contract.violations()).as("answers that disagree with docs/openapi.json").isEmpty();
    }

    static ApiClient.Response get(ApiClient client, String path) {
        return contract.check("GET", path, client.get(path));
    }

    static ApiClient.Response post(ApiClient client, String path, JsonObject body) {
        return contract.check("POST", path, body, client.post(path, body));
    }

    static String contact(String lastName, String phone, String responsible) {
        JsonObject values = new JsonObject().put("first_name", "Анна").put("last_name", lastName).put("phone", phone)
                .put("source", "call").put("responsible_manager", responsible);
        ApiClient.Response created = admin.post("/api/v1/records/contact", new JsonObject().put("values", values));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().getString("id");
    }

    static String deal(String title, String stage, String responsible) {
        JsonObject values = new JsonObject().put("title", title).put("stage", stage).put("responsible_manager", responsible);
        if (stage.equals("lost")) {
            values.put("loss_reason", "price"); // the deal's stage rule
        }
        ApiClient.Response created = admin.post("/api/v1/records/deal", new JsonObject().put("values", values));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().getString("id");
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void searchFindsAPhoneInAnySpellingWithinTheManagersScope() {
        String ninas = contact("Сёмина", "+7 (915) 222-33-44", "nina");
        String pavels = contact("Сёмина-Павлова", "8 916 555-66-77", "pavel");
        for (String spelling : List.of("+7 (915) 222-33-44", "89152223344", "915-222-33-44")) {
            JsonArray items = get(nina, "/api/v1/search?q=" + encode(spelling)).json().getJsonArray("items");
            assertThat(items).as(spelling).isNotEmpty();
            assertThat(items.getJsonObject(0).getString("id")).isEqualTo(ninas);
            assertThat(items.getJsonObject(0).getString("matched")).isEqualTo("phone");
        }
        JsonArray byName = get(nina, "/api/v1/search?q=" + encode("СЕМИНА")).json().getJsonArray("items");
        assertThat(byName.stream().map(o -> ((JsonObject) o).getString("id")).toList()).contains(ninas).doesNotContain(pavels);
        assertThat(get(admin, "/api/v1/search?q=" + encode("семина")).json().getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getString("id")).toList()).contains(ninas, pavels);
        assertThat(get(nina, "/api/v1/search?q=" + encode("8 916 555 66 77")).json().getJsonArray("items")).isEmpty();
        assertProblem(get(nina, "/api/v1/search?q=%20"), 400, "q", "required");
    }

    @Test
    void listsSortByIndexedFieldsCountExactlyAndGroupForTheKanban() {
        for (String stage : List.of("won", "new", "won", "lost")) {
            deal("Kanban " + stage, stage, "nina");
        }
        deal("Kanban pavel", "won", "pavel");
        String filter = encode("startsWith(title, 'Kanban')");
        JsonObject page = get(nina, "/api/v1/records/deal?sort=-stage&limit=2&count=exact&filter=" + filter).json();
        assertThat(page.getInteger("total")).as("nina's four, not pavel's").isEqualTo(4);
        assertThat(page.containsKey("count")).isFalse();
        assertThat(page.getJsonArray("items").getJsonObject(0).getJsonObject("values").getString("stage")).isEqualTo("won");
        assertProblem(get(nina, "/api/v1/records/deal?sort=title"), 400, "sort", "sortable");
        assertProblem(get(nina, "/api/v1/records/deal?count=maybe"), 400, "count", "type");

        JsonArray groups = get(nina, "/api/v1/records/deal/groups?by=stage&filter=" + filter).json().getJsonArray("groups");
        assertThat(groups).containsExactly(
                new JsonObject().put("value", "new").put("count", 1), new JsonObject().put("value", "qualified").put("count", 0),
                new JsonObject().put("value", "proposal").put("count", 0),
                new JsonObject().put("value", "negotiation").put("count", 0),
                new JsonObject().put("value", "won").put("count", 2), new JsonObject().put("value", "lost").put("count", 1));
        assertProblem(get(nina, "/api/v1/records/deal/groups?by=title"), 400, "by", "groupable");
    }

    @Test
    void viewsAreSavedCheckedAndSharedOnlyByAdmins() {
        ApiClient.Response bad = post(nina, "/api/v1/views", new JsonObject().put("entity", "deal").put("name", "Broken")
                .put("filter", "stage == 'won' &&"));
        assertProblem(bad, 422, "filter", "sandbox");
        assertProblem(post(nina, "/api/v1/views", new JsonObject().put("entity", "deal").put("name", "Cols")
                .put("columns", new JsonArray().add("colour"))), 422, "columns[0]", "exists");
        assertThat(post(nina, "/api/v1/views", new JsonObject().put("entity", "deal").put("name", "For all")
                .put("shared", true)).status()).isEqualTo(403);
        ApiClient.Response saved = post(nina, "/api/v1/views", new JsonObject().put("entity", "deal").put("name", "Pipeline")
                .put("kind", "kanban").put("groupBy", "stage").put("sort", "-amount")
                .put("columns", new JsonArray().add("title").add("amount")));
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        String id = saved.json().getString("id");
        assertThat(get(nina, "/api/v1/views?entity=deal").json().getJsonArray("items").stream()
                .map(v -> ((JsonObject) v).getString("id")).toList()).contains(id);
        assertThat(get(admin, "/api/v1/views?entity=deal").json().getJsonArray("items").stream()
                .map(v -> ((JsonObject) v).getString("id")).toList()).as("personal").doesNotContain(id);
        assertThat(nina.send("PUT", "/api/v1/views/" + id, saved.json().copy().put("name", "My pipeline")
                .put("filter", (String) null).encode()).status()).isEqualTo(200);
        assertThat(nina.delete("/api/v1/views/" + id).status()).isEqualTo(204);
        assertThat(nina.delete("/api/v1/views/" + id).status()).isEqualTo(404);
    }

    @Test
    void aManagerWhoLeavesHasEverythingReassignedWithProgressForTheJobsOwner() {
        List<String> olgas = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            olgas.add(deal("Olga's " + i, "new", "olga"));
        }
        LiveListener adminStream = LiveListener.open(HttpClient.newHttpClient(), server.server().baseUrl(), admin.token());
        LiveListener ninaStream = LiveListener.open(HttpClient.newHttpClient(), server.server().baseUrl(), nina.token());
        ApiClient.Response started = post(admin, "/api/v1/records/deal/bulk", new JsonObject().put("action", "assign")
                .put("filter", "responsible_manager == 'olga'").put("user", "boris"));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String job = started.json().getString("jobId");
        JsonObject done = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(admin, "/api/v1/jobs/" + job).json(), j -> "done".equals(j.getString("state")));
        assertThat(done.getInteger("total")).isEqualTo(5);
        assertThat(done.getInteger("done")).isEqualTo(5);
        assertThat(done.getJsonArray("errors")).isEmpty();
        for (String id : olgas) {
            assertThat(get(admin, "/api/v1/records/deal/" + id).json().getJsonObject("values").getString("responsible_manager"))
                    .isEqualTo("boris");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> adminStream.notices().stream()
                .anyMatch(n -> "job".equals(n.getString("kind")) && job.equals(n.getString("jobId"))
                        && "done".equals(n.getString("state"))));
        assertThat(ninaStream.notices()).as("another user's job is not hers to hear")
                .noneMatch(n -> "job".equals(n.getString("kind")));
        assertThat(get(nina, "/api/v1/jobs/" + job).status()).isEqualTo(404);
        String withFailure = post(admin, "/api/v1/records/deal/bulk", new JsonObject().put("action", "update")
                .put("ids", new JsonArray().add(olgas.getFirst()).add("00000000-0000-0000-0000-000000000000"))
                .put("values", new JsonObject().put("stage", "qualified"))).json().getString("jobId");
        JsonObject listed = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(admin, "/api/v1/jobs/" + withFailure).json(), j -> "done".equals(j.getString("state")));
        assertThat(listed.getInteger("done")).isEqualTo(1);
        assertThat(listed.getJsonArray("errors").getJsonObject(0).getString("id")).isEqualTo("00000000-0000-0000-0000-000000000000");
        assertProblem(post(nina, "/api/v1/records/deal/bulk", new JsonObject().put("action", "assign")
                .put("ids", new JsonArray().add(olgas.getFirst()))), 422, "user", "required");
    }
}
