package io.voronka.record;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.OpenApi;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.error.ProblemException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/** Entities and records over HTTP. */
public final class RecordRoutes {

    private final RecordService records;

    public RecordRoutes(RecordService records) {
        this.records = records;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/records/:entity").tag("records")
                .summary("List records; ?limit, ?offset, ?<field>=<value> and ?filter=<rule expression>").signedIn(this::list);
        api.route(POST, "/api/v1/records/:entity").tag("records").summary("Create a record")
                .body(OpenApi.object("values")).status(201).signedIn(this::create);
        api.route(GET, "/api/v1/records/:entity/:id").tag("records").summary("Read a record").signedIn(this::get);
        api.route(PATCH, "/api/v1/records/:entity/:id").tag("records")
                .summary("Change a record; carries the version read, a stale one answers 409")
                .body(OpenApi.object("version", "values")).signedIn(this::update);
        api.route(DELETE, "/api/v1/records/:entity/:id").tag("records").summary("Delete a record (?version=)")
                .status(204).admin(this::delete);
        api.route(GET, "/api/v1/records/:entity/:id/history").tag("records")
                .summary("Every change to a record: who, when, old and new value").signedIn(this::history);
    }

    private Reply list(Call call) {
        int limit = call.intQuery("limit", 50, 1, 500);
        int offset = call.intQuery("offset", 0, 0, 10_000_000);
        RecordPage page = records.list(call.path("entity"), call.queryExcept("limit", "offset", "filter"),
                call.query("filter"), limit, offset);
        JsonArray items = new JsonArray();
        page.items().forEach(r -> items.add(toJson(r)));
        return Reply.ok(new JsonObject().put("items", items).put("total", page.total()));
    }

    private Reply create(Call call) {
        return Reply.created(toJson(records.create(call.actorName(), call.path("entity"), values(call.body()))));
    }

    private Reply get(Call call) {
        return Reply.ok(toJson(records.get(call.path("entity"), call.path("id"))));
    }

    private Reply update(Call call) {
        JsonObject body = call.body();
        Object version = body.getValue("version");
        if (!(version instanceof Integer || version instanceof Long)) {
            throw ProblemException.badRequest("version", version == null ? "required" : "type",
                    "must be the version number you read (an integer)");
        }
        return Reply.ok(toJson(records.update(call.actorName(), call.path("entity"), call.path("id"),
                ((Number) version).intValue(), values(body))));
    }

    private Reply delete(Call call) {
        Integer version = call.query("version") == null ? null : call.intQuery("version", 0, 1, Integer.MAX_VALUE);
        records.delete(call.actorName(), call.path("entity"), call.path("id"), version);
        return Reply.noContent();
    }

    private Reply history(Call call) {
        JsonArray result = new JsonArray();
        records.history(call.path("entity"), call.path("id")).forEach(change -> result.add(new JsonObject()
                .put("version", change.version())
                .put("actor", change.actor())
                .put("at", instant(change.at()))
                .put("field", change.field())
                .put("oldValue", change.oldValue())
                .put("newValue", change.newValue())));
        return Reply.ok(result);
    }

    private static Map<String, Object> values(JsonObject body) {
        Object values = body.getValue("values");
        if (!(values instanceof JsonObject object)) {
            throw ProblemException.badRequest("values", values == null ? "required" : "type",
                    "must be an object of field values");
        }
        return object.getMap();
    }

    public static JsonObject toJson(RecordData record) {
        JsonObject values = new JsonObject();
        record.values().forEach((name, value) -> values.put(name, jsonValue(value)));
        return new JsonObject()
                .put("id", record.id())
                .put("entity", record.entity())
                .put("version", record.version())
                .put("createdAt", instant(record.createdAt()))
                .put("updatedAt", instant(record.updatedAt()))
                .put("createdBy", record.createdBy())
                .put("values", values);
    }

    private static Object jsonValue(Object value) {
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().scale() <= 0 ? (Object) d.toBigInteger().longValue() : d.doubleValue();
        }
        if (value instanceof java.time.LocalDate date) {
            return date.toString();
        }
        return value;
    }

    private static String instant(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC).toString();
    }
}
