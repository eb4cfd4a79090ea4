package io.voronka.form;

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
 * The JSON Schema of task forms is the {@code TaskFormInput} component of docs/openapi.json: every
 * shipped forms/tasks/*.json fits it, so what a file says a PUT takes too; a key the server does not know does not fit.
 */
class TaskFormsSchemaTest {

    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    final ContractCheck schema = new ContractCheck(new JsonObject(read(REPO.resolve("docs").resolve("openapi.json"))));

    @Test
    void everyShippedTaskFormFitsTheDocumentedSchema() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(REPO.resolve("forms").resolve("tasks"))) {
            files = listed.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(schema.violationsOf("TaskFormInput", Files.readString(file))).as(file.toString()).isEmpty();
        }
        String callLead = read(REPO.resolve("forms").resolve("tasks").resolve("call-lead.json"));
        assertThat(schema.violationsOf("TaskFormInput", new JsonObject(callLead).put("colour", "red").encode())).isNotEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
