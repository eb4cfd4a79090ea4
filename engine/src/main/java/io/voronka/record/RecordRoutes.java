package io.voronka.record;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.http.Schema;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/** Entities and records over HTTP. */
public final class RecordRoutes {

    /** Query parameters of a list that are not equality filters on fields. */
    private static final String[] LIST_PARAMETERS = {"limit", "after", "sort", "count", "filter"};

    /** min/max: a number, or a date (YYYY-MM-DD) or an instant for date fields. */
    static final Schema BOUND = Schema.anyOf(Schema.number(), Schema.string()).named("FieldBound");
    public static final Schema FIELD_OPTION = Schema.object()
            .required("value", Schema.string())
            .required("label", Schema.string())
            .optional("color", Schema.string().description("#rrggbb"))
            .optional("order", Schema.integer().description("consoles show options by order, then by position"))
            .named("FieldOption");
    /** One field of an entity or a task form, as {@code FieldDefinition} serialises (absent when null). */
    public static final Schema FIELD = Schema.object()
            .required("name", Schema.string())
            .required("label", Schema.string())
            .required("type", Schema.enumOf("text", "email", "phone", "number", "decimal", "boolean", "date",
                    "enum", "link", "user",
                    "longtext", "money", "percent", "datetime", "multienum", "url", "address").named("FieldType"))
            .required("required", Schema.bool())
            .optional("maxLength", Schema.integer())
            .required("options", Schema.arrayOf(FIELD_OPTION))
            .optional("computed", Schema.string().description("the rule that fills the field (rules/x.mvel); absent when people enter it"))
            .optional("link", Schema.string().description("for link fields: the entity the value points at"))
            .optional("unique", Schema.bool().description("no two records share a value (a unique index)"))
            .optional("pattern", Schema.string().description("a regular expression the whole text must match"))
            .optional("min", BOUND)
            .optional("max", BOUND)
            .optional("currency", Schema.string().description("money: the default currency (ISO 4217)"))
            .named("Field");
    /** A stage rule: when {@code when} holds, {@code require} must too, or the write is refused naming {@code field}. */
    public static final Schema STAGE_RULE = Schema.object()
            .optional("when", Schema.string().description("rule expression; absent: always"))
            .required("require", Schema.string().description("rule expression that must hold"))
            .required("field", Schema.string().description("the field a refusal names"))
            .required("message", Schema.string().description("what the user is told"))
            .named("StageRule");
    public static final Schema CARD_LAYOUT = Schema.object()
            .required("sections", Schema.arrayOf(Schema.object()
                    .optional("title", Schema.string().nullable())
                    .optional("columns", Schema.integer().between(1, 2))
                    .required("fields", Schema.arrayOf(Schema.string()))
                    .named("CardSection")))
            .named("CardLayout");
    public static final Schema ENTITY = Schema.object()
            .required("name", Schema.string())
            .required("label", Schema.string())
            .required("labelPlural", Schema.string())
            .required("titleFields", Schema.arrayOf(Schema.string()))
            .required("fields", Schema.arrayOf(FIELD))
            .optional("currency", Schema.string().description("default currency of money fields (ISO 4217)"))
            .optional("rules", Schema.arrayOf(STAGE_RULE))
            .optional("layout", CARD_LAYOUT)
            .optional("version", Schema.integer().description("the definition's version in force"))
            .named("Entity");
    /** A field's value: text (also dates, ids, enum values), a number, a boolean, or null. */
    /** A money field's value: the amount as text (never a binary float) and its ISO 4217 currency. */
    public static final Schema MONEY = Schema.object()
            .required("amount", Schema.string().description("decimal as text, e.g. \"1250.00\""))
            .required("currency", Schema.string().description("ISO 4217 code, e.g. RUB"))
            .named("Money");
    public static final Schema FIELD_VALUE = Schema.anyOf(Schema.string(), Schema.number(), Schema.bool(),
            MONEY, Schema.arrayOf(Schema.string()).description("a multiple choice's option values"),
            Schema.nullValue()).named("FieldValue");
    public static final Schema FIELD_VALUES = Schema.mapOf(FIELD_VALUE)
            .description("field name to value").named("FieldValues");
    public static final Schema RECORD = Schema.object()
            .required("id", Schema.string())
            .required("entity", Schema.string())
            .required("version", Schema.integer().description("send it back with a change; a stale one answers 409"))
            .required("createdAt", Schema.dateTime())
            .required("updatedAt", Schema.dateTime())
            .required("createdBy", Schema.string().nullable())
            .required("values", FIELD_VALUES)
            .named("Record");
    static final Schema RECORD_PAGE = Schema.object()
            .required("items", Schema.arrayOf(RECORD))
            .required("next", Schema.string().nullable().description("the cursor of the next page (?after=), null on the last"))
            .optional("count", Schema.integer().description("with ?count=true: records matching the query, all pages"))
            .optional("countApproximate", Schema.bool().description("true when count stopped at the limit: there are more"))
            .named("RecordPage");
    static final Schema HISTORY_ENTRY = Schema.object()
            .required("version", Schema.integer())
            .required("actor", Schema.string())
            .required("at", Schema.dateTime())
            .required("field", Schema.string())
            .required("oldValue", Schema.string().nullable())
            .required("newValue", Schema.string().nullable())
            .named("HistoryEntry");
    static final Schema NEW_RECORD = Schema.object().required("values", FIELD_VALUES).named("NewRecord");
    static final Schema RECORD_CHANGE = Schema.object()
            .required("version", Schema.integer().description("the version read"))
            .required("values", FIELD_VALUES)
            .named("RecordChange");

