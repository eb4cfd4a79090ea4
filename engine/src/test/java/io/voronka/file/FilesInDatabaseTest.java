package io.voronka.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.voronka.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** With files.storage=database a file's bytes live in the database (well past MariaDB's 64 KB BLOB) and come back whole. */
class FilesInDatabaseTest {

    @Test
    void aFileKeptInTheDatabaseComesBackByteForByte() throws Exception {
        try (TestServer server = TestServer.start(Map.of("files.storage", "database"))) {
            String token = server.admin().token();
            byte[] png = new byte[700_000];
            new Random(8).nextBytes(png);
            byte[] header = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
            System.arraycopy(header, 0, png, 0, header.length);
            String boundary = "b0undary";
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.png\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(png);
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpClient http = HttpClient.newHttpClient();
            String base = server.server().baseUrl();
            HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/files"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
            JsonObject file = new JsonObject(uploaded.body());
            assertThat(file.getString("contentType")).isEqualTo("image/png");

            HttpResponse<byte[]> read = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/files/" + file.getString("id")))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).isEqualTo(png);
            assertThat(read.headers().firstValue("Content-Type")).contains("image/png");
            Path onDisk = Path.of(server.database().config().get("data.dir"), "files");
            assertThat(Files.exists(onDisk)).as("nothing written under the data folder").isFalse();
        }
    }
}
