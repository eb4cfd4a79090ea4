package io.voronka.access;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The authorization matrix: a manager's read and write scopes against every route that reaches a
 * contact. Four contacts: nina's own, her teammate olga's, pavel's (another team), and one nobody
 * is responsible for (the pool). Each has a lead-intake task assigned to nina and a deal with the
 * same responsible manager, so only the record scope decides what nina gets.
 */
class AccessMatrixTest {

    private static final List<String> OWNERS = List.of("nina", "olga", "pavel", "pool");
    private static final String DEFAULT_READ = "[\"own\",\"team\",\"unassigned\"]";

    private static TestServer server;
    private static ApiClient admin;
    private static ApiClient nina;
    private static String north;
    private static final Map<String, String> contacts = new LinkedHashMap<>();
    private static final Map<String, String> deals = new LinkedHashMap<>();
    private static final Map<String, String> tasks = new LinkedHashMap<>();

    @BeforeAll
    static void world() {
        server = TestServer.start();
        admin = server.admin();
        assertThat(Leads.addManager(admin, "nina").status()).isEqualTo(201);
        for (String owner : OWNERS) {
            contacts.put(owner, admin.post("/api/v1/records/contact", Leads.hotLead("Matrix" + owner)).json().getString("id"));
        }
        // nina is the only manager while the tasks are handed out, so every task is hers
        for (String owner : OWNERS) {
            JsonObject task = Leads.awaitTask(admin, contacts.get(owner));
            assertThat(task.getString("assignee")).isEqualTo("nina");
            tasks.put(owner, task.getString("id"));
        }
        assertThat(Leads.addManager(admin, "olga").status()).isEqualTo(201);
        assertThat(Leads.addManager(admin, "pavel").status()).isEqualTo(201);
        for (String owner : OWNERS) {
            String path = "/api/v1/records/contact/" + contacts.get(owner);
            // round-robin made nina responsible for every contact; the pool contact goes back to nobody
            int version = admin.get(path).json().getInteger("version");
            assertThat(admin.patch(path, new JsonObject().put("version", version).put("values", new JsonObject()
                    .put("responsible_manager", owner.equals("pool") ? null : owner))).status()).isEqualTo(200);
            JsonObject deal = new JsonObject().put("title", "Deal " + owner).put("stage", "new")
                    .put("contact_id", contacts.get(owner)).put("responsible_manager", owner.equals("pool") ? null : owner);
            deals.put(owner, admin.post("/api/v1/records/deal", new JsonObject().put("values", deal)).json().getString("id"));
        }
        ApiClient.Response team = admin.post("/api/v1/teams", new JsonObject().put("name", "North").put("head", "nina"));
        assertThat(team.status()).isEqualTo(201);
        north = team.json().getString("id");
        assertThat(admin.send("PUT", "/api/v1/teams/" + north + "/members/olga", null).status()).isEqualTo(200);
        assertThat(admin.post("/api/v1/teams", new JsonObject().put("name", "South").put("head", "pavel")).status())
                .isEqualTo(201);
        nina = server.anonymous().signIn("nina", "Manager-pass-123");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Stream<Arguments> readScopes() {
        return Stream.of(
                arguments(DEFAULT_READ, List.of("nina", "olga", "pool")),
                arguments("[\"own\"]", List.of("nina")),
                arguments("[\"team\"]", List.of("nina", "olga")),
                arguments("[\"unassigned\"]", List.of("pool")),
                arguments("[\"own\",\"unassigned\"]", List.of("nina", "pool")),
                arguments("\"none\"", List.of()),
                arguments("\"all\"", OWNERS));
    }

    @ParameterizedTest(name = "manager reads {0}")
    @MethodSource("readScopes")
    void managerSeesOnlyTheContactsHerReadScopeReachesByEveryRoute(String read, List<String> visible) {
        setScope("manager", read, "[\"own\"]");
        for (String owner : OWNERS) {
            boolean sees = visible.contains(owner);
            String id = contacts.get(owner);
            String path = "/api/v1/records/contact/" + id;
            assertThat(nina.get(path).status()).as("get %s", owner).isEqualTo(sees ? 200 : 404);
            assertThat(nina.get(path + "/history").status()).as("history of %s", owner).isEqualTo(sees ? 200 : 404);
            assertThat(nina.get("/api/v1/records/deal?count=true&contact_id=" + id).json().getInteger("count"))
                    .as("deals linked to %s", owner).isEqualTo(sees ? 1 : 0);
            assertThat(nina.get("/api/v1/process-instances?recordId=" + id).array())
                    .as("process instances of %s", owner).hasSize(sees ? 1 : 0);
            String task = "/api/v1/tasks/" + tasks.get(owner);
            assertThat(nina.post(task + "/claim", null).status()).as("claim the task of %s", owner).isEqualTo(sees ? 200 : 404);
            if (!sees) {
                assertProblem(nina.post(task + "/complete", new JsonObject().put("values",
                        new JsonObject().put("outcome", "qualified"))), 404, null, null);
            }
        }
        Set<String> expected = idsOf(contacts, visible);
        assertThat(ours(nina.get("/api/v1/records/contact?limit=500"), contacts)).as("list").isEqualTo(expected);
        JsonObject bySource = nina.get("/api/v1/records/contact?count=true&source=referral").json();
        assertThat(bySource.getInteger("count")).as("count of an equality filter").isEqualTo(visible.size());
        JsonObject filtered = nina.get("/api/v1/records/contact?count=true&filter="
                + encode("source == 'referral' && budget > 1000")).json();
        assertThat(filtered.getInteger("count")).as("count of a rule filter").isEqualTo(visible.size());
        assertThat(ours(filtered, contacts)).as("rule filter").isEqualTo(expected);
        assertThat(ours(nina.get("/api/v1/records/deal?filter=" + encode("contact.source == 'referral'")).json(), deals))
                .as("deals filtered through their contact").isEqualTo(idsOf(deals, visible));
        Set<String> inbox = nina.get("/api/v1/tasks").array().stream().map(t -> ((JsonObject) t).getString("recordId"))
                .filter(contacts::containsValue).collect(Collectors.toSet());
        assertThat(inbox).as("records of the tasks in the inbox").isEqualTo(expected);
    }

    @Test
    void adminSeesEveryContactAndTaskWhateverTheManagersScope() {
        setScope("manager", "\"none\"", "\"none\"");
        assertThat(ours(admin.get("/api/v1/records/contact?limit=500"), contacts)).isEqualTo(Set.copyOf(contacts.values()));
        for (String owner : OWNERS) {
            assertThat(admin.get("/api/v1/records/contact/" + contacts.get(owner)).status()).isEqualTo(200);
            assertThat(admin.get("/api/v1/process-instances?recordId=" + contacts.get(owner)).array()).hasSize(1);
        }
        assertThat(admin.get("/api/v1/tasks").array().stream().map(t -> ((JsonObject) t).getString("recordId")))
                .containsAll(contacts.values());
    }

    static Stream<Arguments> writeScopes() {
        return Stream.of(
                arguments("\"all\"", "[\"own\"]", Map.of("nina", 200, "olga", 403, "pavel", 403, "pool", 403)),
                arguments("\"all\"", "[\"team\"]", Map.of("nina", 200, "olga", 200, "pavel", 403, "pool", 403)),
                arguments("\"all\"", "[\"unassigned\"]", Map.of("nina", 403, "olga", 403, "pavel", 403, "pool", 200)),
                arguments("\"all\"", "\"none\"", Map.of("nina", 403, "olga", 403, "pavel", 403, "pool", 403)),
                arguments("\"all\"", "\"all\"", Map.of("nina", 200, "olga", 200, "pavel", 200, "pool", 200)),
                arguments(DEFAULT_READ, "[\"own\"]", Map.of("nina", 200, "olga", 403, "pavel", 404, "pool", 403)));
    }

    @ParameterizedTest(name = "manager reads {0}, writes {1}")
    @MethodSource("writeScopes")
    void managerChangesOnlyTheContactsHerWriteScopeReaches(String read, String write, Map<String, Integer> expected) {
        setScope("manager", read, write);
        for (String owner : OWNERS) {
            String path = "/api/v1/records/contact/" + contacts.get(owner);
            JsonObject before = admin.get(path).json();
            long budget = before.getJsonObject("values").getLong("budget") + 1;
            ApiClient.Response answer = nina.patch(path, new JsonObject().put("version", before.getInteger("version"))
                    .put("values", new JsonObject().put("budget", budget)));
            int status = expected.get(owner);
            if (status == 200) {
                assertThat(answer.status()).as("%s: %s", owner, answer.body()).isEqualTo(200);
            } else {
                assertProblem(answer, status, null, null);
            }
            JsonObject after = admin.get(path).json();
            assertThat(after.getInteger("version")).as("version of %s", owner)
                    .isEqualTo(before.getInteger("version") + (status == 200 ? 1 : 0));
        }
    }

    @Test
    void aManagerWhoNamesNoResponsibleBecomesIt() {
        setScope("manager", DEFAULT_READ, "[\"own\"]");
        JsonObject unnamed = new JsonObject().put("values", new JsonObject().put("first_name", "Walk-in")
                .put("source", "call"));
        ApiClient.Response created = nina.post("/api/v1/records/contact", unnamed);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().getJsonObject("values").getString("responsible_manager")).isEqualTo("nina");
        ApiClient.Response byAdmin = admin.post("/api/v1/records/contact", unnamed);
        assertThat(byAdmin.json().getJsonObject("values").getString("responsible_manager"))
                .as("an admin may create into the pool").isNull();
    }

