package io.voronka.record;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Schema;
import io.voronka.kernel.http.Reply;
import java.time.ZoneOffset;

/** Entity definitions over HTTP: everyone signed in reads the list, admins read and change one. */
public final class EntityRoutes {

    private final EntityDefinitions definitions;

    public EntityRoutes(EntityDefinitions definitions) {
        this.definitions = definitions;
    }

    /** A field as an admin writes it: an entity's, and a task form's (which refuses the types it cannot hold). */
    public static final Schema FIELD_INPUT = Schema.object()
            .required("name", Schema.string())
            .required("type", Schema.string().description("text, longtext, email, phone, url, address, number "
                    + "(also written integer), decimal, percent, money, boolean, date, datetime, enum, multienum, link, links, user, "
                    + "rollup, file"))
            .optional("label", Schema.string())
            .optional("labels", RecordRoutes.LABELS)
            .optional("required", Schema.bool())
            .optional("maxLength", Schema.integer().description("text-like fields: at most this many characters"))
            .optional("options", Schema.arrayOf(RecordRoutes.FIELD_OPTION).description("enum and multienum"))
            .optional("computed", Schema.string().description("the rule's path, with its source under sources"))
            .optional("link", Schema.string())
            .optional("unique", Schema.bool().description("no two records share a value; a unique index"))
            .optional("pattern", Schema.string().description("text-like fields: a regular expression (at most 500 "
                    + "characters) the whole value must match"))
            .optional("min", RecordRoutes.BOUND)
            .optional("max", RecordRoutes.BOUND)
            .optional("currency", Schema.string().description("money: default currency, ISO 4217"))
            .optional("indexed", Schema.bool().description("lists may sort by it; see the Field schema"))
            .optional("inverse", RecordRoutes.LINK_INVERSE)
            .optional("rollup", RecordRoutes.ROLLUP)
        .named("FieldInput");

    /** A definition as an admin writes it (a file's content, plus the sources of the rules it names). */
    static final Schema DEFINITION_INPUT = Schema.object()
            .optional("name", Schema.string().description("defaults to the path's name; must match it"))
            .optional("label", Schema.string())
            .optional("labelPlural", Schema.string())
            .optional("labels", RecordRoutes.LABELS)
            .optional("labelsPlural", RecordRoutes.LABELS)
            .optional("titleFields", Schema.arrayOf(Schema.string()))
            .required("fields", Schema.arrayOf(FIELD_INPUT))
            .optional("currency", Schema.string().description("default currency of the entity's money fields, ISO 4217"))
            .optional("rules", Schema.anyOf(Schema.arrayOf(RecordRoutes.STAGE_RULE), Schema.mapOf(Schema.string()))
                    .description("stage rules; an object here is read as sources (documents from before stage rules)"))
            .optional("layout", RecordRoutes.CARD_LAYOUT)
            .optional("indexes", RecordRoutes.ENTITY_INDEXES)
            .optional("sources", Schema.mapOf(Schema.string()).description("rule path to its source (computed fields)"))
            .optional("version", Schema.integer().description("the version read; a stale one answers 409"))
            .optional("checksum", Schema.string().description("ignored: the server computes it (GET's answer may be sent back as is)"))
            .optional("origin", Schema.string().description("ignored: a PUT is always origin api"))
            .optional("changedBy", Schema.string().nullable().description("ignored: the server stamps the caller"))
            .optional("changedAt", Schema.string().nullable().description("ignored: the server stamps the time"))
            .optional("retired", Schema.bool().description("ignored: a PUT defines the entity (again); DELETE retires"))
            .named("EntityDefinitionInput");
    static final Schema STORED_DEFINITION = Schema.object()
            .required("name", Schema.string())
            .required("label", Schema.string())
            .required("labelPlural", Schema.string())
            .optional("labels", RecordRoutes.LABELS)
            .optional("labelsPlural", RecordRoutes.LABELS)
            .required("titleFields", Schema.arrayOf(Schema.string()))
            .required("fields", Schema.arrayOf(RecordRoutes.FIELD))
            .optional("currency", Schema.string())
            .optional("rules", Schema.arrayOf(RecordRoutes.STAGE_RULE))
            .optional("layout", RecordRoutes.CARD_LAYOUT)
            .optional("indexes", RecordRoutes.ENTITY_INDEXES)
            .optional("retired", Schema.bool().description("true once DELETE retired it; a PUT defines it again"))
            .required("sources", Schema.mapOf(Schema.string()).description("rule path to its source"))
            .required("version", Schema.integer())
            .required("checksum", Schema.string())
            .required("origin", Schema.string().description("file forms/x.json, or api"))
            .required("changedBy", Schema.string().nullable())
            .required("changedAt", Schema.dateTime())
            .named("StoredEntityDefinition");

