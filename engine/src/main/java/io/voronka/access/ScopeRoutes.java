package io.voronka.access;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Scope;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Schema;
import io.voronka.kernel.http.Reply;
import java.util.EnumSet;
import java.util.Set;

/**
 * Record scopes over HTTP, for admins. A scope is {@code "all"}, {@code "none"} or a list of
 * {@code own}, {@code team} and {@code unassigned}; entity {@code *} is the role's default.
 */
public final class ScopeRoutes {

    private final Scopes scopes;

    ScopeRoutes(Scopes scopes) {
        this.scopes = scopes;
    }

    /** "all", "none", or a list of own, team, unassigned. */
    static final Schema REACH = Schema.anyOf(Schema.enumOf("all", "none"),
            Schema.arrayOf(Schema.enumOf("own", "team", "unassigned"))).named("ScopeReach");
    static final Schema SCOPE = Schema.object()
            .required("role", Schema.string())
            .required("entity", Schema.string().description("an entity, or * for the role's default"))
            .required("read", REACH)
            .required("write", REACH)
            .required("inherited", Schema.bool().description("true when the entity follows the role's default"))
            .named("Scope");
    static final Schema SCOPE_CHANGE = Schema.object()
            .required("read", REACH)
            .required("write", REACH)
            .named("ScopeChange");

    public void register(Api api) {
        api.route(GET, "/api/v1/access/scopes").tag("access")
                .summary("Every role's read and write scope, by default (*) and per entity")
                .answers(Schema.arrayOf(SCOPE)).admin(this::list);
        api.route(GET, "/api/v1/access/scopes/:role/:entity").tag("access")
                .summary("One role's scopes on one entity (* for the role's default)").answers(SCOPE)
                .admin(call -> Reply.ok(toJson(scopes.get(call.path("role"), call.path("entity")))));
        api.route(PUT, "/api/v1/access/scopes/:role/:entity").tag("access")
                .summary("Set one role's read and write scope on one entity (* for the role's default)")
                .body(SCOPE_CHANGE).answers(SCOPE).admin(this::set);
        api.route(DELETE, "/api/v1/access/scopes/:role/:entity").tag("access")
                .summary("Return one entity to the role's default scopes").answers(SCOPE)
                .admin(call -> Reply.ok(toJson(scopes.inherit(call.path("role"), call.path("entity")))));
    }

    private Reply list(Call call) {
        JsonArray result = new JsonArray();
        scopes.all().forEach(e -> result.add(toJson(e)));
        return Reply.ok(result);
    }

    private Reply set(Call call) {
        JsonObject body = call.body();
        Scope read = scope(body, "read");
        Scope write = scope(body, "write");
        return Reply.ok(toJson(scopes.set(call.path("role"), call.path("entity"), read, write)));
    }

    private static Scope scope(JsonObject body, String key) {
        Object value = body.getValue(key);
        if (value == null) {
            throw DomainError.malformed(key, "required", Message.of("team.scope.shape"));
        }
        if (value instanceof String word) {
            if (word.equals("all")) {
                return Scope.ALL;
            }
            if (word.equals("none")) {
                return Scope.NONE;
            }
            throw DomainError.invalid(key, "enum", Message.of("team.scope.shape"));
        }
        if (!(value instanceof JsonArray list)) {
            throw DomainError.malformed(key, "type", Message.of("team.scope.shape"));
        }
        Set<Scope.Reach> reach = EnumSet.noneOf(Scope.Reach.class);
        for (Object item : list) {
            Scope.Reach one = item instanceof String word ? Scope.reach(word).orElse(null) : null;
            if (one == null) {
                throw DomainError.invalid(key, "enum", Message.of("team.scope.reach", item));
            }
            reach.add(one);
        }
        return new Scope(false, reach);
    }

    static Object json(Scope scope) {
        if (scope.all()) {
            return "all";
        }
        if (scope.none()) {
            return "none";
        }
        JsonArray reach = new JsonArray();
        EnumSet.copyOf(scope.reach()).forEach(r -> reach.add(r.json()));
        return reach;
    }

    private static JsonObject toJson(Scopes.Effective e) {
        return new JsonObject().put("role", e.role()).put("entity", e.entity())
                .put("read", json(e.read())).put("write", json(e.write())).put("inherited", e.inherited());
    }
}