    private final RecordService records;

    public RecordRoutes(RecordService records) {
        this.records = records;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/records/:entity").tag("records")
                .summary("List records, a page at a time: ?limit, ?after=<next of the previous page>, "
                        + "?sort=createdAt|-createdAt|updatedAt|-updatedAt, ?count=true, ?<field>=<value>, "
                        + "?filter=<rule expression>")
                .query("limit", Schema.integer().between(1, 500).description("default 50"))
                .query("after", Schema.string().description("the next cursor of the previous page"))
                .query("sort", Schema.enumOf("createdAt", "-createdAt", "updatedAt", "-updatedAt")
                        .description("default -createdAt"))
                .query("count", Schema.bool().description("also count the matches (capped at records.count.limit)"))
                .query("filter", Schema.string().description("a rule expression over the entity's fields; 422 names its position"))
                .answers(RECORD_PAGE).fails(422).signedIn(this::list);
        api.route(POST, "/api/v1/records/:entity").tag("records").summary("Create a record")
                .body(NEW_RECORD).answers(RECORD).status(201).signedIn(this::create);
        api.route(GET, "/api/v1/records/:entity/:id").tag("records").summary("Read a record")
                .answers(RECORD).signedIn(this::get);
        api.route(PATCH, "/api/v1/records/:entity/:id").tag("records")
                .summary("Change a record; carries the version read, a stale one answers 409")
                .body(RECORD_CHANGE).answers(RECORD).fails(409).signedIn(this::update);
        api.route(DELETE, "/api/v1/records/:entity/:id").tag("records").summary("Delete a record (?version=)")
                .query("version", Schema.integer().description("the version read; a stale one answers 409"))
                .status(204).fails(409).admin(this::delete);
        api.route(GET, "/api/v1/records/:entity/:id/history").tag("records")
                .summary("Every change to a record: who, when, old and new value")
                .answers(Schema.arrayOf(HISTORY_ENTRY)).signedIn(this::history);
    }

    private Reply list(Call call) {
        if (call.query("offset") != null) {
            throw DomainError.malformed("offset", "unsupported",
                    "lists are read by cursor: pass the previous page's next as after");
        }
        RecordQuery.Request request = new RecordQuery.Request(
                call.queryExcept(LIST_PARAMETERS), call.query("filter"), call.query("sort"), call.query("after"),
                call.intQuery("limit", 50, 1, 500), flag(call, "count"));
        RecordPage page = records.list(call.actor(), call.path("entity"), request);
        JsonArray items = new JsonArray();
        page.items().forEach(r -> items.add(toJson(r)));
        JsonObject result = new JsonObject().put("items", items).put("next", page.next());
        if (page.count() != null) {
            result.put("count", page.count()).put("countApproximate", page.countApproximate());
        }
        return Reply.ok(result);
    }

    private static boolean flag(Call call, String name) {
        String raw = call.query(name);
        if (raw == null || raw.equals("false")) {
            return false;
        }
        if (raw.equals("true")) {
            return true;
        }
        throw DomainError.malformed(name, "type", "must be true or false");
    }

    private Reply create(Call call) {
        return Reply.created(toJson(records.create(Origin.API, call.actor(), call.path("entity"), values(call.body()))));
    }

    private Reply get(Call call) {
        return Reply.ok(toJson(records.get(call.actor(), call.path("entity"), call.path("id"))));
    }

    private Reply update(Call call) {
        JsonObject body = call.body();
        Object version = body.getValue("version");
        if (!(version instanceof Integer || version instanceof Long)) {
            throw DomainError.malformed("version", version == null ? "required" : "type",
                    "must be the version number you read (an integer)");
        }
        return Reply.ok(toJson(records.update(Origin.API, call.actor(), call.path("entity"), call.path("id"),
                ((Number) version).intValue(), values(body))));
    }

    private Reply delete(Call call) {
        Integer version = call.query("version") == null ? null : call.intQuery("version", 0, 1, Integer.MAX_VALUE);
        records.delete(Origin.API, call.actor(), call.path("entity"), call.path("id"), version);
        return Reply.noContent();
    }

    private Reply history(Call call) {
        JsonArray result = new JsonArray();
        records.history(call.actor(), call.path("entity"), call.path("id")).forEach(change -> result.add(new JsonObject()
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
            throw DomainError.malformed("values", values == null ? "required" : "type",
                    "must be an object of field values");
        }
        Map<String, Object> plain = new java.util.LinkedHashMap<>();
        object.forEach(e -> plain.put(e.getKey(), plain(e.getValue())));
        return plain;
    }

    /** Nested JSON as plain maps and lists, as every other write path (process variables, import) hands values in. */
    private static Object plain(Object value) {
        return switch (value) {
            case JsonObject o -> o.getMap();
            case JsonArray a -> a.getList();
            case null, default -> value;
        };
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
        return switch (value) {
            case io.voronka.kernel.field.Money money -> new JsonObject().put("amount", money.amountText())
                    .put("currency", money.currency());
            case io.voronka.kernel.field.OptionSet chosen -> new JsonArray(chosen.values());
            case LocalDateTime utc -> instant(utc);
            case null, default -> value;
        };
    }

    private static String instant(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC).toString();
    }
}