    @Test
    void managerCreatesOnlyContactsInsideHerWriteScope() {
        setScope("manager", DEFAULT_READ, "[\"own\"]");
        assertThat(nina.post("/api/v1/records/contact", newContact("Created-own", "nina")).status()).isEqualTo(201);
        assertProblem(nina.post("/api/v1/records/contact", newContact("Created-for-olga", "olga")), 403, null, null);
        assertProblem(nina.post("/api/v1/records/contact", newContact("Created-for-nobody", null)), 403, null, null);
        setScope("manager", DEFAULT_READ, "[\"team\"]");
        assertThat(nina.post("/api/v1/records/contact", newContact("Created-for-teammate", "olga")).status()).isEqualTo(201);
        assertProblem(nina.post("/api/v1/records/contact", newContact("Created-for-pavel", "pavel")), 403, null, null);
        for (String refused : List.of("Created-for-olga", "Created-for-nobody", "Created-for-pavel")) {
            assertThat(admin.get("/api/v1/records/contact?count=true&last_name=" + refused).json().getInteger("count"))
                    .as("%s was rolled back", refused).isZero();
        }
    }

    @Test
    void managerCannotLinkADealToAContactSheCannotSee() {
        setScope("manager", DEFAULT_READ, "[\"own\"]");
        JsonObject toPavels = new JsonObject().put("title", "Sneaky").put("stage", "new")
                .put("contact_id", contacts.get("pavel")).put("responsible_manager", "nina");
        assertProblem(nina.post("/api/v1/records/deal", new JsonObject().put("values", toPavels)),
                422, "values.contact_id", "exists");
        String own = admin.post("/api/v1/records/contact", newContact("Linked-own", "nina")).json().getString("id");
        JsonObject toOwn = toPavels.copy().put("title", "Honest").put("contact_id", own);
        assertThat(nina.post("/api/v1/records/deal", new JsonObject().put("values", toOwn)).status()).isEqualTo(201);
    }

