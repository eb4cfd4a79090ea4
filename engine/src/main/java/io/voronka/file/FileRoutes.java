package io.voronka.file;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Download;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.http.Schema;
import io.voronka.kernel.http.Upload;
import java.nio.file.Path;
import java.util.List;

/** Files over HTTP: upload as multipart (part "file"), download with the stored type and name. */
public final class FileRoutes {

    static final Schema FILE = Schema.object()
            .required("id", Schema.string().description("put it in a file field of a record"))
            .required("name", Schema.string())
            .required("size", Schema.integer())
            .required("contentType", Schema.string().description("what the bytes are, sniffed, not what the client said"))
            .required("sha256", Schema.string())
            .named("StoredFile");

    private final FileService files;
    private final Path uploads;

    public FileRoutes(FileService files, Path uploads) {
        this.files = files;
        this.uploads = uploads;
    }

    public void register(Api api) {
        api.route(POST, "/api/v1/files").tag("files")
                .summary("Upload a file (multipart/form-data, part \"file\"); its type is sniffed from the bytes")
                .body("multipart/form-data", Schema.object().required("file", Schema.string()
                        .description("the file's bytes")))
                .uploads("file", files.maxBytes(), uploads)
                .answers(FILE).status(201).fails(413, 415).signedIn(this::upload);
        api.route(GET, "/api/v1/files/:id").tag("files")
                .summary("Download a file: to whoever may read a record holding it, or its uploader before any record does")
                .answers("application/octet-stream", Schema.string().description("the file, with its stored Content-Type"))
                .signedIn(this::download);
        api.route(GET, "/api/v1/files/:id/info").tag("files")
                .summary("What is known of a file (name, size, type), to whoever may download it")
                .answers(FILE).signedIn(this::describe);
    }

    private Reply upload(Call call) {
        List<Upload> parts = call.uploads();
        if (parts.isEmpty() || parts.stream().anyMatch(p -> !p.field().equals("file"))) {
            throw DomainError.malformed("file", "required", Message.of("file.part"));
        }
        if (parts.size() > 1) {
            throw DomainError.malformed("file", "single", Message.of("file.single"));
        }
        Upload part = parts.getFirst();
        FileService.Accepted accepted = files.upload(call.actor(), part.fileName(), part.size(), part.path());
        return Reply.created(json(accepted));
    }

    private Reply describe(Call call) {
        return Reply.ok(json(files.describe(call.actor(), call.path("id"))));
    }

    private static JsonObject json(FileService.Accepted file) {
        return new JsonObject().put("id", file.id()).put("name", file.name())
                .put("size", file.size()).put("contentType", file.contentType()).put("sha256", file.sha256());
    }

    private Reply download(Call call) {
        FileService.Content file = files.download(call.actor(), call.path("id"));
        return Reply.ok(new Download(file.contentType(), file.name(), file.size(), file.path(), file.bytes()));
    }
}
