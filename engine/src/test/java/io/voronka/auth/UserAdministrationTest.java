package io.voronka.auth;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.SignedInServer;
import io.voronka.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An admin renames users, changes their roles, deactivates them and sets new passwords; lost access ends sessions at once. */
class UserAdministrationTest {

    static final String PASSWORD = "quiet harbour morning";
    static final String NEW_PASSWORD = "copper field evening";

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    static TestServer server;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        server = node.server();
        admin = node.admin();
    }

    static String addManager(String username) {
        ApiClient.Response r = admin.post("/api/v1/users", new JsonObject().put("username", username).put("password", PASSWORD)
                .put("displayName", username).put("roles", new JsonArray().add("manager")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().getString("id");
    }

    static JsonObject listed(String username) {
        return admin.get("/api/v1/users").array().stream().map(u -> (JsonObject) u)
                .filter(u -> u.getString("username").equals(username)).findFirst().orElseThrow();
    }

    static ApiClient.Response login(String username, String password) {
        return server.anonymous().post("/api/v1/auth/login", new JsonObject().put("username", username).put("password", password));
    }

    @Test
    void anAdminRenamesAUserAndGivesThemTheAdminRole() {
        String id = addManager("rita");
        ApiClient.Response changed = admin.patch("/api/v1/users/" + id,
                new JsonObject().put("displayName", "Rita Sokolova").put("roles", new JsonArray().add("manager").add("admin")));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().getString("displayName")).isEqualTo("Rita Sokolova");
        assertThat(listed("rita").getJsonArray("roles")).containsExactly("admin", "manager");
        assertThat(listed("rita").getBoolean("active")).isTrue();
        ApiClient rita = server.anonymous().signIn("rita", PASSWORD);
        assertThat(rita.get("/api/v1/users").status()).as("the new admin manages users").isEqualTo(200);
    }

    @Test
    void aManagerReadsTheActiveColleaguesNamesButNotTheUserList() {
        String vera = addManager("vera");
        admin.patch("/api/v1/users/" + vera, new JsonObject().put("displayName", "Вера Смирнова")).json();
        String gone = addManager("gennady");
        assertThat(admin.patch("/api/v1/users/" + gone, new JsonObject().put("active", false)).status()).isEqualTo(200);
        addManager("yana");
        ApiClient yana = server.anonymous().signIn("yana", PASSWORD);

        assertProblem(yana.get("/api/v1/users"), 403, null, null);
        ApiClient.Response names = yana.get("/api/v1/users/names");
        assertThat(names.status()).as(names.body()).isEqualTo(200);
        java.util.List<JsonObject> listed = names.array().stream().map(u -> (JsonObject) u).toList();
        assertThat(listed).contains(new JsonObject().put("username", "vera").put("displayName", "Вера Смирнова"));
        assertThat(listed).extracting(u -> u.getString("username")).as("only those who can still sign in").doesNotContain("gennady")
                .isSorted();
        assertThat(listed).allSatisfy(u -> assertThat(u.fieldNames()).containsExactlyInAnyOrder("username", "displayName"));
        assertProblem(server.anonymous().get("/api/v1/users/names"), 401, null, null);
    }

    @Test
    void aDeactivatedUserIsSignedOutAndCannotSignInUntilActivatedAgain() {
        String id = addManager("oleg");
        ApiClient oleg = server.anonymous().signIn("oleg", PASSWORD);
        assertThat(oleg.get("/api/v1/auth/me").status()).isEqualTo(200);

        assertThat(admin.patch("/api/v1/users/" + id, new JsonObject().put("active", false)).status()).isEqualTo(200);
        assertThat(oleg.get("/api/v1/auth/me").status()).as("the open session ends at once").isEqualTo(401);
        assertProblem(login("oleg", PASSWORD), 401, null, null);
        assertThat(listed("oleg").getBoolean("active")).isFalse();

        assertThat(admin.patch("/api/v1/users/" + id, new JsonObject().put("active", true)).status()).isEqualTo(200);
        assertThat(login("oleg", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aPasswordSetByAnAdminEndsTheUsersSessionsAndTheNewOneSignsIn() {
        String id = addManager("inna");
        ApiClient inna = server.anonymous().signIn("inna", PASSWORD);

        ApiClient.Response set = admin.post("/api/v1/users/" + id + "/password", new JsonObject().put("password", NEW_PASSWORD));
        assertThat(set.status()).as(set.body()).isEqualTo(204);
        assertThat(inna.get("/api/v1/auth/me").status()).as("whoever knew the old password is out").isEqualTo(401);
        assertProblem(login("inna", PASSWORD), 401, null, null);
        assertThat(login("inna", NEW_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aUserSettingTheirOwnPasswordKeepsTheSessionDoingIt() {
        admin.post("/api/v1/users", new JsonObject().put("username", "boss").put("password", PASSWORD)
                .put("roles", new JsonArray().add("admin")));
        ApiClient here = server.anonymous().signIn("boss", PASSWORD);
        ApiClient elsewhere = server.anonymous().signIn("boss", PASSWORD);
        String id = here.get("/api/v1/auth/me").json().getString("id");

        assertThat(here.post("/api/v1/users/" + id + "/password", new JsonObject().put("password", NEW_PASSWORD)).status()).isEqualTo(204);
        assertThat(here.get("/api/v1/auth/me").status()).isEqualTo(200);
        assertThat(elsewhere.get("/api/v1/auth/me").status()).isEqualTo(401);
    }

    @Test
    void aWeakPasswordOrUnknownRoleIsRefusedNamingTheField() {
        String id = addManager("pavel");
        assertProblem(admin.post("/api/v1/users/" + id + "/password", new JsonObject().put("password", "short")), 422, "password", "length");
        assertProblem(admin.patch("/api/v1/users/" + id, new JsonObject().put("roles", new JsonArray().add("owner"))), 422, "roles", "enum");
        assertProblem(admin.patch("/api/v1/users/" + id, new JsonObject().put("roles", new JsonArray())), 422, "roles", "enum");
        assertProblem(admin.patch("/api/v1/users/" + id, new JsonObject().put("displayName", " ")), 422, "displayName", "length");
        assertThat(login("pavel", PASSWORD).status()).as("a refused change changes nothing").isEqualTo(200);
    }

    @Test
    void theLastActiveAdminCannotBeDemotedOrDeactivated() {
        // "boss" from another test may be an admin too; deactivate every admin but the built-in one first.
        for (Object u : admin.get("/api/v1/users").array()) {
            JsonObject user = (JsonObject) u;
            if (!user.getString("username").equals("admin") && user.getJsonArray("roles").contains("admin")) {
                assertThat(admin.patch("/api/v1/users/" + user.getString("id"), new JsonObject().put("active", false)).status()).isEqualTo(200);
            }
        }
        String adminId = admin.get("/api/v1/auth/me").json().getString("id");
        assertProblem(admin.patch("/api/v1/users/" + adminId, new JsonObject().put("roles", new JsonArray().add("manager"))),
                422, "roles", "lastAdmin");
        assertProblem(admin.patch("/api/v1/users/" + adminId, new JsonObject().put("active", false)), 422, "active", "lastAdmin");
        assertThat(admin.get("/api/v1/users").status()).isEqualTo(200);
    }

    @Test
    void onlyAdminsChangeUsersAndAnUnknownOneIsNotFound() {
        String id = addManager("lena");
        ApiClient lena = server.anonymous().signIn("lena", PASSWORD);
        assertThat(lena.patch("/api/v1/users/" + id, new JsonObject().put("roles", new JsonArray().add("admin"))).status()).isEqualTo(403);
        assertThat(lena.post("/api/v1/users/" + id + "/password", new JsonObject().put("password", NEW_PASSWORD)).status()).isEqualTo(403);
        assertProblem(admin.patch("/api/v1/users/no-such-user", new JsonObject().put("displayName", "X")), 404, null, null);
        assertProblem(admin.post("/api/v1/users/no-such-user/password", new JsonObject().put("password", NEW_PASSWORD)), 404, null, null);
    }

    @Test
    void anEmailAddressIsOptionalStoredChangedAndRemoved() {
        String id = addManager("zoya");
        assertThat(listed("zoya").getValue("email")).as("no address unless given").isNull();

        ApiClient.Response created = admin.post("/api/v1/users", new JsonObject().put("username", "yuri").put("password", PASSWORD)
                .put("email", " yuri.petrov@example.com ").put("roles", new JsonArray().add("manager")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().getString("email")).as("stored trimmed").isEqualTo("yuri.petrov@example.com");
        assertThat(listed("yuri").getString("email")).isEqualTo("yuri.petrov@example.com");

        ApiClient.Response changed = admin.patch("/api/v1/users/" + id, new JsonObject().put("email", "zoya@mail.example.ru"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(listed("zoya").getString("email")).isEqualTo("zoya@mail.example.ru");
        assertThat(admin.patch("/api/v1/users/" + id, new JsonObject().put("displayName", "Zoya")).json().getString("email"))
                .as("a change without email keeps the address").isEqualTo("zoya@mail.example.ru");
        assertThat(admin.patch("/api/v1/users/" + id, new JsonObject().put("email", "")).status()).isEqualTo(200);
        assertThat(listed("zoya").getValue("email")).as("empty removes it").isNull();
        admin.patch("/api/v1/users/" + id, new JsonObject().put("email", "zoya@example.com"));
        assertThat(admin.patch("/api/v1/users/" + id, new JsonObject().putNull("email")).status()).isEqualTo(200);
        assertThat(listed("zoya").getValue("email")).as("null removes it").isNull();
    }

    @Test
    void anAddressThatIsNotAnEmailIsRefusedNamingEmailAndChangesNothing() {
        String id = addManager("gleb");
        admin.patch("/api/v1/users/" + id, new JsonObject().put("email", "gleb@example.com"));
        for (String bad : new String[] {"gleb", "gleb@", "@example.com", "gleb@@example.com", "gleb @example.com",
                "gleb@example..com", "gleb@-example.com", ".gleb@example.com", "x".repeat(65) + "@example.com",
                "gleb@" + "a".repeat(250) + ".com"}) {
            assertProblem(admin.patch("/api/v1/users/" + id, new JsonObject().put("email", bad)), 422, "email", "email");
        }
        assertProblem(admin.patch("/api/v1/users/" + id, new JsonObject().put("email", 42)), 400, "email", "type");
        assertThat(listed("gleb").getString("email")).as("a refused change changes nothing").isEqualTo("gleb@example.com");
        assertProblem(admin.post("/api/v1/users", new JsonObject().put("username", "galina").put("password", PASSWORD)
                .put("email", "galina at example.com").put("roles", new JsonArray().add("manager"))), 422, "email", "email");
        assertThat(admin.get("/api/v1/users").array().stream().map(u -> ((JsonObject) u).getString("username")))
                .as("a refused user is not added").doesNotContain("galina");
    }
}
