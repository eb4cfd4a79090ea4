package io.voronka.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.config.ContentFolder;
import io.voronka.testing.ApiClient;
import io.voronka.testing.TestDatabase;
import io.voronka.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Task form files and API edits across restarts, by the entities' rule: an unchanged file leaves an
 * API edit (and a deletion) alone; a file that changed since the last start wins, as a new version on top.
 */
class TaskFormFilesAtStartTest {

    @Test
    void unchangedFileKeepsAnApiEditAndAChangedFileWinsAtTheNextStart() throws Exception {
        Path forms = copyOfShippedForms();
        // No process names this one, so it may be deleted (the shipped ones are all in use).
        Files.writeString(forms.resolve("tasks").resolve("site-visit.json"),
                "{\"key\": \"site-visit\", \"label\": \"Visit the site\", \"fields\": [{\"name\": \"notes\", \"type\": \"longtext\"}]}");
        Map<String, String> keys = Map.of("forms.dir", forms.toString());
        try (TestDatabase db = TestDatabase.create()) {
            try (TestServer node = TestServer.join(db, keys)) {
                ApiClient admin = node.admin();
                JsonObject callLead = admin.get("/api/v1/task-forms/call-lead").json();
                assertThat(callLead.getInteger("version")).isEqualTo(1);
                assertThat(admin.send("PUT", "/api/v1/task-forms/call-lead", callLead.put("label", "Ring the lead").encode())
                        .status()).isEqualTo(200);
                assertThat(admin.delete("/api/v1/task-forms/site-visit").status()).isEqualTo(200);
            }

            try (TestServer node = TestServer.join(db, keys)) {
                JsonObject callLead = node.admin().get("/api/v1/task-forms/call-lead").json();
                assertThat(callLead.getInteger("version")).isEqualTo(2);
                assertThat(callLead.getString("origin")).isEqualTo("api");
                assertThat(callLead.getString("label")).isEqualTo("Ring the lead");
                assertThat(node.admin().get("/api/v1/task-forms/site-visit").status()).as("an unchanged file brings nothing back")
                        .isEqualTo(404);
            }

            Path file = forms.resolve("tasks").resolve("call-lead.json");
            Files.writeString(file, Files.readString(file).replace("\"Call the lead\"", "\"Call the lead today\""));
            try (TestServer node = TestServer.join(db, keys)) {
                JsonObject callLead = node.admin().get("/api/v1/task-forms/call-lead").json();
                assertThat(callLead.getInteger("version")).isEqualTo(3);
                assertThat(callLead.getString("origin")).isEqualTo("file forms/tasks/call-lead.json");
                assertThat(callLead.getString("label")).isEqualTo("Call the lead today");
            }
        }
    }

    @Test
    void aFileThatDoesNotCheckStopsTheStartNamingTheFileAndThePath() throws Exception {
        Path forms = copyOfShippedForms();
        Files.writeString(forms.resolve("tasks").resolve("broken.json"),
                "{\"key\": \"broken\", \"label\": \"Broken\", \"fields\": [{\"name\": \"deal\", \"type\": \"link\", \"link\": \"deal\"}]}");
        try (TestDatabase db = TestDatabase.create()) {
            assertThatThrownBy(() -> TestServer.join(db, Map.of("forms.dir", forms.toString())).close())
                    .hasStackTraceContaining("forms/tasks/broken.json").hasStackTraceContaining("fields[0].type");
        }
    }

    private static Path copyOfShippedForms() throws Exception {
        Path forms = Files.createTempDirectory("voronka-forms-");
        for (Map.Entry<String, String> file : ContentFolder.read(null, "forms").entrySet()) {
            Path target = forms.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        return forms;
    }
}
