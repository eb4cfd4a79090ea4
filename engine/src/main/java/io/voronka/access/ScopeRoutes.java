package io.voronka.access;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Scope;
import io.voronka.kernel.error.ProblemException;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.OpenApi;
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

    public void register(Api api) {
        api.route(GET, "/api/v1/access/scopes").tag("access")
                .summary("Every role's read and write scope, by default (*) and per entity").admin(this::list);
        api.route(GET, "/api/v1/access/scopes/:role/:entity").tag("access")
                .summary("One role's scopes on one entity (* for the role's default)")
                .admin(call -> Reply.ok(toJson(scopes.get(call.path("role"), call.path("entity")))));
        api.route(PUT, "/api/v1/access/scopes/:role/:entity").tag("access")
                .summary("Set one role's read and write scope on one entity (* for the role's default)")
                .body(OpenApi.object("read", "write")).admin(this::set);
        api.route(DELETE, "/api/v1/access/scopes/:role/:entity").tag("access")
                .summary("Return one entity to the role's default scopes")
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
            throw ProblemException.badRequest(key, "required", "must be \"all\", \"none\" or a list of own, team, unassigned");
        }
        if (value instanceof String word) {
            if (word.equals("all")) {
                return Scope.ALL;
            }
            if (word.equals("none")) {
                return Scope.NONE;
            }
            throw ProblemException.invalid(key, "enum", "must be \"all\", \"none\" or a list of own, team, unassigned");
        }
        if (!(value instanceof JsonArray list)) {
            throw ProblemException.badRequest(key, "type", "must be \"all\", \"none\" or a list of own, team, unassigned");
        }
        Set<Scope.Reach> reach = EnumSet.noneOf(Scope.Reach.class);
        for (Object item : list) {
            Scope.Reach one = item instanceof String word ? Scope.reach(word).orElse(null) : null;
            if (one == null) {
                throw ProblemException.invalid(key, "enum", "lists only own, team and unassigned; " + item + " is neither");
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
