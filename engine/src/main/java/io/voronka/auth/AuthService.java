package io.voronka.auth;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.Authenticator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.cluster.ClusterNotices;
import io.voronka.kernel.config.AuthSettings;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.storage.Database;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign-in, tokens and user administration. */
public final class AuthService implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    private static final Pattern USERNAME = Pattern.compile("^[a-zA-Z0-9._-]{3,100}$");

    private final Database database;
    private final UserStore users;
    private final TokenStore tokens;
    private final SignInThrottle throttle;
    private final AuthSettings settings;
    private final PasswordHasher hasher = new PasswordHasher();
    // Checked against when the username is unknown, so a wrong name costs as long as a wrong password.
    private final String decoyHash;
    public static final Duration TOKEN_CACHE = Duration.ofSeconds(10);
    // An entry never outlives its token: a short lifetime or idle timeout is not stretched by the cache.
    private final Cache<String, Optional<SignedIn>> signedIn = Caffeine.newBuilder()
            .expireAfter(Expiry.<String, Optional<SignedIn>>creating((token, answer) -> answer
                    .map(s -> Duration.between(LocalDateTime.now(ZoneOffset.UTC), s.goodUntil()))
                    .filter(left -> left.compareTo(TOKEN_CACHE) < 0)
                    .map(left -> left.isNegative() ? Duration.ZERO : left)
                    .orElse(TOKEN_CACHE)))
            .maximumSize(10_000).build();

    private record SignedIn(User user, String sessionId, LocalDateTime goodUntil) {
    }

    /** The notice every node acts on by forgetting what it cached for the user named. */
    public static final String TOKEN_REVOKED = "token.revoked";
    private ClusterNotices notices;

    public AuthService(Database database, AuthSettings settings) {
        this.database = database;
        this.settings = settings;
        this.users = new UserStore(database.dialect());
        this.tokens = new TokenStore(database.dialect(), settings.tokenLifetime(), settings.tokenIdle(), Clock.systemUTC());
        this.throttle = new SignInThrottle(database.dialect(), settings, Clock.systemUTC());
        this.decoyHash = hasher.hash("decoy-password-never-used");
    }

    /**
     * From now on a revocation here (logout, a session revoked, the oldest sessions past the cap) is
     * announced to every node, which drops its cached answers for that user at once; the revoking
     * call returns after the other nodes confirmed (bounded by {@link ClusterNotices#WAIT}).
     */
    public void announceRevocations(ClusterNotices notices) {
        this.notices = notices;
        notices.on(TOKEN_REVOKED, notice -> forget(notice.getString("user")));
    }

    private void revoked(String userId) {
        forget(userId);
        if (notices != null) {
            notices.announce(TOKEN_REVOKED, new JsonObject().put("user", userId));
        }
    }

    /** Drops every cached answer for the user's tokens; the next call reads the database. */
    private void forget(String userId) {
        if (userId != null) {
            signedIn.asMap().values().removeIf(s -> s.isPresent() && s.get().user().id().equals(userId));
        }
    }

    public UserStore users() {
        return users;
    }

    /** Changes to existing accounts; what they take away ends sessions here and on every node. */
    public UserAccounts accounts() {
        return new UserAccounts(database, users, tokens, hasher, this::revoked);
    }

    public record SignIn(String token, User user) {
    }

    /** Where a sign-in comes from: the peer address (never a forwarded header, which anyone can write). */
    public record Client(String address, String userAgent) {
    }

    public SignIn login(String username, String password, Client client) {
        String account = SignInThrottle.account(username);
        String address = SignInThrottle.address(client.address());
        database.withConnection(c -> throttle.lockedFor(c, account, address)).ifPresent(wait -> {
            throw DomainError.throttled(Message.of("login.throttled", Math.max(1, wait.toSeconds())), wait);
        });
        Optional<String> hash = database.withConnection(c -> users.passwordHash(c, username));
        boolean ok = hasher.matches(PasswordPolicy.normalize(password), hash.orElse(decoyHash)) && hash.isPresent();
        if (!ok) {
            countFailure(account, address);
            throw DomainError.unauthenticated(Message.of("login.wrong"));
        }
        boolean[] capped = {false};
        SignIn signIn = database.inTransaction(c -> {
            throttle.succeeded(c, account);
            User user = users.findByUsername(c, username).orElseThrow();
            TokenStore.Issued issued = tokens.issue(c, user.id(), client.address(), client.userAgent());
            if (tokens.keepNewest(c, user.id(), settings.sessionsPerUser()) > 0) {
                LOG.info("user {} reached {} sessions; the oldest were revoked", user.username(), settings.sessionsPerUser());
                capped[0] = true;
            }
            return new SignIn(issued.token(), user);
        });
        if (capped[0]) {
            revoked(signIn.user().id());
        }
        return signIn;
    }

    /**
     * Guesses racing for the same new subject can deadlock on MariaDB's row locks; the database
     * picks a loser, which simply tries again. Should a count still fail, the guess is refused all
     * the same: a lost count is better than answering a wrong password with a 500.
     */
    private void countFailure(String account, String address) {
        for (int attempt = 1; ; attempt++) {
            try {
                database.inTransaction(c -> {
                    throttle.failed(c, account, settings.accountFailures());
                    throttle.failed(c, address, settings.addressFailures());
                    return null;
                });
                return;
            } catch (RuntimeException e) {
                if (!lostARace(e)) {
                    throw e;
                }
                if (attempt == 3) {
                    LOG.warn("a failed sign-in was not counted: it lost three lock races in a row");
                    return;
                }
            }
        }
    }

    private static boolean lostARace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransactionRollbackException
                    || (t instanceof SQLException sql && "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The user a token belongs to. Answers are cached for a few seconds: every API call checks its
     * token, and three queries per call were a third of the cost of creating a record. A revocation
     * anywhere in the cluster is announced and drops the cached answers on every node (see
     * {@link #announceRevocations}); {@link #TOKEN_CACHE} bounds what a lost notice could leave.
     */
    @Override
    public Optional<Actor> authenticate(String token) {
        return signedIn.get(token, t -> database.withConnection(c -> tokens.holderOf(c, t)
                        .flatMap(holder -> users.findById(c, holder.userId()).map(u -> new SignedIn(u, holder.sessionId(), holder.goodUntil())))))
                .map(SignedIn::user)
                .filter(User::active)
                .map(User::actor);
    }

    /** Checks a token without counting it as use and without the cache: revoked, expired or idle now shows. */
    @Override
    public Optional<Actor> stillSignedIn(String token) {
        return database.withConnection(c -> tokens.holderOf(c, token, false)
                        .flatMap(holder -> users.findById(c, holder.userId())))
                .filter(User::active)
                .map(User::actor);
    }

    public void logout(String token) {
        Optional<TokenStore.Holder> holder = database.withConnection(c -> {
            Optional<TokenStore.Holder> found = tokens.holderOf(c, token);
            tokens.revoke(c, token);
            return found;
        });
        signedIn.invalidate(token);
        holder.ifPresent(h -> revoked(h.userId()));
    }

    public List<TokenStore.Session> sessions(Actor user, String currentToken) {
        return database.withConnection(c -> tokens.sessionsOf(c, user.id(), currentToken));
    }

    public void revokeSession(Actor user, String sessionId) {
        boolean revoked = database.withConnection(c -> tokens.revokeSession(c, user.id(), sessionId));
        if (!revoked) {
            throw DomainError.notFound(Message.of("session.none", sessionId));
        }
        revoked(user.id());
    }

    public User createUser(String username, String displayName, String password, Set<String> roles) {
        return createUser(username, displayName, null, password, roles);
    }

    /** Adds a user; {@code email} (null for none) must already be a valid address ({@link EmailAddress}). */
    public User createUser(String username, String displayName, String email, String password, Set<String> roles) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (username == null || !USERNAME.matcher(username).matches()) {
            problems.add(ValidationProblem.of("username", "pattern", "login.username.pattern"));
        }
        PasswordPolicy.check(password, username).ifPresent(problems::add);
        if (roles == null || roles.isEmpty() || !User.ROLES.containsAll(roles)) {
            problems.add(ValidationProblem.of("roles", "enum", "login.roles", User.ROLES));
        }
        if (displayName != null && displayName.length() > 200) {
            problems.add(ValidationProblem.of("displayName", "maxLength", "field.text.max", 200));
        }
        if (!problems.isEmpty()) {
            throw DomainError.invalid(problems);
        }
        String hash = hasher.hash(PasswordPolicy.normalize(password));
        return database.inTransaction(c -> {
            if (users.exists(c, username)) {
                throw new DomainError(DomainError.Kind.CONFLICT, "username-taken", Message.of("login.username.taken", username),
                        List.of(ValidationProblem.of("username", "unique", "login.taken")));
            }
            return users.insert(c, username, displayName == null || displayName.isBlank() ? username : displayName,
                    email, hash, roles);
        });
    }

    public List<User> allUsers() {
        return database.withConnection(users::all);
    }

    /**
     * Creates the first admin on an empty database. Without a configured password one is generated
     * and printed once: it is never stored in clear anywhere.
     */
    public void ensureAdmin(String configuredPassword) {
        boolean empty = database.withConnection(users::count) == 0;
        if (!empty) {
            return;
        }
        String password = configuredPassword;
        if (password == null || password.isBlank()) {
            byte[] bytes = new byte[12];
            new SecureRandom().nextBytes(bytes);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            System.out.println();
            System.out.println("==================================================================");
            System.out.println(" Voronka created the admin account. Sign in with:");
            System.out.println("   username: admin");
            System.out.println("   password: " + password);
            System.out.println(" This password is shown only now. Set VORONKA_ADMIN_PASSWORD to choose one.");
            System.out.println("==================================================================");
            System.out.println();
        }
        PasswordPolicy.check(password, "admin").ifPresent(problem -> {
            throw new IllegalStateException("admin.password is refused: it " + problem.message());
        });
        try {
            createUser("admin", "Administrator", password, Set.of(User.ADMIN));
            LOG.info("admin account created");
        } catch (DomainError e) {
            // Another node of the cluster created it first.
            LOG.info("admin account already created by another node");
        }
    }
}
