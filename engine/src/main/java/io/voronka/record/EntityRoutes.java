package io.voronka.record;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.ProblemException;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.OpenApi;
import io.voronka.kernel.http.Reply;
import java.time.ZoneOffset;

/** Entity definitions over HTTP: everyone signed in reads the list, admins read and change one. */
public final class EntityRoutes {

    private final EntityDefinitions definitions;

    public EntityRoutes(EntityDefinitions definitions) {
        this.definitions = definitions;
    }

    public void register(Api api) {
        api.route(GET, "/api/v1/entities").tag("entities").summary("Entity definitions in force, with their fields and versions")
                .signedIn(this::list);
        api.route(GET, "/api/v1/entities/:name").tag("entities")
                .summary("One entity definition with the sources of its rules, its version and who changed it when")
                .admin(this::get);
        api.route(PUT, "/api/v1/entities/:name").tag("entities")
                .summary("Create or change an entity definition (checked like a file; columns added, never dropped; "
                        + "optional \"version\" = the version read, a stale one answers 409); in force on every node when answered")
                .body(OpenApi.object("fields")).admin(this::put);
    }

    private Reply list(Call call) {
        JsonArray result = new JsonArray();
        definitions.all().forEach(s -> result.add(JsonObject.mapFrom(s.document().definition()).put("version", s.version())));
        return Reply.ok(result);
    }

    private Reply get(Call call) {
        return Reply.ok(toJson(definitions.find(call.path("name"))));
    }

    private Reply put(Call call) {
        JsonObject body = call.body();
        Object version = body.getValue("version");
        if (version != null && !(version instanceof Integer || version instanceof Long)) {
            throw ProblemException.invalid("version", "type", "must be the version number you read (an integer)");
        }
        StoredDefinition stored = definitions.change(call.actor(), call.path("name"), body.encode(),
                version == null ? null : ((Number) version).intValue());
        return Reply.ok(toJson(stored));
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
