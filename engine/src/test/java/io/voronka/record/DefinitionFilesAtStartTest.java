package io.voronka.record;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Files and API edits across restarts: an unchanged file leaves an API edit alone; a file that
 * changed since the last start wins, as a new version on top.
 */
class DefinitionFilesAtStartTest {

    @Test
    void unchangedFileKeepsAnApiEditAndAChangedFileWinsAtTheNextStart() throws Exception {
        Path forms = Files.createTempDirectory("voronka-forms-");
        ContentFolder.read(null, "forms").forEach((path, text) -> write(forms.resolve(path), text));
        Map<String, String> keys = Map.of("forms.dir", forms.toString());
        try (TestDatabase db = TestDatabase.create()) {
            int fromFile;
            try (TestServer node = TestServer.join(db, keys)) {
                ApiClient admin = node.admin();
                JsonObject deal = admin.get("/api/v1/entities/deal").json();
                fromFile = deal.getInteger("version");
                assertThat(deal.getString("origin")).isEqualTo("file forms/deal.json");
                deal.getJsonArray("fields").add(new JsonObject().put("name", "discount").put("type", "decimal"));
                assertThat(admin.send("PUT", "/api/v1/entities/deal", deal.encode()).status()).isEqualTo(200);
            }

            try (TestServer node = TestServer.join(db, keys)) {
                JsonObject deal = node.admin().get("/api/v1/entities/deal").json();
                assertThat(deal.getInteger("version")).isEqualTo(fromFile + 1);
                assertThat(deal.getString("origin")).isEqualTo("api");
                assertThat(deal.encode()).contains("\"discount\"");
            }

            String file = Files.readString(forms.resolve("deal.json"));
            write(forms.resolve("deal.json"), file.replaceFirst("\"fields\": \\[",
                    "\"fields\": [\n    {\"name\": \"channel\", \"label\": \"Channel\", \"type\": \"text\", \"maxLength\": 50},"));
            try (TestServer node = TestServer.join(db, keys)) {
                ApiClient admin = node.admin();
                JsonObject deal = admin.get("/api/v1/entities/deal").json();
                assertThat(deal.getInteger("version")).isEqualTo(fromFile + 2);
                assertThat(deal.getString("origin")).isEqualTo("file forms/deal.json");
                assertThat(deal.encode()).contains("\"channel\"").doesNotContain("\"discount\"");
                ApiClient.Response created = admin.post("/api/v1/records/deal", new JsonObject().put("values",
                        new JsonObject().put("title", "By phone").put("stage", "new").put("channel", "phone")));
                assertThat(created.status()).as(created.body()).isEqualTo(201);
            }
        }
    }

    @Test
    void aFileThatRetypesAStoredColumnStopsTheStartNamingTheField() throws Exception {
        Path forms = Files.createTempDirectory("voronka-forms-");
        ContentFolder.read(null, "forms").forEach((path, text) -> write(forms.resolve(path), text));
        Map<String, String> keys = Map.of("forms.dir", forms.toString());
        try (TestDatabase db = TestDatabase.create()) {
            try (TestServer node = TestServer.join(db, keys)) {
                assertThat(node.admin().get("/api/v1/entities/deal").status()).isEqualTo(200);
            }
            String file = Files.readString(forms.resolve("deal.json"));
            write(forms.resolve("deal.json"), file.replace(
                    // Not the amount: contact rollups read it and would refuse first; no rule reads the title.
                    "{\"name\": \"title\", \"label\": \"Title\", \"labels\": {\"ru\": \"Название\"}, \"type\": \"text\", "
                            + "\"required\": true, \"maxLength\": 200}",
                    "{\"name\": \"title\", \"label\": \"Title\", \"type\": \"boolean\"}"));
            assertThat(Files.readString(forms.resolve("deal.json"))).contains("\"type\": \"boolean\"");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.join(db, keys).close())
                    .hasStackTraceContaining("forms/deal.json: fields[0].type");
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
