package io.voronka.auth;

import io.voronka.kernel.access.Actor;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.OpenApi;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.error.ProblemException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;

/** Sign-in and user administration over HTTP. */
public final class AuthRoutes {

    private final AuthService auth;

    public AuthRoutes(AuthService auth) {
        this.auth = auth;
    }

    public void register(Api api) {
        api.route(POST, "/api/v1/auth/login").tag("auth").summary("Sign in; answers a bearer token")
                .body(OpenApi.object("username", "password")).open(this::login);
        api.route(POST, "/api/v1/auth/logout").tag("auth").summary("Revoke the caller's token").status(204).signedIn(this::logout);
        api.route(GET, "/api/v1/auth/me").tag("auth").summary("The signed-in user").signedIn(call -> Reply.ok(toJson(call.actor())
                .put("teams", new JsonArray(call.actor().teams().stream().sorted().toList()))
                .put("heads", new JsonArray(call.actor().heads().stream().sorted().toList()))));
        api.route(GET, "/api/v1/auth/sessions").tag("auth").summary("The caller's open sessions").signedIn(this::sessions);
        api.route(DELETE, "/api/v1/auth/sessions/:id").tag("auth").summary("Revoke one of the caller's sessions")
                .status(204).signedIn(this::revokeSession);
        api.route(GET, "/api/v1/users").tag("auth").summary("All users").admin(this::list);
        api.route(POST, "/api/v1/users").tag("auth").summary("Add a user")
                .body(OpenApi.object("username", "password", "roles")).status(201).admin(this::create);
    }

    private Reply login(Call call) {
        JsonObject body = call.body();
        String username = text(body, "username");
        String password = text(body, "password");
        AuthService.SignIn signIn = auth.login(username, password,
                new AuthService.Client(call.clientAddress(), call.header("User-Agent")));
        return Reply.ok(new JsonObject().put("token", signIn.token()).put("user", toJson(signIn.user())));
    }

    private Reply logout(Call call) {
        auth.logout(call.bearerToken());
        return Reply.noContent();
    }

    private Reply sessions(Call call) {
        JsonArray result = new JsonArray();
        auth.sessions(call.actor(), call.bearerToken()).forEach(s -> result.add(new JsonObject()
                .put("id", s.id())
                .put("createdAt", instant(s.createdAt()))
                .put("lastUsedAt", instant(s.lastUsedAt()))
                .put("expiresAt", instant(s.expiresAt()))
                .put("address", s.address())
                .put("userAgent", s.userAgent())
                .put("current", s.current())));
        return Reply.ok(result);
    }

    private Reply revokeSession(Call call) {
        auth.revokeSession(call.actor(), call.path("id"));
        return Reply.noContent();
    }

    private static String instant(LocalDateTime time) {
        return time.toInstant(ZoneOffset.UTC).toString();
    }

    private Reply list(Call call) {
        JsonArray users = new JsonArray();
        auth.allUsers().forEach(u -> users.add(toJson(u)));
        return Reply.ok(users);
    }

    private Reply create(Call call) {
        JsonObject body = call.body();
        Object rawRoles = body.getValue("roles");
        if (!(rawRoles instanceof JsonArray array) || array.stream().anyMatch(r -> !(r instanceof String))) {
            throw ProblemException.invalid("roles", "type", "must be a list of role names such as [\"manager\"]");
        }
        Set<String> roles = new LinkedHashSet<>();
        array.forEach(r -> roles.add((String) r));
        Object displayName = body.getValue("displayName");
        if (displayName != null && !(displayName instanceof String)) {
            throw ProblemException.invalid("displayName", "type", "must be text");
        }
        User user = auth.createUser(text(body, "username"), (String) displayName, text(body, "password"), roles);
        return Reply.created(toJson(user));
    }

    private static String text(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            throw ProblemException.invalid(field, "required", "is required");
        }
        if (!(value instanceof String s)) {
            throw ProblemException.invalid(field, "type", "must be text");
        }
        if (s.length() > 1000) {
            throw ProblemException.invalid(field, "maxLength", "is too long");
        }
        return s;
    }

    static JsonObject toJson(User user) {
        return toJson(user.actor());
    }

    static JsonObject toJson(Actor user) {
        return new JsonObject().put("id", user.id()).put("username", user.username())
                .put("displayName", user.displayName()).put("roles", new JsonArray(user.roles().stream().sorted().toList()));
    }
}
