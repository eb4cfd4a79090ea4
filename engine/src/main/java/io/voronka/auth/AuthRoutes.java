package io.voronka.auth;

import io.voronka.kernel.access.Actor;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.http.Api;
import io.voronka.kernel.http.Call;
import io.voronka.kernel.http.Reply;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.http.Schema;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Sign-in and user administration over HTTP. */
public final class AuthRoutes {

    static final Schema USER = Schema.object()
            .required("id", Schema.string())
            .required("username", Schema.string())
            .required("displayName", Schema.string())
            .required("roles", Schema.arrayOf(Schema.string()).description("admin, manager"))
            .optional("teams", Schema.arrayOf(Schema.string()).description("on /auth/me: the teams the user belongs to"))
            .optional("heads", Schema.arrayOf(Schema.string()).description("on /auth/me: the teams the user heads"))
            .optional("active", Schema.bool().description("on /users: false once deactivated (cannot sign in)"))
            .optional("email", Schema.string().nullable().description("on /users: where reminders are mailed; null when none"))
            .named("User");
    /** A colleague as every signed-in user may see them: the name to show beside the name to type. */
    static final Schema USER_NAME = Schema.object()
            .required("username", Schema.string())
            .required("displayName", Schema.string())
            .named("UserName");
    /** What signing in answers: the bearer token and who it belongs to. */
    static final Schema SESSION = Schema.object()
            .required("token", Schema.string())
            .required("user", USER)
            .named("Session");
    static final Schema OPEN_SESSION = Schema.object()
            .required("id", Schema.string())
            .required("createdAt", Schema.dateTime())
            .required("lastUsedAt", Schema.dateTime())
            .required("expiresAt", Schema.dateTime())
            .required("address", Schema.string().nullable())
            .required("userAgent", Schema.string().nullable())
            .required("current", Schema.bool().description("the session of the token that asked"))
            .named("OpenSession");
    static final Schema CREDENTIALS = Schema.object()
            .required("username", Schema.string().maxLength(1000))
            .required("password", Schema.string().maxLength(1000))
            .named("Credentials");
    static final Schema NEW_USER = Schema.object()
            .required("username", Schema.string().maxLength(1000))
            .required("password", Schema.string().maxLength(1000).description("8-256 characters, not a common one"))
            .optional("displayName", Schema.string().maxLength(200).nullable())
            .optional("email", Schema.string().maxLength(254).nullable().description("optional; 422 naming email when not an address"))
            .required("roles", Schema.arrayOf(Schema.string()).description("e.g. [\"manager\"]"))
            .named("NewUser");

    static final Schema USER_CHANGE = Schema.object()
            .optional("displayName", Schema.string().maxLength(200))
            .optional("roles", Schema.arrayOf(Schema.string()).description("replaces the roles, e.g. [\"manager\"]"))
            .optional("active", Schema.bool().description("false deactivates: the user cannot sign in and their sessions end"))
            .optional("email", Schema.string().maxLength(254).nullable().description("null or empty removes the address"))
            .named("UserChange");
    static final Schema NEW_PASSWORD = Schema.object()
            .required("password", Schema.string().maxLength(1000).description("8-256 characters, not a common one"))
            .named("NewPassword");

    private final AuthService auth;

    public AuthRoutes(AuthService auth) {
        this.auth = auth;
    }

