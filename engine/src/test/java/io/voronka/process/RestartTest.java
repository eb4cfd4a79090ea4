package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voronka.VoronkaServer;
import io.voronka.kernel.config.ConfigLoader;
import io.voronka.testing.ApiClient;
import io.voronka.testing.TestDatabase;
import io.voronka.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart keeps everything and redeploys nothing unchanged; changed BPMN becomes a new version and
 * a field added to a definition becomes a new column.
 */
class RestartTest {

    @TempDir
    Path content;

    private VoronkaServer start(TestDatabase database) {
        Map<String, String> keys = new HashMap<>(database.config());
        keys.put("http.port", "0");
        keys.put("admin.password", TestServer.ADMIN_PASSWORD);
        keys.put("forms.dir", content.resolve("forms").toString());
        keys.put("processes.dir", content.resolve("processes").toString());
        return VoronkaServer.start(ConfigLoader.fromMap(keys));
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void restartKeepsDataDeploysOnlyChangesAndAddsNewFields() throws Exception {
        Path repo = Path.of(System.getProperty("voronka.repo.dir", "..")).toAbsolutePath().normalize();
        copy(repo.resolve("forms"), content.resolve("forms"));
        copy(repo.resolve("process-definitions"), content.resolve("processes"));

        try (TestDatabase database = TestDatabase.create()) {
            String contactId;
            try (VoronkaServer first = start(database)) {
                ApiClient admin = new ApiClient(first.baseUrl()).signIn("admin", TestServer.ADMIN_PASSWORD);
                contactId = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                        new JsonObject().put("first_name", "Persistent"))).json().getString("id");
                assertThat(first.processEngine().getRepositoryService().createDeploymentQuery().count()).isEqualTo(1);
            }

            try (VoronkaServer second = start(database)) {
                assertThat(second.processEngine().getRepositoryService().createDeploymentQuery().count())
                        .as("unchanged BPMN is not deployed again").isEqualTo(1);
                ApiClient admin = new ApiClient(second.baseUrl()).signIn("admin", TestServer.ADMIN_PASSWORD);
                assertThat(admin.get("/api/v1/records/contact/" + contactId).json()
                        .getJsonObject("values").getString("first_name")).isEqualTo("Persistent");
                assertThat(admin.get("/api/v1/users").array()).hasSize(1);
            }

            Path bpmn = content.resolve("processes/lead-intake.bpmn20.xml");
            Files.writeString(bpmn, Files.readString(bpmn).replace("name=\"Lead intake\"", "name=\"Lead intake v2\""));
            Path contact = content.resolve("forms/contact.json");
            Files.writeString(contact, Files.readString(contact).replace(
                    "{\"name\": \"budget\"", "{\"name\": \"hobby\", \"label\": \"Hobby\", \"type\": \"text\"},\n    {\"name\": \"budget\""));

            try (VoronkaServer third = start(database)) {
                assertThat(third.processEngine().getRepositoryService().createProcessDefinitionQuery()
                        .processDefinitionKey("lead-intake").latestVersion().singleResult().getVersion()).isEqualTo(2);
                ApiClient admin = new ApiClient(third.baseUrl()).signIn("admin", TestServer.ADMIN_PASSWORD);
                JsonObject created = admin.post("/api/v1/records/contact", new JsonObject().put("values",
                        new JsonObject().put("first_name", "Hobbyist").put("hobby", "chess"))).json();
                assertThat(created.getJsonObject("values").getString("hobby")).isEqualTo("chess");
                assertThat(admin.get("/api/v1/records/contact/" + contactId).json()
                        .getJsonObject("values").getString("hobby")).isNull();
            }
        }
    }
}
