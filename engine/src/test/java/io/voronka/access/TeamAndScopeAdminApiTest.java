package io.voronka.access;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.Leads;
import io.voronka.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin API for teams and record scopes: what it answers, what it refuses, and who may call it. */
class TeamAndScopeAdminApiTest {

    private static TestServer server;
    private static ApiClient admin;
    private static ApiClient manager;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
        for (String name : new String[] {"vika", "gleb", "lida"}) {
            assertThat(Leads.addManager(admin, name).status()).isEqualTo(201);
        }
        manager = server.anonymous().signIn("vika", "Manager-pass-123");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void adminCreatesRenamesAndStaffsATeam() {
        ApiClient.Response created = admin.post("/api/v1/teams", new JsonObject().put("name", "  Sales East "));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().getString("id");
        String path = "/api/v1/teams/" + id;
        assertThat(created.json().getString("name")).isEqualTo("Sales East");
        assertThat(created.json().getValue("head")).isNull();
        assertThat(created.json().getJsonArray("members")).isEmpty();

        assertThat(admin.send("PUT", path + "/members/gleb", null).json().getJsonArray("members")).containsExactly("gleb");
        assertThat(admin.send("PUT", path + "/members/gleb", null).json().getJsonArray("members"))
                .as("adding a member twice changes nothing").containsExactly("gleb");
        JsonObject headed = admin.patch(path, new JsonObject().put("name", "Sales West").put("head", "lida")).json();
        assertThat(headed.getString("name")).isEqualTo("Sales West");
        assertThat(headed.getString("head")).isEqualTo("lida");
        assertThat(headed.getJsonArray("members")).as("the head is a member").containsExactly("gleb", "lida");

        JsonObject withoutHead = admin.delete(path + "/members/lida").json();
        assertThat(withoutHead.getValue("head")).as("removing the head leaves the team without one").isNull();
        assertThat(withoutHead.getJsonArray("members")).containsExactly("gleb");
        assertThat(admin.patch(path, new JsonObject().put("head", "gleb")).json().getString("head")).isEqualTo("gleb");
        assertThat(admin.patch(path, new JsonObject().putNull("head")).json().getValue("head")).isNull();

        JsonArray all = admin.get("/api/v1/teams").array();
        assertThat(all.stream().map(t -> ((JsonObject) t).getString("name"))).contains("Sales West");
        assertThat(admin.get(path).json().getJsonArray("members")).containsExactly("gleb");
    }

    @Test
    void badTeamInputGets4xxNamingTheFieldAndChangesNothing() {
        String id = admin.post("/api/v1/teams", new JsonObject().put("name", "Support")).json().getString("id");
        String path = "/api/v1/teams/" + id;
        assertProblem(admin.post("/api/v1/teams", new JsonObject()), 400, "name", "required");
        assertProblem(admin.post("/api/v1/teams", new JsonObject().put("name", "  ")), 422, "name", "required");
        assertProblem(admin.post("/api/v1/teams", new JsonObject().put("name", 7)), 400, "name", "type");
        assertProblem(admin.post("/api/v1/teams", new JsonObject().put("name", "x".repeat(101))), 422, "name", "maxLength");
        assertProblem(admin.post("/api/v1/teams", new JsonObject().put("name", "Support")), 409, "name", "unique");
        assertProblem(admin.post("/api/v1/teams", new JsonObject().put("name", "Ghosts").put("head", "nobody")),
                422, "head", "exists");
        assertThat(admin.get("/api/v1/teams").array().stream().map(t -> ((JsonObject) t).getString("name")))
                .as("a refused team is not half-created").doesNotContain("Ghosts");
        assertProblem(admin.send("POST", "/api/v1/teams", "{oops"), 400, "body", "json");

        assertProblem(admin.patch(path, new JsonObject()), 400, "body", "required");
        assertProblem(admin.patch(path, new JsonObject().put("colour", "red")), 400, "colour", "unknown");
        assertProblem(admin.patch(path, new JsonObject().put("name", "Renamed").put("head", "nobody")), 422, "head", "exists");
        assertThat(admin.get(path).json().getString("name")).as("a refused change changes nothing").isEqualTo("Support");
        assertProblem(admin.patch(path, new JsonObject().put("head", 5)), 400, "head", "type");

        assertProblem(admin.send("PUT", path + "/members/nobody", null), 422, "username", "exists");
        assertProblem(admin.delete(path + "/members/gleb"), 404, null, null);
        assertProblem(admin.get("/api/v1/teams/00000000-0000-0000-0000-000000000000"), 404, null, null);
        assertProblem(admin.get("/api/v1/teams/not-a-team"), 404, null, null);
        assertProblem(admin.send("PUT", "/api/v1/teams/00000000-0000-0000-0000-000000000000/members/gleb", null),
                404, null, null);
    }

    @Test
    void scopesListEveryRoleDefaultAndEntityWithTheShippedDefaults() {
        JsonArray scopes = admin.get("/api/v1/access/scopes").array();
        assertThat(scopes.stream().map(s -> (JsonObject) s)).anySatisfy(s -> {
            assertThat(s.getString("role")).isEqualTo("manager");
            assertThat(s.getString("entity")).isEqualTo("*");
            assertThat(s.getJsonArray("read")).containsExactly("own", "team", "unassigned");
            assertThat(s.getJsonArray("write")).containsExactly("own");
        }).anySatisfy(s -> {
            assertThat(s.getString("role")).isEqualTo("admin");
            assertThat(s.getString("entity")).isEqualTo("deal");
            assertThat(s.getString("read")).isEqualTo("all");
            assertThat(s.getString("write")).isEqualTo("all");
            assertThat(s.getBoolean("inherited")).isTrue();
        });
    }