    public void register(Api api) {
        api.route(POST, "/api/v1/auth/login").tag("auth").summary("Sign in; answers a bearer token")
                .body(CREDENTIALS).answers(SESSION).fails(401, 429).open(this::login);
        api.route(POST, "/api/v1/auth/logout").tag("auth").summary("Revoke the caller's token")
                .noBody().status(204).signedIn(this::logout);
        api.route(GET, "/api/v1/auth/me").tag("auth").summary("The signed-in user")
                .answers(USER).signedIn(call -> Reply.ok(toJson(call.actor())
                        .put("teams", new JsonArray(call.actor().teams().stream().sorted().toList()))
                        .put("heads", new JsonArray(call.actor().heads().stream().sorted().toList()))));
        api.route(GET, "/api/v1/auth/sessions").tag("auth").summary("The caller's open sessions")
                .answers(Schema.arrayOf(OPEN_SESSION)).signedIn(this::sessions);
        api.route(DELETE, "/api/v1/auth/sessions/:id").tag("auth").summary("Revoke one of the caller's sessions")
                .status(204).signedIn(this::revokeSession);
        api.route(GET, "/api/v1/users").tag("auth").summary("All users")
                .answers(Schema.arrayOf(USER)).admin(this::list);
        api.route(GET, "/api/v1/users/names").tag("auth")
                .summary("The active users' usernames and display names, for everyone signed in (mentions, pickers, timelines)")
                .answers(Schema.arrayOf(USER_NAME)).signedIn(this::names);
        api.route(POST, "/api/v1/users").tag("auth").summary("Add a user")
                .body(NEW_USER).answers(USER).fails(409).status(201).admin(this::create);
        api.route(PATCH, "/api/v1/users/:id").tag("auth").summary("Change a user's name, email, roles or whether they may sign in")
                .body(USER_CHANGE).answers(USER).fails(404).admin(this::change);
        api.route(POST, "/api/v1/users/:id/password").tag("auth").summary("Set a user's password; their other sessions end")
                .body(NEW_PASSWORD).status(204).fails(404).admin(this::setPassword);
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

    /**
     * Who one's colleagues are, by name: a manager mentions, assigns and reads a timeline by the
     * names people use, without the roles, emails and ids of the admins' list.
     */
    private Reply names(Call call) {
        JsonArray names = new JsonArray();
        auth.allUsers().stream().filter(User::active).sorted(java.util.Comparator.comparing(User::username))
                .forEach(u -> names.add(new JsonObject().put("username", u.username()).put("displayName", u.displayName())));
        return Reply.ok(names);
    }

    private Reply change(Call call) {
        JsonObject body = call.body();
        Set<String> roles = body.containsKey("roles") ? roles(body) : null;
        Object displayName = body.getValue("displayName");
        if (displayName != null && !(displayName instanceof String)) {
            throw DomainError.invalid("displayName", "type", Message.of("field.text"));
        }
        Object active = body.getValue("active");
        if (active != null && !(active instanceof Boolean)) {
            throw DomainError.invalid("active", "type", Message.of("login.boolean"));
        }
        Optional<String> email = body.containsKey("email") ? Optional.ofNullable(EmailAddress.parse(body.getValue("email"))) : null;
        User user = auth.accounts().change(call.path("id"),
                new UserAccounts.Change((String) displayName, roles, (Boolean) active, email));
        return Reply.ok(toJson(user));
    }

    private Reply setPassword(Call call) {
        auth.accounts().setPassword(call.actor(), call.path("id"), text(call.body(), "password"), call.bearerToken());
        return Reply.noContent();
    }

    private static Set<String> roles(JsonObject body) {
        Object rawRoles = body.getValue("roles");
        if (!(rawRoles instanceof JsonArray array) || array.stream().anyMatch(r -> !(r instanceof String))) {
            throw DomainError.invalid("roles", "type", Message.of("login.roles.type"));
        }
        Set<String> roles = new LinkedHashSet<>();
        array.forEach(r -> roles.add((String) r));
        return roles;
    }

    private Reply create(Call call) {
        JsonObject body = call.body();
        Set<String> roles = roles(body);
        Object displayName = body.getValue("displayName");
        if (displayName != null && !(displayName instanceof String)) {
            throw DomainError.invalid("displayName", "type", Message.of("field.text"));
        }
        String email = EmailAddress.parse(body.getValue("email"));
        User user = auth.createUser(text(body, "username"), (String) displayName, email, text(body, "password"), roles);
        return Reply.created(toJson(user));
    }

    private static String text(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            throw DomainError.invalid(field, "required", Message.of("record.required"));
        }
        if (!(value instanceof String s)) {
            throw DomainError.invalid(field, "type", Message.of("field.text"));
        }
        if (s.length() > 1000) {
            throw DomainError.invalid(field, "maxLength", Message.of("task.text.long"));
        }
        return s;
    }

    static JsonObject toJson(User user) {
        return toJson(user.actor()).put("active", user.active()).put("email", user.email());
    }

    static JsonObject toJson(Actor user) {
        return new JsonObject().put("id", user.id()).put("username", user.username())
                .put("displayName", user.displayName()).put("roles", new JsonArray(user.roles().stream().sorted().toList()));
    }
}