    @Test
    void filtersDoNotReadLinkedRecordsOutsideTheReadScope() {
        // nina's deal on pavel's contact, and nina's contact with a deal of pavel's
        JsonObject pavelsContact = newContact("Linked-pavels", "pavel");
        pavelsContact.getJsonObject("values").put("budget", 777);
        String pavels = admin.post("/api/v1/records/contact", pavelsContact).json().getString("id");
        String ninasDeal = admin.post("/api/v1/records/deal", new JsonObject().put("values", new JsonObject()
                .put("title", "On pavel's contact").put("stage", "new").put("contact_id", pavels)
                .put("responsible_manager", "nina"))).json().getString("id");
        String ninas = admin.post("/api/v1/records/contact", newContact("Linked-ninas", "nina")).json().getString("id");
        admin.post("/api/v1/records/deal", new JsonObject().put("values", new JsonObject()
                .put("title", "Pavel's secret").put("stage", "won").put("amount", 31337).put("contact_id", ninas)
                .put("responsible_manager", "pavel")));
        String throughContact = "/api/v1/records/deal?count=true&filter=" + encode("contact.budget == 777");
        String throughDeals = "/api/v1/records/contact?count=true&filter=" + encode("any(deals, amount == 31337)");

        setScope("manager", DEFAULT_READ, "[\"own\"]");
        assertThat(nina.get("/api/v1/records/deal/" + ninasDeal).status()).isEqualTo(200);
        assertThat(nina.get(throughContact).json().getInteger("count")).as("pavel's contact read through a link").isZero();
        assertThat(nina.get(throughDeals).json().getInteger("count")).as("pavel's deal read through a link").isZero();

        setScope("manager", "\"all\"", "[\"own\"]");
        assertThat(nina.get(throughContact).json().getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(ninasDeal);
        assertThat(nina.get(throughDeals).json().getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(ninas);
    }

    @Test
    void anEntitysOwnScopeOverridesTheRoleDefault() {
        setScope("manager", "\"all\"", "[\"own\"]");
        String path = "/api/v1/access/scopes/manager/contact";
        try {
            assertThat(admin.send("PUT", path, "{\"read\":\"none\",\"write\":\"none\"}").status()).isEqualTo(200);
            assertThat(ours(nina.get("/api/v1/records/contact?limit=500"), contacts)).isEmpty();
            assertThat(nina.get("/api/v1/records/contact/" + contacts.get("nina")).status()).isEqualTo(404);
            assertThat(ours(nina.get("/api/v1/records/deal?limit=500"), deals)).as("deals follow the default")
                    .isEqualTo(Set.copyOf(deals.values()));
        } finally {
            assertThat(admin.delete(path).status()).isEqualTo(200);
        }
        assertThat(nina.get("/api/v1/records/contact/" + contacts.get("nina")).status()).isEqualTo(200);
    }

    @Test
    void teamScopeFollowsMembershipChangesAtOnce() {
        setScope("manager", "[\"team\"]", "[\"own\"]");
        String olgas = "/api/v1/records/contact/" + contacts.get("olga");
        assertThat(nina.get(olgas).status()).isEqualTo(200);
        assertThat(nina.get("/api/v1/auth/me").json().getJsonArray("teams")).containsExactly(north);
        assertThat(nina.get("/api/v1/auth/me").json().getJsonArray("heads")).containsExactly(north);
        try {
            assertThat(admin.delete("/api/v1/teams/" + north + "/members/olga").status()).isEqualTo(200);
            assertThat(nina.get(olgas).status()).isEqualTo(404);
        } finally {
            assertThat(admin.send("PUT", "/api/v1/teams/" + north + "/members/olga", null).status()).isEqualTo(200);
        }
        assertThat(nina.get(olgas).status()).isEqualTo(200);
    }

    @Test
    void anAdminWhoseWriteScopeExcludesARecordGets403OnChangeAndDelete() {
        String id = admin.post("/api/v1/records/contact", newContact("Admin-guarded", null)).json().getString("id");
        String path = "/api/v1/records/contact/" + id;
        try {
            setScope("admin", "\"all\"", "\"none\"");
            assertProblem(admin.delete(path + "?version=1"), 403, null, null);
            assertProblem(admin.patch(path, new JsonObject().put("version", 1)
                    .put("values", new JsonObject().put("budget", 1))), 403, null, null);
        } finally {
            setScope("admin", "\"all\"", "\"all\"");
        }
        assertThat(admin.get(path).json().getInteger("version")).isEqualTo(1);
        assertThat(admin.delete(path + "?version=1").status()).isEqualTo(204);
    }

    private static void setScope(String role, String read, String write) {
        ApiClient.Response answer = admin.send("PUT", "/api/v1/access/scopes/" + role + "/*",
                "{\"read\":" + read + ",\"write\":" + write + "}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private static JsonObject newContact(String lastName, String responsible) {
        return new JsonObject().put("values", new JsonObject().put("first_name", "New").put("last_name", lastName)
                .put("source", "call").put("responsible_manager", responsible));
    }

    private static Set<String> ours(ApiClient.Response page, Map<String, String> ids) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return ours(page.json(), ids);
    }

    /** The ids on a page that are among the matrix's records; other tests' records are ignored. */
    private static Set<String> ours(JsonObject page, Map<String, String> ids) {
        JsonArray items = page.getJsonArray("items");
        return items.stream().map(i -> ((JsonObject) i).getString("id")).filter(ids::containsValue).collect(Collectors.toSet());
    }

    private static Set<String> idsOf(Map<String, String> ids, List<String> owners) {
        return owners.stream().map(ids::get).collect(Collectors.toSet());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