    public void register(Api api) {
        api.route(GET, "/api/v1/entities").tag("entities").summary("Entity definitions in force, with their fields and versions")
                .answers(Schema.arrayOf(RecordRoutes.ENTITY)).signedIn(this::list);
        api.route(GET, "/api/v1/entities/:name").tag("entities")
                .summary("One entity definition with the sources of its rules, its version and who changed it when")
                .answers(STORED_DEFINITION).admin(this::get);
        api.route(PUT, "/api/v1/entities/:name").tag("entities")
                .summary("Create or change an entity definition (checked like a file; columns added, never dropped; "
                        + "optional \"version\" = the version read, a stale one answers 409); in force on every node when answered. "
                        + "Takes back exactly what GET answered (server-stamped keys are ignored); no real change, no new version")
                .query("confirm", Schema.bool().description("go ahead with a change that loses stored values (else 409 with preview)"))
                .body(DEFINITION_INPUT).answers(STORED_DEFINITION).fails(409).admin(this::put);
        api.route(DELETE, "/api/v1/entities/:name").tag("entities")
                .summary("Retire an entity: its records answer 404 and it leaves the list; table, records and history stay. "
                        + "With records: 409 with preview unless ?confirm=true; 409 while another entity links to it")
                .query("confirm", Schema.bool().description("go ahead although the entity has records"))
                .answers(STORED_DEFINITION).fails(409).admin(this::retire);
    }

    private Reply list(Call call) {
        JsonArray result = new JsonArray();
        definitions.all().stream().filter(s -> !s.document().definition().isRetired()).forEach(s -> result.add(
                JsonObject.mapFrom(s.document().definition())
                        .put("layout", JsonObject.mapFrom(s.document().definition().layoutOrDefault()))
                        .put("version", s.version())));
        return Reply.ok(result);
    }

    private Reply get(Call call) {
        return Reply.ok(toJson(definitions.find(call.path("name"))));
    }

    private Reply put(Call call) {
        JsonObject body = call.body();
        Object version = body.getValue("version");
        if (version != null && !(version instanceof Integer || version instanceof Long)) {
            throw DomainError.invalid("version", "type", "must be the version number you read (an integer)");
        }
        StoredDefinition stored = definitions.change(call.actor(), call.path("name"), body.encode(),
                version == null ? null : ((Number) version).intValue(), confirmed(call));
        return Reply.ok(toJson(stored));
    }

    private Reply retire(Call call) {
        return Reply.ok(toJson(definitions.retire(call.actor(), call.path("name"), confirmed(call))));
    }

    private static boolean confirmed(Call call) {
        String confirm = call.query("confirm");
        if (confirm == null || confirm.equals("false")) {
            return false;
        }
        if (confirm.equals("true")) {
            return true;
        }
        throw DomainError.malformed("confirm", "type", "must be true or false");
    }

    static JsonObject toJson(StoredDefinition stored) {
        return new JsonObject(stored.document().canonicalJson())
                .put("version", stored.version())
                .put("checksum", stored.checksum())
                .put("origin", stored.origin())
                .put("changedBy", stored.changedBy())
                .put("changedAt", stored.changedAt().toInstant(ZoneOffset.UTC).toString());
    }
}