    @Test
    void adminSetsOneEntitysScopeApartFromTheRoleDefault() {
        ApiClient.Response set = admin.send("PUT", "/api/v1/access/scopes/manager/deal",
                "{\"read\":[\"team\",\"own\",\"own\"],\"write\":\"none\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().getJsonArray("read")).containsExactly("own", "team");
        assertThat(set.json().getString("write")).isEqualTo("none");
        assertThat(set.json().getBoolean("inherited")).isFalse();
        JsonObject contact = admin.get("/api/v1/access/scopes/manager/contact").json();
        assertThat(contact.getJsonArray("write")).as("other entities keep the default").containsExactly("own");
        assertThat(admin.send("PUT", "/api/v1/access/scopes/manager/deal", "{\"read\":[],\"write\":\"all\"}")
                .json().getString("read")).as("an empty list reaches nothing").isEqualTo("none");

        JsonObject inherited = admin.delete("/api/v1/access/scopes/manager/deal").json();
        assertThat(inherited.getBoolean("inherited")).isTrue();
        assertThat(inherited.getJsonArray("write")).containsExactly("own");
        assertProblem(admin.delete("/api/v1/access/scopes/manager/*"), 409, null, null);
        assertProblem(admin.delete("/api/v1/access/scopes/manager/invoice"), 404, null, null);
    }

    @Test
    void badScopeInputGets4xxNamingTheField() {
        String path = "/api/v1/access/scopes/manager/contact";
        assertProblem(admin.send("PUT", path, "{\"write\":\"all\"}"), 400, "read", "required");
        assertProblem(admin.send("PUT", path, "{\"read\":\"all\"}"), 400, "write", "required");
        assertProblem(admin.send("PUT", path, "{\"read\":\"most\",\"write\":\"all\"}"), 422, "read", "enum");
        assertProblem(admin.send("PUT", path, "{\"read\":[\"own\",\"friends\"],\"write\":\"all\"}"), 422, "read", "enum");
        assertProblem(admin.send("PUT", path, "{\"read\":[\"own\"],\"write\":[1]}"), 422, "write", "enum");
        assertProblem(admin.send("PUT", path, "{\"read\":true,\"write\":\"all\"}"), 400, "read", "type");
        assertProblem(admin.send("PUT", path, "[]"), 400, "body", "type");
        assertProblem(admin.send("PUT", "/api/v1/access/scopes/janitor/contact", "{\"read\":\"all\",\"write\":\"all\"}"),
                404, null, null);
        assertProblem(admin.send("PUT", "/api/v1/access/scopes/manager/invoice", "{\"read\":\"all\",\"write\":\"all\"}"),
                404, null, null);
        assertProblem(admin.get("/api/v1/access/scopes/manager/invoice"), 404, null, null);
        assertThat(admin.get(path).json().getJsonArray("read")).as("refused input changed nothing")
                .containsExactly("own", "team", "unassigned");
    }

    @Test
    void racingAdminsGetOneTeamPerNameAndNoServerError() throws Exception {
        List<Integer> statuses = race(8, i -> admin.post("/api/v1/teams", new JsonObject().put("name", "Raced")).status());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s != 201).allMatch(s -> s == 409);
    }

    @Test
    void racingFirstWritesOfOneScopeAllSucceed() throws Exception {
        List<Integer> statuses = race(8, i -> admin.send("PUT", "/api/v1/access/scopes/admin/contact",
                "{\"read\":\"all\",\"write\":\"all\"}").status());
        assertThat(statuses).containsOnly(200);
        assertThat(admin.delete("/api/v1/access/scopes/admin/contact").status()).isEqualTo(200);
    }

    private static List<Integer> race(int callers, java.util.function.IntFunction<Integer> call) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int caller = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return call.apply(caller);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        }
    }

    @Test
    void aManagerGets403OnTeamsAndScopes() {
        assertProblem(manager.get("/api/v1/teams"), 403, null, null);
        assertProblem(manager.post("/api/v1/teams", new JsonObject().put("name", "Mine")), 403, null, null);
        assertProblem(manager.patch("/api/v1/teams/00000000-0000-0000-0000-000000000000",
                new JsonObject().put("name", "Mine")), 403, null, null);
        assertProblem(manager.send("PUT", "/api/v1/teams/00000000-0000-0000-0000-000000000000/members/vika", null),
                403, null, null);
        assertProblem(manager.delete("/api/v1/teams/00000000-0000-0000-0000-000000000000/members/vika"), 403, null, null);
        assertProblem(manager.get("/api/v1/access/scopes"), 403, null, null);
        assertProblem(manager.get("/api/v1/access/scopes/manager/contact"), 403, null, null);
        assertProblem(manager.delete("/api/v1/access/scopes/manager/contact"), 403, null, null);
        assertProblem(manager.send("PUT", "/api/v1/access/scopes/manager/contact", "{\"read\":\"all\",\"write\":\"all\"}"),
                403, null, null);
        assertThat(admin.get("/api/v1/access/scopes/manager/contact").json().getString("read")).isNotEqualTo("all");
    }
}
