package io.voronka.kernel.http;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.TestServer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input on every route of the smoke contract answers a 4xx problem+json that names the field
 * and the rule, and changes nothing.
 */
class ApiContractTest {

    static TestServer server;
    static ApiClient admin;
    static ApiClient manager;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
        admin.post("/api/v1/users", new JsonObject().put("username", "mila").put("password", "Manager-pass-123")
                .put("roles", new JsonArray().add("manager")));
        manager = server.anonymous().signIn("mila", "Manager-pass-123");
    }

    @AfterAll
    static void stop() {
        server.close();
    }


    int contactCount() {
        return admin.get("/api/v1/records/contact?limit=1&count=true").json().getInteger("count");
    }

    @Test
    void healthAnswersAnyoneButMetricsNeedConfiguring() {
        ApiClient anonymous = server.anonymous();
        assertThat(anonymous.get("/health/live").json().getString("status")).isEqualTo("UP");
        assertThat(anonymous.get("/health/ready").json().getString("status")).isEqualTo("UP");
        assertProblem(anonymous.get("/metrics"), 404, null, null);
        assertProblem(admin.get("/metrics"), 404, null, null);
    }

    @Test
    void loginRejectsBadInput() {
        ApiClient anonymous = server.anonymous();
        assertProblem(anonymous.send("POST", "/api/v1/auth/login", null), 400, "body", "required");
        assertProblem(anonymous.send("POST", "/api/v1/auth/login", "{not json"), 400, "body", "json");
        assertProblem(anonymous.send("POST", "/api/v1/auth/login", "[1,2]"), 400, "body", "type");
        assertProblem(anonymous.post("/api/v1/auth/login", new JsonObject().put("username", "admin")), 422, "password", "required");
        assertProblem(anonymous.post("/api/v1/auth/login", new JsonObject().put("username", 5).put("password", "x")), 422, "username", "type");
        assertProblem(anonymous.post("/api/v1/auth/login", new JsonObject().put("username", "admin").put("password", "wrong-password")), 401, null, null);
        assertProblem(anonymous.post("/api/v1/auth/login", new JsonObject().put("username", "nobody").put("password", "wrong-password")), 401, null, null);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /api/v1/entities", "GET, /api/v1/records/contact", "POST, /api/v1/records/contact",
            "GET, /api/v1/records/contact/x", "PATCH, /api/v1/records/contact/x", "DELETE, /api/v1/records/contact/x",
            "GET, /api/v1/tasks", "POST, /api/v1/tasks/1/claim", "POST, /api/v1/tasks/1/complete",
            "GET, /api/v1/process-instances?recordId=x", "GET, /api/v1/users", "POST, /api/v1/users"})
    void everyApiRouteNeedsSignIn(String method, String path) {
        assertProblem(server.anonymous().send(method, path, "{}"), 401, null, null);
        assertProblem(server.anonymous().withToken("forged-token").send(method, path, "{}"), 401, null, null);
    }

    @Test
    void recordCreateNamesEveryBadFieldAndChangesNothing() {
        int before = contactCount();
        assertProblem(admin.send("POST", "/api/v1/records/contact", null), 400, "body", "required");
        assertProblem(admin.post("/api/v1/records/contact", new JsonObject()), 400, "values", "required");
        assertProblem(admin.post("/api/v1/records/contact", new JsonObject().put("values", "x")), 400, "values", "type");
        ApiClient.Response bad = admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("last_name", "NoFirstName")
                .put("email", "not-an-email")
                .put("phone", "12")
                .put("gender", "robot")
                .put("birth_date", "31.12.1990")
                .put("budget", "a lot")
                .put("decision_maker", "yes")
                .put("score", 100)
                .put("responsible_manager", "ghost")
                .put("shoe_size", 43)
                .put("utm_source", "x".repeat(201))));
        assertProblem(bad, 422, "values.first_name", "required");
        assertProblem(bad, 422, "values.email", "format");
        assertProblem(bad, 422, "values.phone", "format");
        assertProblem(bad, 422, "values.gender", "enum");
        assertProblem(bad, 422, "values.birth_date", "format");
        assertProblem(bad, 422, "values.budget", "type");
        assertProblem(bad, 422, "values.decision_maker", "type");
        assertProblem(bad, 422, "values.score", "readOnly");
        assertProblem(bad, 422, "values.shoe_size", "unknown");
        assertProblem(bad, 422, "values.utm_source", "maxLength");
        assertProblem(admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("first_name", "A").put("responsible_manager", "ghost"))), 422, "values.responsible_manager", "exists");
        assertProblem(admin.post("/api/v1/records/deal", new JsonObject().put("values", new JsonObject()
                .put("title", "Orphan").put("stage", "new").put("contact_id", "00000000-0000-0000-0000-000000000000"))),
                422, "values.contact_id", "exists");
        assertProblem(admin.post("/api/v1/records/nonsense", new JsonObject().put("values", new JsonObject())), 404, null, null);
        assertThat(contactCount()).isEqualTo(before);
    }

    @Test
    void filterValuesAreDataNeverSql() {
        admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject().put("first_name", "Robert')")));
        String injection = java.net.URLEncoder.encode("x' OR '1'='1", java.nio.charset.StandardCharsets.UTF_8);
        JsonObject page = admin.get("/api/v1/records/contact?count=true&first_name=" + injection).json();
        assertThat(page.getInteger("count")).isZero();
        String exact = java.net.URLEncoder.encode("Robert')", java.nio.charset.StandardCharsets.UTF_8);
        assertThat(admin.get("/api/v1/records/contact?count=true&first_name=" + exact).json().getInteger("count")).isEqualTo(1);
        assertProblem(admin.get("/api/v1/records/contact?first_name%3D1%20OR%201=1"), 400, "first_name=1 OR 1", "unknown");
    }

    @Test
    void recordListTakesARuleFilterAndNamesThePositionOfAnInvalidOne() {
        String id = admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject()
                .put("first_name", "Filtered").put("budget", 123456))).json().getString("id");
        String filter = java.net.URLEncoder.encode("budget == 123456 && first_name == 'Filtered'",
                java.nio.charset.StandardCharsets.UTF_8);
        JsonObject page = admin.get("/api/v1/records/contact?count=true&filter=" + filter).json();
        assertThat(page.getInteger("count")).isEqualTo(1);
        assertThat(page.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(id);
        String injection = java.net.URLEncoder.encode("first_name == \"' OR 1=1 --\"", java.nio.charset.StandardCharsets.UTF_8);
        assertThat(admin.get("/api/v1/records/contact?count=true&filter=" + injection).json().getInteger("count")).isZero();
        ApiClient.Response invalid = admin.get("/api/v1/records/contact?filter="
                + java.net.URLEncoder.encode("budget > 1 && shoe_size == 43", java.nio.charset.StandardCharsets.UTF_8));
        assertProblem(invalid, 422, "filter", "sandbox");
        assertThat(invalid.json().getJsonArray("errors").getJsonObject(0).getString("message"))
                .startsWith("line 1, column 15: unknown name 'shoe_size'");
    }

    @Test
    void recordListPagesByCursorAndCountsOnlyWhenAsked() {
        String name = "Paged-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject().put("first_name", name)));
        }
        JsonObject first = admin.get("/api/v1/records/contact?limit=2&first_name=" + name).json();
        assertThat(first.getJsonArray("items")).hasSize(2);
        assertThat(first.containsKey("count")).as("no count unless asked").isFalse();
        assertThat(first.containsKey("total")).isFalse();
        String next = first.getString("next");
        assertThat(next).isNotNull();
        JsonObject second = admin.get("/api/v1/records/contact?limit=2&first_name=" + name + "&after=" + next).json();
        assertThat(second.getJsonArray("items")).hasSize(1);
        assertThat(second.containsKey("next")).isTrue();
        assertThat(second.getString("next")).isNull();
        JsonObject counted = admin.get("/api/v1/records/contact?limit=1&count=true&sort=createdAt&first_name=" + name).json();
        assertThat(counted.getLong("count")).isEqualTo(3);
        assertThat(counted.getBoolean("countApproximate")).isFalse();
    }

    @Test
    void recordListAndGetRejectBadQueries() {
        assertProblem(admin.get("/api/v1/records/contact?sort=first_name"), 400, "sort", "sortable");
        assertProblem(admin.get("/api/v1/records/contact?after=not-a-cursor"), 400, "after", "cursor");
        for (int i = 0; i < 2; i++) {
            admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject().put("first_name", "Sorted")));
        }
        String newestFirst = admin.get("/api/v1/records/contact?limit=1").json().getString("next");
        assertThat(newestFirst).isNotNull();
        assertProblem(admin.get("/api/v1/records/contact?sort=updatedAt&after=" + newestFirst), 400, "after", "cursor");
        assertProblem(admin.get("/api/v1/records/contact?count=yes"), 400, "count", "type");
        assertProblem(admin.get("/api/v1/records/contact?limit=abc"), 400, "limit", "type");
        assertProblem(admin.get("/api/v1/records/contact?limit=0"), 400, "limit", "range");
        assertProblem(admin.get("/api/v1/records/contact?offset=50"), 400, "offset", "unsupported");
        assertProblem(admin.get("/api/v1/records/contact?shoe_size=43"), 400, "shoe_size", "unknown");
        assertProblem(admin.get("/api/v1/records/contact?budget=lots"), 400, "budget", "type");
        assertProblem(admin.get("/api/v1/records/nonsense"), 404, null, null);
        assertProblem(admin.get("/api/v1/records/contact/00000000-0000-0000-0000-000000000000"), 404, null, null);
        assertProblem(admin.get("/api/v1/records/contact/00000000-0000-0000-0000-000000000000/history"), 404, null, null);
    }

    @Test
    void patchWithStaleVersionGets409AndChangesNothing() {
        // mila is responsible, so her write scope (own) lets her reach the version check
        JsonObject created = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                new JsonObject().put("first_name", "Vera").put("budget", 500).put("responsible_manager", "mila"))).json();
        String path = "/api/v1/records/contact/" + created.getString("id");

        ApiClient.Response first = admin.patch(path, new JsonObject().put("version", 1)
                .put("values", new JsonObject().put("budget", 20000)));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().getInteger("version")).isEqualTo(2);
        assertThat(first.json().getJsonObject("values").getInteger("score")).isEqualTo(20);

        ApiClient.Response stale = manager.patch(path, new JsonObject().put("version", 1)
                .put("values", new JsonObject().put("budget", 1)));
        assertProblem(stale, 409, null, null);
        assertThat(stale.json().getString("detail")).contains("version 1").contains("version 2");

        assertProblem(admin.patch(path, new JsonObject().put("values", new JsonObject())), 400, "version", "required");
        assertProblem(admin.patch(path, new JsonObject().put("version", "2").put("values", new JsonObject())), 400, "version", "type");
        assertProblem(admin.patch(path, new JsonObject().put("version", 2).put("values",
                new JsonObject().put("first_name", null))), 422, "values.first_name", "required");
        assertProblem(admin.patch("/api/v1/records/contact/00000000-0000-0000-0000-000000000000",
                new JsonObject().put("version", 1).put("values", new JsonObject())), 404, null, null);

        JsonObject now = admin.get(path).json();
        assertThat(now.getInteger("version")).isEqualTo(2);
        assertThat(now.getJsonObject("values").getInteger("budget")).isEqualTo(20000);
        JsonArray history = admin.get(path + "/history").array();
        assertThat(history.stream().map(h -> (JsonObject) h))
                .anySatisfy(h -> {
                    assertThat(h.getString("field")).isEqualTo("budget");
                    assertThat(h.getString("oldValue")).isEqualTo("500");
                    assertThat(h.getString("newValue")).isEqualTo("20000");
                    assertThat(h.getString("actor")).isEqualTo("admin");
                    assertThat(h.getInteger("version")).isEqualTo(2);
                });
    }

    @Test
    void deleteChecksRoleVersionAndLinks() {
        String contactId = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                new JsonObject().put("first_name", "Linked"))).json().getString("id");
        admin.post("/api/v1/records/deal", new JsonObject().put("values", new JsonObject()
                .put("title", "Linked deal").put("stage", "new").put("contact_id", contactId)));
        String path = "/api/v1/records/contact/" + contactId;
        assertProblem(manager.delete(path), 403, null, null);
        assertProblem(admin.delete(path + "?version=7"), 409, null, null);
        assertProblem(admin.delete(path + "?version=x"), 400, "version", "type");
        assertProblem(admin.delete(path), 409, null, null);
        assertThat(admin.get(path).status()).isEqualTo(200);

        String lonely = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                new JsonObject().put("first_name", "Lonely"))).json().getString("id");
        assertThat(admin.delete("/api/v1/records/contact/" + lonely + "?version=1").status()).isEqualTo(204);
        assertProblem(admin.get("/api/v1/records/contact/" + lonely), 404, null, null);
        assertThat(admin.get("/api/v1/records/contact/" + lonely + "/history").array().stream()
                .map(h -> ((JsonObject) h).getString("newValue"))).contains("deleted");
    }

    @Test
    void taskRoutesRejectBadInput() {
        assertProblem(manager.post("/api/v1/tasks/999999/claim", null), 404, null, null);
        assertProblem(manager.post("/api/v1/tasks/999999/complete", new JsonObject().put("values", new JsonObject())), 404, null, null);
        // Admins may list the instances of every record; a manager lists one record's.
        assertProblem(manager.get("/api/v1/process-instances"), 400, "recordId", "required");
        assertProblem(admin.get("/api/v1/process-instances?state=stuck"), 400, "state", "enum");

        String recordId = admin.post("/api/v1/records/contact", Leads.hotLead("Taskless")).json().getString("id");
        JsonObject task = Leads.awaitTask(manager, recordId);
        String complete = "/api/v1/tasks/" + task.getString("id") + "/complete";
        assertProblem(manager.post(complete, new JsonObject().put("values", new JsonObject())), 422, "values.outcome", "required");
        assertProblem(manager.post(complete, new JsonObject().put("values", new JsonObject().put("outcome", "maybe"))), 422, "values.outcome", "enum");
        assertProblem(manager.post(complete, new JsonObject().put("values", new JsonObject().put("outcome", "qualified").put("mood", "good"))), 422, "values.mood", "unknown");
        assertProblem(manager.post(complete, new JsonObject().put("values", "qualified")), 400, "values", "type");
        assertProblem(manager.send("POST", complete, "{oops"), 400, "body", "json");
        assertThat(manager.get("/api/v1/tasks").array().stream().map(t -> ((JsonObject) t).getString("id")))
                .contains(task.getString("id"));
    }

    @Test
    void userAdministrationRejectsBadInput() {
        assertProblem(manager.get("/api/v1/users"), 403, null, null);
        assertProblem(manager.post("/api/v1/users", new JsonObject().put("username", "x")), 403, null, null);
        assertProblem(admin.post("/api/v1/users", new JsonObject().put("username", "a b").put("password", "short")
                .put("roles", new JsonArray().add("manager"))), 422, "username", "pattern");
        assertProblem(admin.post("/api/v1/users", new JsonObject().put("username", "ok_name").put("password", "short")
                .put("roles", new JsonArray().add("manager"))), 422, "password", "length");
        assertProblem(admin.post("/api/v1/users", new JsonObject().put("username", "ok_name").put("password", "long-enough-1")
                .put("roles", new JsonArray().add("emperor"))), 422, "roles", "enum");
        assertProblem(admin.post("/api/v1/users", new JsonObject().put("username", "ok_name").put("password", "long-enough-1")
                .put("roles", "manager")), 422, "roles", "type");
        assertProblem(admin.post("/api/v1/users", new JsonObject().put("username", "mila").put("password", "long-enough-1")
                .put("roles", new JsonArray().add("manager"))), 409, "username", "unique");
    }

    @Test
    void unknownRoutesAndRuleValidationAnswerProblems() {
        assertProblem(admin.get("/api/v1/nothing-here"), 404, null, null);
        assertProblem(admin.send("PUT", "/api/v1/tasks", "{}"), 405, null, null);
        assertProblem(admin.send("DELETE", "/api/v1/nothing-here", null), 404, null, null);
        assertProblem(admin.post("/api/v1/rules/validate", new JsonObject().put("entity", "contact")
                .put("source", "score = 0;\nSystem.exit(1);")), 422, "source", "sandbox");
        assertThat(admin.post("/api/v1/rules/validate", new JsonObject().put("entity", "contact")
                .put("source", "budget != null && budget > 5")).status()).isEqualTo(200);
        assertProblem(manager.post("/api/v1/rules/validate", new JsonObject().put("entity", "contact")
                .put("source", "1")), 403, null, null);
    }

    @Test
    void openApiDescribesEveryRoute() {
        assertProblem(server.anonymous().get("/api/v1/openapi.json"), 401, null, null);
        JsonObject doc = manager.get("/api/v1/openapi.json").json();
        assertThat(doc.getString("openapi")).startsWith("3.1");
        JsonObject paths = doc.getJsonObject("paths");
        List<String[]> expected = List.of(
                new String[]{"/api/v1/auth/login", "post"}, new String[]{"/api/v1/entities", "get"},
                new String[]{"/api/v1/records/{entity}", "get"}, new String[]{"/api/v1/records/{entity}", "post"},
                new String[]{"/api/v1/records/{entity}/{id}", "get"}, new String[]{"/api/v1/records/{entity}/{id}", "patch"},
                new String[]{"/api/v1/records/{entity}/{id}", "delete"}, new String[]{"/api/v1/tasks", "get"},
                new String[]{"/api/v1/tasks/{id}/claim", "post"}, new String[]{"/api/v1/tasks/{id}/complete", "post"},
                new String[]{"/api/v1/process-instances", "get"}, new String[]{"/api/v1/openapi.json", "get"});
        for (String[] e : expected) {
            assertThat(paths.getJsonObject(e[0])).as(e[0]).isNotNull();
            assertThat(paths.getJsonObject(e[0]).getJsonObject(e[1])).as(e[1] + " " + e[0]).isNotNull();
        }
        int operations = paths.stream().mapToInt(p -> ((JsonObject) p.getValue()).size()).sum();
        assertThat(operations).isEqualTo(server.server().apiRoutes().size());
    }

    @Test
    void garbageNeverCausesA5xx() {
        Random random = new Random(42);
        String[] bodies = {"", "null", "[]", "{}", "{\"values\":null}", "{\"values\":[]}", "{\"values\":{\"first_name\":{}}}",
                "{\"version\":1e99,\"values\":{}}", "\"\\u0000\"", "{\"values\":{\"budget\":1e400}}",
                "{\"values\":{\"birth_date\":\"2020-02-30\"}}", "{\"username\":[],\"password\":{}}"};
        String[][] routes = {{"POST", "/api/v1/auth/login"}, {"POST", "/api/v1/records/contact"},
                {"PATCH", "/api/v1/records/contact/00000000-0000-0000-0000-000000000000"}, {"POST", "/api/v1/tasks/1/complete"},
                {"POST", "/api/v1/users"}, {"GET", "/api/v1/records/contact?limit=99999999999"},
                {"GET", "/api/v1/records/%00"}, {"POST", "/api/v1/rules/validate"}};
        for (int i = 0; i < 120; i++) {
            String[] route = routes[random.nextInt(routes.length)];
            String body = bodies[random.nextInt(bodies.length)];
            ApiClient.Response r = admin.send(route[0], route[1], body);
            assertThat(r.status()).as(route[0] + " " + route[1] + " with " + body + " -> " + r.body()).isBetween(200, 499);
        }
    }
}
