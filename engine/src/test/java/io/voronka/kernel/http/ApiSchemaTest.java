package io.voronka.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.VoronkaServer;
import io.voronka.kernel.incident.Incident;
import io.voronka.testing.ApiClient;
import io.voronka.testing.ContractCheck;
import io.voronka.testing.Leads;
import io.voronka.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The typed API holds: every route declares what it reads and answers, the checked-in
 * {@code docs/openapi.json} (which the console's types are generated from) is the code's document,
 * and real answers along the main walks match the schemas they declare.
 */
class ApiSchemaTest {

    /** {@code -Dopenapi.write=true} rewrites docs/openapi.json from the code instead of failing. */
    static final String REWRITE = "openapi.write";
    static final String HOW_TO_REGENERATE = "mvn -B -ntp -o -q -pl engine test -Dtest=ApiSchemaTest -D" + REWRITE + "=true";

    static TestServer server;
    static JsonObject document;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        document = OpenApi.document(server.server().apiRoutes(), VoronkaServer.VERSION);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRouteDeclaresItsRequestAndResponseSchemas() {
        String gaps = server.server().apiRoutes().stream()
                .filter(doc -> !doc.gaps().isEmpty())
                .map(doc -> "  " + doc.method() + " " + doc.path() + ": " + String.join("; ", doc.gaps()))
                .collect(Collectors.joining("\n"));
        assertThat(gaps).as("routes without schemas; declare them in the route's block with Schema "
                + "(see RecordRoutes), then regenerate docs/openapi.json: " + HOW_TO_REGENERATE + "\n" + gaps).isEmpty();
    }

    @Test
    void checkedInDocumentIsTheCodesDocument() throws IOException {
        Path file = Path.of("").toAbsolutePath().getParent().resolve("docs").resolve("openapi.json");
        String fromCode = document.encodePrettily() + "\n";
        if (Boolean.getBoolean(REWRITE)) {
            Files.writeString(file, fromCode, StandardCharsets.UTF_8);
        }
        String checkedIn = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertThat(checkedIn).as(file + " differs from the routes' schemas; the console's types are generated "
                + "from it. Regenerate it with: " + HOW_TO_REGENERATE + " (then `npm run build` in console/)").isEqualTo(fromCode);
    }

    @Test
    void theServedDocumentIsTheOneCheckedAgainst() {
        assertThat(server.admin().get("/api/v1/openapi.json").json()).isEqualTo(document);
    }

    @Test
    void answersAlongTheMainWalksMatchTheirSchemas() {
        ContractCheck contract = new ContractCheck(document);
        Checked anonymous = new Checked(server.anonymous(), contract);

        JsonObject session = anonymous.post("/api/v1/auth/login", new JsonObject().put("username", "admin")
                .put("password", TestServer.ADMIN_PASSWORD)).json();
        Checked admin = new Checked(server.anonymous().withToken(session.getString("token")), contract);
        anonymous.post("/api/v1/auth/login", new JsonObject().put("username", "admin").put("password", "wrong-password"));
        anonymous.post("/api/v1/auth/login", new JsonObject().put("username", "admin"));
        anonymous.send("POST", "/api/v1/auth/login", "{not json");
        anonymous.get("/api/v1/tasks");
        admin.get("/api/v1/auth/me");
        admin.get("/api/v1/openapi.json");

        admin.post("/api/v1/users", new JsonObject().put("username", "tanya").put("displayName", "Tanya")
                .put("password", "Manager-pass-123").put("roles", new JsonArray().add("manager")));
        admin.post("/api/v1/users", new JsonObject().put("username", "tanya").put("password", "Manager-pass-123")
                .put("roles", new JsonArray().add("manager")));
        admin.post("/api/v1/users", new JsonObject().put("username", "short").put("password", "x")
                .put("roles", new JsonArray().add("manager")));
        admin.get("/api/v1/users");
        Checked manager = new Checked(server.anonymous().signIn("tanya", "Manager-pass-123"), contract);
        manager.get("/api/v1/users");
        manager.get("/api/v1/auth/sessions");

        assertThat(admin.get("/api/v1/entities").array()).isNotEmpty();
        JsonObject contact = admin.post("/api/v1/records/contact", Leads.hotLead("Schema")).json();
        String path = "/api/v1/records/contact/" + contact.getString("id");
        admin.post("/api/v1/records/contact", new JsonObject().put("values", new JsonObject().put("email", "nope")));
        admin.post("/api/v1/records/contact", new JsonObject());
        admin.post("/api/v1/records/nonsense", new JsonObject().put("values", new JsonObject()));
        admin.get("/api/v1/records/contact?limit=5");
        admin.get("/api/v1/records/contact?filter=budget%20%3E%201000");
        admin.get("/api/v1/records/contact?filter=shoe_size%20%3E%201");
        admin.get("/api/v1/records/contact?limit=0");
        admin.get(path);
        admin.get("/api/v1/records/contact/00000000-0000-0000-0000-000000000000");
        admin.patch(path, new JsonObject().put("version", 1).put("values", new JsonObject().put("city", "Perm")));
        admin.patch(path, new JsonObject().put("version", 1).put("values", new JsonObject().put("city", "Omsk")));
        assertThat(admin.get(path + "/history").array()).isNotEmpty();
        manager.delete("/api/v1/records/contact/00000000-0000-0000-0000-000000000000"); // a problem answer; the lead stays for its task

        JsonObject task = Leads.awaitTask(manager.client, contact.getString("id"));
        manager.get("/api/v1/tasks");
        String taskPath = "/api/v1/tasks/" + task.getString("id");
        manager.post(taskPath + "/claim", null);
        manager.post(taskPath + "/complete", new JsonObject().put("values", new JsonObject().put("outcome", "maybe")));
        manager.post(taskPath + "/complete", new JsonObject().put("values", new JsonObject()
                .put("outcome", "qualified").put("comment", "checked by the contract")));
        manager.post("/api/v1/tasks/999999/claim", null);
        assertThat(admin.get("/api/v1/process-instances?recordId=" + contact.getString("id")).array()).isNotEmpty();
        admin.get("/api/v1/process-instances");

        admin.get("/api/v1/incidents?limit=10");
        admin.post("/api/v1/incidents/event:nobody:1/retry", null);
        manager.get("/api/v1/incidents");
        // No incident happens on this walk; check the server's own serialisation of one, both kinds of null.
        JsonArray incidents = new JsonArray()
                .add(new Incident("step:p1:a:e:0", "plugin-step", "email.send stopped", "SMTP down", 4, "p1",
                        LocalDateTime.of(2026, 11, 24, 9, 0)).toJson())
                .add(new Incident("event:triggers:7", "event", "contact created", null, 5, null, null).toJson());
        contract.check("GET", "/api/v1/incidents", new ApiClient.Response(200, incidents.encode(), "application/json"));

        admin.post("/api/v1/rules/validate", new JsonObject().put("entity", "contact").put("source", "budget > 5"));
        admin.post("/api/v1/rules/validate", new JsonObject().put("entity", "contact").put("source", "System.exit(1)"));
        admin.post("/api/v1/rules/evaluate", new JsonObject().put("entity", "contact").put("source", "budget * 2")
                .put("values", new JsonObject().put("budget", 21)));
        assertThat(admin.get("/api/v1/rules/functions").array()).isNotEmpty();
        assertThat(admin.get("/api/v1/actions").array()).as("plugin actions to check").isNotEmpty();

        // Teams and scopes.
        String team = admin.post("/api/v1/teams", new JsonObject().put("name", "Kazan").put("head", "tanya"))
                .json().getString("id");
        assertThat(admin.post("/api/v1/teams", new JsonObject().put("name", "Kazan")).status()).isEqualTo(409);
        assertThat(admin.post("/api/v1/teams", new JsonObject()).status()).isEqualTo(400);
        admin.get("/api/v1/teams");
        admin.get("/api/v1/teams/" + team);
        admin.patch("/api/v1/teams/" + team, new JsonObject().put("name", "Kazan sales"));
        assertThat(admin.send("PUT", "/api/v1/teams/" + team + "/members/admin", null).status()).isEqualTo(200);
        admin.delete("/api/v1/teams/" + team + "/members/admin");
        manager.get("/api/v1/teams");
        admin.get("/api/v1/access/scopes");
        admin.get("/api/v1/access/scopes/manager/contact");
        assertThat(admin.send("PUT", "/api/v1/access/scopes/manager/contact",
                new JsonObject().put("read", new JsonArray().add("own").add("team")).put("write", "none").encode())
                .status()).isEqualTo(200);
        assertThat(admin.send("PUT", "/api/v1/access/scopes/manager/contact",
                new JsonObject().put("read", "everything").put("write", "none").encode()).status()).isEqualTo(422);
        admin.delete("/api/v1/access/scopes/manager/contact");

        // Entity definitions and process deployment.
        JsonObject stored = admin.get("/api/v1/entities/contact").json();
        JsonObject changed = stored.copy();
        changed.getJsonArray("fields").add(new JsonObject().put("name", "hobby").put("label", "Hobby").put("type", "text"));
        ApiClient.Response put = admin.send("PUT", "/api/v1/entities/contact", changed.encode());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(admin.send("PUT", "/api/v1/entities/contact", new JsonObject().put("fields", "none").encode())
                .status()).isEqualTo(422);
        admin.get("/api/v1/entities/nonsense");
        String deploy = "/api/v1/process-definitions";
        assertThat(contract.check("POST", deploy, admin.client().send("POST", deploy,
                io.voronka.kernel.cluster.CatalogsAcrossNodesTest.REVIEW_DEALS, "application/xml")).status()).isEqualTo(201);
        assertThat(contract.check("POST", deploy, admin.client().send("POST", deploy, "<definitions/>",
                "application/xml")).status()).isEqualTo(422);

        // The designer: models, findings, deployment, versions, migration preview; bulk incident retry.
        String models = "/api/v1/process-models";
        ApiClient.Response model = contract.check("POST", models, admin.client().send("POST", models,
                io.voronka.kernel.cluster.CatalogsAcrossNodesTest.REVIEW_DEALS.replace("deal-review", "deal-model"),
                "application/xml"));
        assertThat(model.status()).as(model.body()).isEqualTo(201);
        String modelId = model.json().getString("id");
        admin.get(models);
        admin.get(models + "/" + modelId);
        ApiClient.Response modelDeployed = admin.post(models + "/" + modelId + "/deploy", null);
        assertThat(modelDeployed.status()).as(modelDeployed.body()).isEqualTo(201);
        String definition = modelDeployed.json().getString("definitionId");
        admin.get("/api/v1/process-definitions");
        admin.post("/api/v1/process-definitions/" + definition + "/migration/preview",
                new JsonObject().put("toDefinitionId", definition));
        admin.post("/api/v1/incidents/retry", new JsonObject().put("ids", new JsonArray().add("job:none")));

        JsonArray sessions = manager.get("/api/v1/auth/sessions").array();
        manager.delete("/api/v1/auth/sessions/" + sessions.getJsonObject(0).getString("id"));
        manager.get("/api/v1/auth/me");
        admin.delete("/api/v1/auth/sessions/no-such-session");
        admin.post("/api/v1/auth/logout", null);
        admin.get("/api/v1/auth/me");

        assertThat(contract.violations()).as("answers that disagree with docs/openapi.json").isEmpty();
        assertThat(contract.checked()).isGreaterThan(40);
    }

    /** An API client whose every answer is checked against the document. */
    record Checked(ApiClient client, ContractCheck contract) {
        ApiClient.Response get(String path) {
            return contract.check("GET", path, client.get(path));
        }

        ApiClient.Response post(String path, Object body) {
            return contract.check("POST", path, body, client.post(path, body));
        }

        ApiClient.Response patch(String path, Object body) {
            return contract.check("PATCH", path, body, client.patch(path, body));
        }

        ApiClient.Response delete(String path) {
            return contract.check("DELETE", path, client.delete(path));
        }

        ApiClient.Response send(String method, String path, String body) {
            return contract.check(method, path, client.send(method, path, body));
        }
    }
}
