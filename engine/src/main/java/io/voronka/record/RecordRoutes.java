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
import io.voronka.kernel.error.Message;
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
    /** Labels in other languages beside "label" (see kernel.field.Labels). */
    public static final Schema LABELS = Schema.mapOf(Schema.string()).description("the label in other languages by BCP 47 tag, e.g. {\"ru\": \"…\", \"en\": \"…\"}; consoles fall back to label").named("Labels");
    public static final Schema FIELD_OPTION = Schema.object()
            .required("value", Schema.string())
            .required("label", Schema.string())
            .optional("labels", LABELS)
            .optional("color", Schema.string().description("#rrggbb"))
            .optional("order", Schema.integer().description("consoles show options by order, then by position"))
            .named("FieldOption");
    /** One field of an entity or a task form, as {@code FieldDefinition} serialises (absent when null). */
    /** What the linked entity calls the records linking to it through a link field. */
    public static final Schema LINK_INVERSE = Schema.object()
            .required("name", Schema.string().description("the list the linked entity shows, e.g. deals on a contact"))
            .optional("label", Schema.string()).optional("labels", LABELS).named("LinkInverse");
    /** What a rollup field aggregates over the records linking here. */
    public static final Schema ROLLUP = Schema.object()
            .required("via", Schema.string().description("<entity>.<link or links field> pointing here, e.g. "
                    + "deal.contact_id or contact.tags, or a links field of this entity, e.g. tags"))
            .required("op", Schema.enumOf("count", "sum", "min", "max", "avg", "last"))
            .optional("field", Schema.string().description("the linked records' field (not for count)"))
            .optional("where", Schema.string().description("a rule expression over the linked record"))
            .named("Rollup");
    public static final Schema FIELD = Schema.object()
            .required("name", Schema.string())
            .required("label", Schema.string())
            .optional("labels", LABELS)
            .required("type", Schema.enumOf("text", "email", "phone", "number", "decimal", "boolean", "date",
                    "enum", "link", "user", "links", "rollup", "file",
                    "longtext", "money", "percent", "datetime", "multienum", "url", "address").named("FieldType"))
            .required("required", Schema.bool())
            .optional("maxLength", Schema.integer())
            .required("options", Schema.arrayOf(FIELD_OPTION))
            .optional("computed", Schema.string().description("the rule that fills the field (rules/x.mvel); absent when people enter it"))
            .optional("link", Schema.string().description("for link fields: the entity the value points at"))
            .optional("indexed", Schema.bool().description("lists may sort by it (an index (field, id)); "
                    + "absent: choice, user, date and decimal fields are, others are not"))
            .optional("inverse", LINK_INVERSE)
            .optional("rollup", ROLLUP)
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
                    .optional("labels", LABELS.description("the title in other languages by BCP 47 tag"))
                    .optional("columns", Schema.integer().between(1, 2))
                    .required("fields", Schema.arrayOf(Schema.string()))
                    .named("CardSection")))
            .named("CardLayout");
    /** A composite index a definition declares (see CompositeIndexes). */
    public static final Schema ENTITY_INDEX = Schema.object()
            .required("fields", Schema.arrayOf(Schema.string()).itemsBetween(1, CompositeIndexes.MAX_FIELDS)
                    .description("field names in index order, each once: stored in a column of their own (not links, "
                            + "longtext or multienum; a money field by its amount)"))
            .named("EntityIndex");
    static final Schema ENTITY_INDEXES = Schema.arrayOf(ENTITY_INDEX).itemsBetween(0, CompositeIndexes.MAX_INDEXES)
            .description("composite indexes over the entity's fields, ixc_<entity>_<fields>; built online when declared, "
                    + "dropped when no longer declared");
    public static final Schema ENTITY = Schema.object()
            .required("name", Schema.string())
            .required("label", Schema.string())
            .required("labelPlural", Schema.string())
            .optional("labels", LABELS)
            .optional("labelsPlural", LABELS.description("labelPlural in other languages by BCP 47 tag"))
            .required("titleFields", Schema.arrayOf(Schema.string()))
            .required("fields", Schema.arrayOf(FIELD))
            .optional("currency", Schema.string().description("default currency of money fields (ISO 4217)"))
            .optional("rules", Schema.arrayOf(STAGE_RULE))
            .optional("layout", CARD_LAYOUT)
            .optional("indexes", ENTITY_INDEXES)
            .optional("version", Schema.integer().description("the definition's version in force"))
            .named("Entity");
    /** A money field's value: the amount as text (never a binary float) and its ISO 4217 currency. */
    public static final Schema MONEY = Schema.object()
            .required("amount", Schema.string().description("decimal as text, e.g. \"1250.00\""))
            .required("currency", Schema.string().description("ISO 4217 code, e.g. RUB"))
            .named("Money");
    /** A field's value: text (also dates, ids, enum values), a number, a boolean, money, a list, or null. */
    public static final Schema FIELD_VALUE = Schema.anyOf(Schema.string(), Schema.number(), Schema.bool(),
            MONEY, Schema.arrayOf(Schema.string()).description("a multiple choice's option values, or many-to-many link ids"),
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
            .optional("total", Schema.integer().description("with ?count=exact: the exact number of matching records"))
            .named("RecordPage");
    static final Schema RECORD_GROUPS = Schema.object()
            .required("groups", Schema.arrayOf(Schema.object()
                    .required("value", Schema.string().nullable().description("a field value; null for records without one"))
                    .required("count", Schema.integer())
                    .named("RecordGroup")))
            .named("RecordGroups");
    static final Schema HISTORY_ENTRY = Schema.object()
            .required("version", Schema.integer())
            .required("actor", Schema.string())
            .required("at", Schema.dateTime())
            .required("field", Schema.string())
            .required("oldValue", Schema.string().nullable())
            .required("newValue", Schema.string().nullable())
            .named("HistoryEntry");
    static final Schema LINKED_GROUP = Schema.object()
            .required("entity", Schema.string().description("the entity at the far end"))
            .required("field", Schema.string().description("the link field that holds the link (on whichever side holds it)"))
            .required("label", Schema.string())
            .required("direction", Schema.enumOf("outgoing", "incoming")
                    .description("outgoing: this record's own link field; incoming: records whose field points here"))
            .required("items", Schema.arrayOf(Schema.object().required("id", Schema.string())
                    .required("title", Schema.string()).named("LinkedItem")).description("the first 20 readable, newest first"))
            .required("total", Schema.integer().description("readable linked records, counted up to 10000"))
            .named("LinkedGroup");
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
                        + "?sort=<field>|-<field>, ?count=true|exact, ?<field>=<value>, ?filter=<rule expression>")
                .query("limit", Schema.integer().between(1, 500).description("default 50"))
                .query("after", Schema.string().description("the next cursor of the previous page"))
                .query("sort", Schema.string().maxLength(100).description("createdAt, updatedAt or an indexed field; "
                        + "a leading - for descending; default -createdAt; 400 for a field without an index"))
                .query("count", Schema.enumOf("true", "false", "exact").description("true: also count the matches "
                        + "(capped at records.count.limit); exact: also the exact total"))
                .query("filter", Schema.string().description("a rule expression over the entity's fields; 422 names its position"))
                .answers(RECORD_PAGE).fails(422).signedIn(this::list);
        api.route(POST, "/api/v1/records/:entity").tag("records").summary("Create a record")
                .body(NEW_RECORD).answers(RECORD).status(201).signedIn(this::create);
        // Before /:id, which would otherwise read "groups" as a record id.
        api.route(GET, "/api/v1/records/:entity/groups").tag("records")
                .summary("Kanban columns: matching records per value of a choice or user field (?by=), every option in "
                        + "option order with zeros, then empty values; ?filter and ?<field>=<value> as in the list")
                .requiredQuery("by", Schema.string().maxLength(100).description("a choice or user field"))
                .query("filter", Schema.string().description("a rule expression over the entity's fields; 422 names its position"))
                .answers(RECORD_GROUPS).fails(422).signedIn(this::groups);
        api.route(GET, "/api/v1/records/:entity/:id").tag("records").summary("Read a record")
                .answers(RECORD).signedIn(this::get);
        api.route(PATCH, "/api/v1/records/:entity/:id").tag("records")
                .summary("Change a record; carries the version read, a stale one answers 409")
                .body(RECORD_CHANGE).answers(RECORD).fails(409).signedIn(this::update);
        api.route(DELETE, "/api/v1/records/:entity/:id").tag("records")
                .summary("Move a record to the recycle bin (?version=); its history stays, restore it from the bin")
                .query("version", Schema.integer().description("the version read; a stale one answers 409"))
                .status(204).fails(403, 409).signedIn(this::delete);
        api.route(GET, "/api/v1/records/:entity/:id/history").tag("records")
                .summary("Every change to a record: who, when, old and new value")
                .answers(Schema.arrayOf(HISTORY_ENTRY)).signedIn(this::history);
        api.route(GET, "/api/v1/records/:entity/:id/linked").tag("records")
                .summary("The records linked to a record, both ways, each link's first 20 the caller may read")
                .answers(Schema.arrayOf(LINKED_GROUP)).signedIn(this::linked);
    }

    private Reply linked(Call call) {
        JsonArray groups = new JsonArray();
        records.linked(call.actor(), call.path("entity"), call.path("id")).forEach(group -> {
            JsonArray items = new JsonArray();
            group.items().forEach(item -> items.add(new JsonObject().put("id", item.id()).put("title", item.title())));
            groups.add(new JsonObject().put("entity", group.entity()).put("field", group.field())
                    .put("label", group.label()).put("direction", group.direction())
                    .put("items", items).put("total", group.total()));
        });
        return Reply.ok(groups);
    }

    private Reply list(Call call) {
        if (call.query("offset") != null) {
            throw DomainError.malformed("offset", "unsupported", Message.of("query.offset"));
        }
        RecordQuery.Request request = new RecordQuery.Request(
                call.queryExcept(LIST_PARAMETERS), call.query("filter"), call.query("sort"), call.query("after"),
                call.intQuery("limit", 50, 1, 500), "true".equals(call.query("count")), "exact".equals(call.query("count")));
        if (call.query("count") != null && !call.query("count").matches("true|false|exact")) {
            throw DomainError.malformed("count", "type", Message.of("query.count"));
        }
        RecordPage page = records.list(call.actor(), call.path("entity"), request);
        JsonArray items = new JsonArray();
        page.items().forEach(r -> items.add(toJson(r)));
        JsonObject result = new JsonObject().put("items", items).put("next", page.next());
        if (page.count() != null) {
            result.put("count", page.count()).put("countApproximate", page.countApproximate());
        }
        if (page.total() != null) {
            result.put("total", page.total());
        }
        return Reply.ok(result);
    }

    private Reply groups(Call call) {
        JsonArray groups = new JsonArray();
        records.groups(call.actor(), call.path("entity"), call.query("by"), call.queryExcept("by", "filter"),
                call.query("filter")).forEach(g -> groups.add(new JsonObject().put("value", g.value()).put("count", g.count())));
        return Reply.ok(new JsonObject().put("groups", groups));
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
                    Message.of("record.version"));
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
                    Message.of("rule.trial.values"));
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
