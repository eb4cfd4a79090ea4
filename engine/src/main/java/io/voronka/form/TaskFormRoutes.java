package io.voronka.form;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.http.Schema;
import io.voronka.record.EntityRoutes;
import io.voronka.record.RecordRoutes;
import java.time.ZoneOffset;

/** Task forms over HTTP: everyone signed in reads them (managers fill them in), admins change and delete them. */
final class TaskFormRoutes {

    static final Schema INPUT = Schema.object()
            .optional("key", Schema.string().description("defaults to the path's key; must match it"))
            .required("label", Schema.string())
            .optional("labels", RecordRoutes.LABELS)
            .required("fields", Schema.arrayOf(EntityRoutes.FIELD_INPUT).description("types: text, longtext, email, phone, "
                    + "url, address, number, decimal, money, percent, boolean, date, datetime, enum, multienum, user"))
            .optional("version", Schema.integer().description("the version read; a stale one answers 409"))
            .optional("checksum", Schema.string().description("ignored: the server computes it (GET's answer may be sent back as is)"))
            .optional("origin", Schema.string().description("ignored: a PUT is always origin api"))
            .optional("changedBy", Schema.string().nullable().description("ignored: the server stamps the caller"))
            .optional("changedAt", Schema.string().nullable().description("ignored: the server stamps the time"))
            .named("TaskFormInput");
    static final Schema STORED = Schema.object()
            .required("key", Schema.string())
            .required("label", Schema.string())
            .optional("labels", RecordRoutes.LABELS)
            .required("fields", Schema.arrayOf(RecordRoutes.FIELD))
            .required("version", Schema.integer())
            .required("checksum", Schema.string())
            .required("origin", Schema.string().description("file forms/tasks/x.json, or api"))
            .optional("deleted", Schema.bool().description("true in DELETE's answer: the version that removed the form"))
            .required("changedBy", Schema.string().nullable())
            .required("changedAt", Schema.dateTime())
            .named("StoredTaskForm");
    static final Schema SUMMARY = Schema.object()
            .required("key", Schema.string())
            .required("label", Schema.string())
            .optional("labels", RecordRoutes.LABELS)
            .required("fieldCount", Schema.integer())
            .required("version", Schema.integer())
            .named("TaskFormSummary");

    private final TaskForms forms;
    private final TaskFormUsers users;

    TaskFormRoutes(TaskForms forms, TaskFormUsers users) {
        this.forms = forms;
        this.users = users;
    }

    void register(Api api) {
        api.route(GET, "/api/v1/task-forms").tag("task forms")
                .summary("Task forms in force (what a user task's flowable:formKey names): key, label, field count, version")
                .answers(Schema.arrayOf(SUMMARY)).signedIn(this::list);
        api.route(GET, "/api/v1/task-forms/:key").tag("task forms")
                .summary("One task form with its fields, its version and who changed it when")
                .answers(STORED).signedIn(this::get);
        api.route(PUT, "/api/v1/task-forms/:key").tag("task forms")
                .summary("Create or change a task form (the JSON of a forms/tasks file; checked like one; optional \"version\" = "
                        + "the version read, a stale one answers 409); in force on every node when answered, also for tasks "
                        + "already waiting. Takes back exactly what GET answered; no real change, no new version")
                .body(INPUT).answers(STORED).fails(409).admin(this::put);
        api.route(DELETE, "/api/v1/task-forms/:key").tag("task forms")
                .summary("Delete a task form (a version marked deleted; a PUT brings it back). 409 naming the processes "
                        + "while a deployed process's user task names it")
                .answers(STORED).fails(409).admin(this::delete);
    }

    private Reply list(Call call) {
        JsonArray result = new JsonArray();
        forms.all().forEach(s -> {
            JsonObject summary = new JsonObject().put("key", s.key()).put("label", s.form().label());
            if (!s.form().labels().isEmpty()) {
                summary.put("labels", new JsonObject(new java.util.LinkedHashMap<>(s.form().labels())));
            }
            result.add(summary.put("fieldCount", s.form().fields().size()).put("version", s.version()));
        });
        return Reply.ok(result);
    }

    private Reply get(Call call) {
        return Reply.ok(toJson(forms.find(call.path("key"))));
    }

    private Reply put(Call call) {
        JsonObject body = call.body();
        Object version = body.getValue("version");
        if (version != null && !(version instanceof Integer || version instanceof Long)) {
            throw DomainError.invalid("version", "type", "must be the version number you read (an integer)");
        }
        return Reply.ok(toJson(forms.change(call.actor(), call.path("key"), body.encode(),
                version == null ? null : ((Number) version).intValue())));
    }

    private Reply delete(Call call) {
        return Reply.ok(toJson(forms.delete(call.actor(), call.path("key"), users)));
    }

    private static JsonObject toJson(StoredTaskForm stored) {
        JsonObject json = new JsonObject(stored.form().canonicalJson())
                .put("version", stored.version())
                .put("checksum", stored.checksum())
                .put("origin", stored.origin())
                .put("changedBy", stored.changedBy())
                .put("changedAt", stored.changedAt().toInstant(ZoneOffset.UTC).toString());
        return stored.deleted() ? json.put("deleted", true) : json;
    }
}
