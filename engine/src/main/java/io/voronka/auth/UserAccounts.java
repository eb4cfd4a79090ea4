package io.voronka.auth;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.storage.Database;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.ValidationProblem;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An admin's changes to existing accounts: name, roles, deactivation and a new password. Access
 * that a change takes away takes effect at once: the user's sessions end (all of them on
 * deactivation and on a password set by someone else) and every node forgets its cached answers.
 * The last active admin can neither lose the role nor be deactivated, so the system always keeps
 * someone who can manage it.
 */
public final class UserAccounts {

    /** What may change; null leaves a part as it is ({@code email}: an empty optional removes the address). */
    public record Change(String displayName, Set<String> roles, Boolean active, Optional<String> email) {
    }

    private final Database database;
    private final UserStore users;
    private final TokenStore tokens;
    private final PasswordHasher hasher;
    private final Consumer<String> revoked;

    UserAccounts(Database database, UserStore users, TokenStore tokens, PasswordHasher hasher, Consumer<String> revoked) {
        this.database = database;
        this.users = users;
        this.tokens = tokens;
        this.hasher = hasher;
        this.revoked = revoked;
    }

    public User change(String id, Change change) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (change.displayName() != null && (change.displayName().isBlank() || change.displayName().length() > 200)) {
            problems.add(ValidationProblem.of("displayName", "length", "login.display-name", 200));
        }
        if (change.roles() != null && (change.roles().isEmpty() || !User.ROLES.containsAll(change.roles()))) {
            problems.add(ValidationProblem.of("roles", "enum", "login.roles", User.ROLES));
        }
        if (!problems.isEmpty()) {
            throw DomainError.invalid(problems);
        }
        boolean[] lostAccess = {false};
        User changed = database.inTransaction(c -> {
            User before = existing(c, id);
            boolean staysAdmin = (change.roles() == null ? before.roles() : change.roles()).contains(User.ADMIN)
                    && (change.active() == null ? before.active() : change.active());
            if (before.isAdmin() && before.active() && !staysAdmin && users.activeAdmins(c) <= 1) {
                String field = change.active() != null && !change.active() ? "active" : "roles";
                throw DomainError.invalid(field, "lastAdmin", Message.of("login.last-admin"));
            }
            User after = users.update(c, id, change.displayName(), change.roles(), change.active(), change.email());
            lostAccess[0] = before.active() && !after.active() || !after.roles().containsAll(before.roles());
            if (before.active() && !after.active()) {
                tokens.keepNewest(c, id, 0);
            }
            return after;
        });
        if (lostAccess[0]) {
            revoked.accept(id);
        }
        return changed;
    }

    /**
     * Sets a new password. Set by someone else, it ends all the user's sessions (whoever knew the
     * old one is out); set by the user themselves, the session doing it stays.
     */
    public void setPassword(Actor by, String id, String password, String currentToken) {
        User user = database.withConnection(c -> existing(c, id));
        PasswordPolicy.check(password, user.username()).ifPresent(problem -> {
            throw DomainError.invalid(List.of(problem));
        });
        String hash = hasher.hash(PasswordPolicy.normalize(password));
        database.inTransaction(c -> {
            users.setPasswordHash(c, id, hash);
            if (by.id().equals(id)) {
                tokens.revokeAllBut(c, id, currentToken);
            } else {
                tokens.keepNewest(c, id, 0);
            }
            return null;
        });
        revoked.accept(id);
    }

    private User existing(Connection c, String id) {
        return users.findById(c, id).orElseThrow(() -> DomainError.notFound(Message.of("login.user.none", id)));
    }
}
