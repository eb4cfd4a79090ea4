package io.voronka.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voronka.testing.ContractCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema of entity definitions is the {@code EntityDefinitionInput} component of
 * docs/openapi.json (docs/forms.md explains it): every shipped forms/*.json fits it (Russian labels
 * included), and a document with a key the server does not know, or labels that are not text, does not.
 */
class FormsSchemaTest {

    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    final ContractCheck schema = new ContractCheck(read(REPO.resolve("docs").resolve("openapi.json")));

    @Test
    void everyShippedDefinitionFitsTheDocumentedSchema() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(REPO.resolve("forms"))) {
            files = listed.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(schema.violationsOf("EntityDefinitionInput", Files.readString(file))).as(file.toString()).isEmpty();
        }
    }

    @Test
    void aDefinitionWithUnknownKeysOrAWrongLayoutDoesNotFit() throws IOException {
        JsonObject deal = read(REPO.resolve("forms").resolve("deal.json"));
        assertThat(schema.violationsOf("EntityDefinitionInput", deal.copy().put("colour", "red").encode())).isNotEmpty();
        assertThat(deal.getJsonArray("indexes")).as("the shipped deal declares its index").isNotEmpty();
        JsonObject index = deal.getJsonArray("indexes").getJsonObject(0);
        assertThat(schema.violationsOf("EntityDefinitionInput", deal.copy().put("indexes", new io.vertx.core.json.JsonArray()
                .add(index.copy().put("unique", true))).encode())).as("an index has only fields").isNotEmpty();
        assertThat(schema.violationsOf("EntityDefinitionInput", deal.copy().put("indexes", new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("fields", new io.vertx.core.json.JsonArray()))).encode())).as("at least one field").isNotEmpty();
        assertThat(schema.violationsOf("EntityDefinitionInput", deal.copy().put("labels", new JsonObject().put("ru", 5)).encode()))
                .as("a label is text").isNotEmpty();
        assertThat(schema.violationsOf("EntityDefinitionInput", deal.copy().put("labels", "Сделка").encode()))
                .as("labels are an object").isNotEmpty();
        deal.getJsonObject("layout").getJsonArray("sections").getJsonObject(0).put("columns", 3);
        assertThat(schema.violationsOf("EntityDefinitionInput", deal.encode())).isNotEmpty();
    }

    private static JsonObject read(Path file) {
        try {
            return new JsonObject(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
