package io.voronka.record;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.http.Schema;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Putting things back: a field's old value from its history, a deleted record from the recycle bin. */
public final class RestoreRoutes {

    static final Schema BIN_ENTRY = Schema.object()
            .required("entity", Schema.string())
            .required("id", Schema.string())
            .required("title", Schema.string().nullable().description("the record's title fields as it was deleted"))
            .required("owner", Schema.string().nullable().description("its responsible user as it was deleted"))
            .required("deletedAt", Schema.dateTime())
            .required("deletedBy", Schema.string())
            .required("createdAt", Schema.dateTime())
            .named("RecycleBinEntry");
    static final Schema BIN_PAGE = Schema.object().required("items", Schema.arrayOf(BIN_ENTRY)).named("RecycleBin");
    static final Schema FIELD_RESTORE = Schema.object()
            .required("version", Schema.integer().description("the record's version read; a stale one answers 409"))
            .named("FieldRestore");

    private final HistoryRestore history;
    private final RecycleBin bin;

    public RestoreRoutes(HistoryRestore history, RecycleBin bin) {
        this.history = history;
        this.bin = bin;
    }

    public void register(Api api) {
        api.route(POST, "/api/v1/records/:entity/:id/history/:entryId/restore").tag("records")
                .summary("Set a field back to the value it had before a history entry; the restore is itself recorded")
                .body(FIELD_RESTORE).answers(RecordRoutes.RECORD).fails(403, 409).signedIn(this::restoreField);
        api.route(GET, "/api/v1/recycle-bin").tag("recycle-bin")
                .summary("Deleted records you may read (admins: all), newest deletion first")
                .query("entity", Schema.string().description("only this entity's records"))
                .query("limit", Schema.integer().between(1, 500).description("default 100"))
                .answers(BIN_PAGE).signedIn(this::list);
        api.route(POST, "/api/v1/recycle-bin/:entity/:id/restore").tag("recycle-bin")
                .summary("Put a deleted record back under its id, with its history")
                .noBody().answers(RecordRoutes.RECORD).fails(403, 409).signedIn(this::restoreRecord);
        api.route(DELETE, "/api/v1/recycle-bin/:entity/:id").tag("recycle-bin")
                .summary("Erase a deleted record for good, with its history, comments and reminders (admins)")
                .status(204).admin(this::purge);
    }

    private Reply restoreField(Call call) {
        long entryId;
        try {
            entryId = Long.parseLong(call.path("entryId"));
        } catch (NumberFormatException e) {
            throw DomainError.notFound(Message.of("restore.entry.unknown", call.path("entryId")));
        }
        Object version = call.body().getValue("version");
        if (!(version instanceof Integer || version instanceof Long)) {
            throw DomainError.malformed("version", version == null ? "required" : "type",
                    Message.of("record.version"));
        }
        return Reply.ok(RecordRoutes.toJson(history.restore(Origin.API, call.actor(), call.path("entity"),
                call.path("id"), entryId, ((Number) version).intValue())));
    }

    private Reply list(Call call) {
        JsonArray items = new JsonArray();
        bin.list(call.actor(), call.query("entity"), call.intQuery("limit", 100, 1, 500)).forEach(e -> items.add(new JsonObject()
                .put("entity", e.entity()).put("id", e.recordId()).put("title", e.title()).put("owner", e.owner())
                .put("deletedAt", instant(e.deletedAt())).put("deletedBy", e.deletedBy())
                .put("createdAt", instant(e.createdAt()))));
        return Reply.ok(new JsonObject().put("items", items));
    }

    private Reply restoreRecord(Call call) {
        return Reply.ok(RecordRoutes.toJson(bin.restore(Origin.API, call.actor(), call.path("entity"), call.path("id"))));
    }

    private Reply purge(Call call) {
        bin.purge(call.actor(), call.path("entity"), call.path("id"));
        return Reply.noContent();
    }

    private static String instant(LocalDateTime time) {
        return time.toInstant(ZoneOffset.UTC).toString();
    }
}
