package io.voronka.access;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Schema;
import io.voronka.kernel.http.Reply;

/** Teams over HTTP, for admins. */
public final class TeamRoutes {

    private final Teams teams;

    TeamRoutes(Teams teams) {
        this.teams = teams;
    }

    static final Schema TEAM = Schema.object()
            .required("id", Schema.string())
            .required("name", Schema.string())
            .required("head", Schema.string().nullable().description("the head's username; always a member"))
            .required("members", Schema.arrayOf(Schema.string()).description("usernames"))
            .named("Team");
    static final Schema NEW_TEAM = Schema.object()
            .required("name", Schema.string())
            .optional("head", Schema.string().nullable().description("a username; made a member"))
            .named("NewTeam");
    static final Schema TEAM_CHANGE = Schema.object()
            .optional("name", Schema.string())
            .optional("head", Schema.string().nullable().description("a username, null for none"))
            .named("TeamChange");

    public void register(Api api) {
        api.route(GET, "/api/v1/teams").tag("access").summary("Teams with their head and members")
                .answers(Schema.arrayOf(TEAM)).admin(this::list);
        api.route(POST, "/api/v1/teams").tag("access").summary("Create a team").body(NEW_TEAM)
                .answers(TEAM).fails(409).status(201).admin(this::create);
        api.route(GET, "/api/v1/teams/:id").tag("access").summary("One team").answers(TEAM).admin(this::get);
        api.route(PATCH, "/api/v1/teams/:id").tag("access")
                .summary("Rename a team and/or set its head (a username, null for none)")
                .body(TEAM_CHANGE).answers(TEAM).fails(409).admin(this::change);
        api.route(PUT, "/api/v1/teams/:id/members/:username").tag("access").summary("Add a member")
                .noBody().answers(TEAM)
                .admin(call -> Reply.ok(teams.addMember(call.path("id"), call.path("username")).toJson()));
        api.route(DELETE, "/api/v1/teams/:id/members/:username").tag("access")
                .summary("Remove a member (the head too, leaving the team without one)").answers(TEAM)
                .admin(call -> Reply.ok(teams.removeMember(call.path("id"), call.path("username")).toJson()));
    }

    private Reply list(Call call) {
        JsonArray result = new JsonArray();
        teams.all().forEach(t -> result.add(t.toJson()));
        return Reply.ok(result);
    }

    private Reply get(Call call) {
        return Reply.ok(teams.get(call.path("id")).toJson());
    }

    private Reply create(Call call) {
        JsonObject body = call.body();
        return Reply.created(teams.create(text(body, "name", true), text(body, "head", false)).toJson());
    }

    private Reply change(Call call) {
        JsonObject body = call.body();
        String id = call.path("id");
        for (String key : body.fieldNames()) {
            if (!key.equals("name") && !key.equals("head")) {
                throw DomainError.malformed(key, "unknown", Message.of("team.body.unknown"));
            }
        }
        if (!body.containsKey("name") && !body.containsKey("head")) {
            throw DomainError.malformed("body", "required", Message.of("team.body.empty"));
        }
        String name = body.containsKey("name") ? text(body, "name", true) : null;
        return Reply.ok(teams.change(id, name, body.containsKey("head"), text(body, "head", false)).toJson());
    }

    private static String text(JsonObject body, String key, boolean required) {
        Object value = body.getValue(key);
        if (value == null) {
            if (required) {
                throw DomainError.malformed(key, "required", Message.of("record.required"));
            }
            return null;
        }
        if (!(value instanceof String text)) {
            throw DomainError.malformed(key, "type", Message.of("field.text"));
        }
        return text;
    }
}
