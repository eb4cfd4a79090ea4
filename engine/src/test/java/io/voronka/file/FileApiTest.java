package io.voronka.file;

import static io.voronka.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.testing.ApiClient;
import io.voronka.testing.ContractCheck;
import io.voronka.testing.SignedInServer;
import io.voronka.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Files through the API: upload, the type sniffed from the bytes, limits, and who may download
 * (the uploader until a record holds the file, then whoever may read such a record), on H2 or MariaDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileApiTest {

    static final int LIMIT = 4096;
    static final byte[] PDF = ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static final SignedInServer node = SignedInServer.withManagers("mila", "boris")
            .configured(Map.of("files.max.bytes", String.valueOf(LIMIT)));

    TestServer server;
    ApiClient admin;
    ApiClient mila;
    ApiClient boris;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        server = node.server();
        admin = node.admin();
        mila = node.manager("mila");
        boris = node.manager("boris");
        JsonObject document = new JsonObject().put("label", "Document").put("titleFields", new JsonArray().add("title"))
                .put("fields", new JsonArray()
                        .add(new JsonObject().put("name", "title").put("type", "text"))
                        .add(new JsonObject().put("name", "scan").put("label", "Scan").put("type", "file"))
                        .add(new JsonObject().put("name", "responsible_manager").put("type", "user")));
        assertThat(admin.send("PUT", "/api/v1/entities/document", document.encode()).status()).isEqualTo(200);
    }

    @Test
    void uploadedFileIsReadByItsUploaderThenByTheReadersOfItsRecord() throws Exception {
        HttpResponse<byte[]> uploaded = upload(mila, "contract.pdf", "image/png", PDF);
        assertThat(uploaded.statusCode()).as(new String(uploaded.body())).isEqualTo(201);
        JsonObject file = new JsonObject(new String(uploaded.body(), StandardCharsets.UTF_8));
        assertThat(file.getString("contentType")).as("sniffed, not the declared image/png").isEqualTo("application/pdf");
        assertThat(file.getString("name")).isEqualTo("contract.pdf");
        assertThat(file.getLong("size")).isEqualTo(PDF.length);
        assertThat(file.getString("sha256")).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PDF)));
        String id = file.getString("id");
        ContractCheck contract = new ContractCheck(admin.get("/api/v1/openapi.json").json());
        contract.check("POST", "/api/v1/files", new ApiClient.Response(201, new String(uploaded.body(), StandardCharsets.UTF_8),
                uploaded.headers().firstValue("Content-Type").orElse("")));
        assertThat(contract.violations()).isEmpty();

        HttpResponse<byte[]> read = download(mila, id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(PDF);
        assertThat(read.headers().firstValue("Content-Type")).contains("application/pdf");
        assertThat(read.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;")
                .contains("filename=\"contract.pdf\"");
        assertThat(download(boris, id).statusCode()).as("not attached, not his upload").isEqualTo(404);

        assertProblem(boris.post("/api/v1/records/document", values("title", "Stolen", "scan", id)), 422, "values.scan", "exists");
        ApiClient.Response doc = mila.post("/api/v1/records/document", values("title", "Contract", "scan", id));
        assertThat(doc.status()).as(doc.body()).isEqualTo(201);
        assertThat(doc.json().getJsonObject("values").getString("scan")).isEqualTo(id);
        assertThat(download(boris, id).statusCode()).as("he may not read mila's document").isEqualTo(404);
        assertThat(download(admin, id).statusCode()).isEqualTo(200);

        JsonObject handOver = new JsonObject().put("version", doc.json().getInteger("version"))
                .put("values", new JsonObject().put("responsible_manager", "boris"));
        assertThat(mila.patch("/api/v1/records/document/" + doc.json().getString("id"), handOver).status()).isEqualTo(200);
        assertThat(download(boris, id).statusCode()).as("now his document holds it").isEqualTo(200);
        assertThat(download(mila, id).statusCode()).as("attached, her upload no longer opens it").isEqualTo(404);
    }

    @Test
    void infoTellsNameSizeAndTypeToThoseWhoMayDownload() throws Exception {
        JsonObject file = new JsonObject(new String(upload(mila, "Акт.pdf", "application/pdf", PDF).body(), StandardCharsets.UTF_8));
        String id = file.getString("id");
        ApiClient.Response info = mila.get("/api/v1/files/" + id + "/info");
        assertThat(info.status()).as(info.body()).isEqualTo(200);
        assertThat(info.json().getString("name")).isEqualTo("Акт.pdf");
        assertThat(info.json().getLong("size")).isEqualTo(PDF.length);
        assertThat(info.json().getString("contentType")).isEqualTo("application/pdf");
        assertThat(info.json().getString("sha256")).isEqualTo(file.getString("sha256"));
        ContractCheck contract = new ContractCheck(admin.get("/api/v1/openapi.json").json());
        contract.check("GET", "/api/v1/files/" + id + "/info", info);
        assertThat(contract.violations()).isEmpty();
        assertThat(boris.get("/api/v1/files/" + id + "/info").status()).as("not attached, not his upload").isEqualTo(404);
        assertThat(mila.get("/api/v1/files/no-such-file/info").status()).isEqualTo(404);
    }

    @Test
    void aNameInAnyScriptTravelsInContentDisposition() throws Exception {
        JsonObject file = new JsonObject(new String(upload(mila, "../Договор №1.pdf", "application/pdf", PDF).body(),
                StandardCharsets.UTF_8));
        assertThat(file.getString("name")).as("no folder part").isEqualTo("Договор №1.pdf");
        String disposition = download(mila, file.getString("id")).headers().firstValue("Content-Disposition").orElseThrow();
        assertThat(disposition).contains("filename*=UTF-8''%D0%94%D0%BE%D0%B3%D0%BE%D0%B2%D0%BE%D1%80%20%E2%84%961.pdf");
    }

    @Test
    void refusesWhatIsTooLargeOfTheWrongKindOrNotAFile() throws Exception {
        HttpResponse<byte[]> large = upload(mila, "big.txt", "text/plain", "x".repeat(LIMIT + 1).getBytes(StandardCharsets.US_ASCII));
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(problem(large).getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("file");
        HttpResponse<byte[]> huge = upload(mila, "huge.txt", "text/plain", new byte[LIMIT + 200_000]);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(problem(huge).getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("file");

        byte[] program = new byte[256];
        program[0] = 'M';
        program[1] = 'Z';
        HttpResponse<byte[]> exe = upload(mila, "invoice.pdf", "application/pdf", program);
        assertThat(exe.statusCode()).as(new String(exe.body())).isEqualTo(415);
        assertThat(problem(exe).getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("file");
        assertThat(problem(exe).getJsonArray("errors").getJsonObject(0).getString("message")).doesNotContain("Exception");

        HttpResponse<byte[]> svg = upload(mila, "logo.png", "image/png", ("<svg xmlns=\"http://www.w3.org/2000/svg\">"
                + "<script>alert(1)</script></svg>").getBytes(StandardCharsets.UTF_8));
        assertThat(svg.statusCode()).as("an SVG carries scripts: not accepted by default").isEqualTo(415);

        assertProblem(mila.post("/api/v1/files", new JsonObject().put("file", "x")), 415, "body", "contentType");
        HttpResponse<byte[]> wrongPart = send(mila, multipart("attachment", "a.pdf", "application/pdf", PDF));
        assertThat(wrongPart.statusCode()).isEqualTo(400);
        assertThat(problem(wrongPart).getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("file");
        assertThat(upload(server.anonymous(), "a.pdf", "application/pdf", PDF).statusCode()).isEqualTo(401);
        assertThat(download(mila, "00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
    }

    @Test
    void csvTextIsAcceptedAsText() throws Exception {
        HttpResponse<byte[]> csv = upload(mila, "leads.csv", "application/octet-stream", "name;phone\nAnna;+79123456789\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(csv.statusCode()).isEqualTo(201);
        assertThat(problem(csv).getString("contentType")).isEqualTo("text/csv");
    }

    private static JsonObject values(String... pairs) {
        JsonObject values = new JsonObject();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return new JsonObject().put("values", values);
    }

    private static JsonObject problem(HttpResponse<byte[]> response) {
        return new JsonObject(new String(response.body(), StandardCharsets.UTF_8));
    }

    private HttpResponse<byte[]> upload(ApiClient client, String name, String type, byte[] content) throws Exception {
        return send(client, multipart("file", name, type, content));
    }

    private static final String BOUNDARY = "----voronka-test-boundary";

    private static byte[] multipart(String part, String name, String type, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"" + name
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private HttpResponse<byte[]> send(ApiClient client, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.server().baseUrl() + "/api/v1/files"))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (client.token() != null) {
            request.header("Authorization", "Bearer " + client.token());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> download(ApiClient client, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.server().baseUrl() + "/api/v1/files/" + id))
                .header("Authorization", "Bearer " + client.token()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
