package io.voronka.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.voronka.problem.ProblemException;
import io.voronka.problem.ValidationProblem;
import io.voronka.storage.Database;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sign-in, tokens and user administration. */
public final class AuthService {

    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    private static final Pattern USERNAME = Pattern.compile("^[a-zA-Z0-9._-]{3,100}$");
    public static final int MIN_PASSWORD = 8;

    private final Database database;
    private final UserStore users;
    private final TokenStore tokens;
    private final PasswordHasher hasher = new PasswordHasher();
    // Checked against when the username is unknown, so a wrong name costs as long as a wrong password.
    private final String decoyHash;
    public static final Duration TOKEN_CACHE = Duration.ofSeconds(10);
    private final Cache<String, Optional<User>> signedIn = Caffeine.newBuilder()
            .expireAfterWrite(TOKEN_CACHE).maximumSize(10_000).build();

    public AuthService(Database database) {
        this.database = database;
        this.users = new UserStore(database.dialect());
        this.tokens = new TokenStore(database.dialect(), Duration.ofHours(12));
        this.decoyHash = hasher.hash("decoy-password-never-used");
    }

    public UserStore users() {
        return users;
    }

    public record SignIn(String token, User user) {
    }

    public SignIn login(String username, String password) {
        Optional<String> hash = database.withConnection(c -> users.passwordHash(c, username));
        boolean ok = hasher.matches(password, hash.orElse(decoyHash)) && hash.isPresent();
        if (!ok) {
            throw ProblemException.unauthorized("wrong username or password");
        }
        return database.inTransaction(c -> {
            User user = users.findByUsername(c, username).orElseThrow();
            return new SignIn(tokens.issue(c, user.id()), user);
        });
    }

    /**
     * The user a token belongs to. Answers are cached for a few seconds: every API call checks its
     * token, and three queries per call were a third of the cost of creating a record. A token
     * revoked on another node therefore works there for at most {@link #TOKEN_CACHE} longer.
     */
    public Optional<User> authenticate(String token) {
        return signedIn.get(token, t -> database.withConnection(c -> tokens.userIdFor(c, t).flatMap(id -> users.findById(c, id)))
                .filter(User::active));
    }

    public void logout(String token) {
        database.withConnection(c -> {
            tokens.revoke(c, token);
            return null;
        });
        signedIn.invalidate(token);
    }

    public User createUser(String username, String displayName, String password, Set<String> roles) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (username == null || !USERNAME.matcher(username).matches()) {
            problems.add(new ValidationProblem("username", "pattern", "must be 3-100 letters, digits, dots, dashes or underscores"));
        }
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 200) {
            problems.add(new ValidationProblem("password", "length", "must be " + MIN_PASSWORD + " to 200 characters"));
        }
        if (roles == null || roles.isEmpty() || !User.ROLES.containsAll(roles)) {
            problems.add(new ValidationProblem("roles", "enum", "must be a non-empty list of " + User.ROLES));
        }
        if (displayName != null && displayName.length() > 200) {
            problems.add(new ValidationProblem("displayName", "maxLength", "must be at most 200 characters"));
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        String hash = hasher.hash(password);
        return database.inTransaction(c -> {
            if (users.exists(c, username)) {
                throw new ProblemException(409, "Conflict", "username " + username + " is taken",
                        List.of(new ValidationProblem("username", "unique", "is taken")));
            }
            return users.insert(c, username, displayName == null || displayName.isBlank() ? username : displayName,
                    hash, roles);
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
        try {
            createUser("admin", "Administrator", password, Set.of(User.ADMIN));
            LOG.info("admin account created");
        } catch (ProblemException e) {
            // Another node of the cluster created it first.
            LOG.info("admin account already created by another node");
        }
    }
}
