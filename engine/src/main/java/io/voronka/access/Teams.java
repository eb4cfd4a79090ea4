package io.voronka.access;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.storage.Database;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Creating teams and changing who is in them. The head is always a member: naming a head adds
 * them, and removing the head from the team leaves it without one.
 */
public final class Teams {

    private static final Pattern TEAM_ID = Pattern.compile("^[0-9a-fA-F-]{36}$");
    private static final int NAME_LENGTH = 100;

    private final Database database;
    private final TeamStore store;
    private final Runnable changed;

    /** {@code changed} runs after every committed change, to forget cached memberships. */
    Teams(Database database, Runnable changed) {
        this.database = database;
        this.store = new TeamStore(database.dialect());
        this.changed = changed;
    }

    public List<Team> all() {
        return database.withConnection(store::all);
    }

    public Team get(String id) {
        return database.withConnection(c -> existing(c, id));
    }

    /** A new team, headed by {@code head} (a username, may be null), in one transaction. */
    public Team create(String teamName, String head) {
        String checked = checkedName(teamName);
        String id = UUID.randomUUID().toString();
        try {
            return afterChange(database.inTransaction(c -> {
                refuseTakenName(c, checked, null);
                store.insert(c, id, checked);
                if (head != null) {
                    makeHead(c, id, head);
                }
                return store.find(c, id).orElseThrow();
            }));
        } catch (RuntimeException e) {
            // Two admins creating the same name at once: the unique key lets one win.
            if (DuplicateKey.causedBy(e)) {
                throw nameTaken(checked);
            }
            throw e;
        }
    }

    /**
     * Renames a team (a null name keeps it) and, when {@code changeHead}, sets its head (null for
     * none); all or nothing.
     */
    public Team change(String id, String teamName, boolean changeHead, String head) {
        String checked = teamName == null ? null : checkedName(teamName);
        try {
            return afterChange(database.inTransaction(c -> {
                lock(c, id);
                if (checked != null) {
                    refuseTakenName(c, checked, id);
                    store.rename(c, id, checked);
                }
                if (changeHead && head == null) {
                    store.setHead(c, id, null);
                } else if (changeHead) {
                    makeHead(c, id, head);
                }
                return store.find(c, id).orElseThrow();
            }));
        } catch (RuntimeException e) {
            if (checked != null && DuplicateKey.causedBy(e)) {
                throw nameTaken(checked);
            }
            throw e;
        }
    }

    /** The head is always a member: naming one adds them. */
    private void makeHead(Connection c, String id, String username) {
        String userId = user(c, username, "head");
        if (!store.isMember(c, id, userId)) {
            store.addMember(c, id, userId);
        }
        store.setHead(c, id, userId);
    }

    /** Adds a member; adding someone already in the team changes nothing. */
    public Team addMember(String id, String username) {
        return afterChange(database.inTransaction(c -> {
            lock(c, id);
            String userId = user(c, username, "username");
            if (!store.isMember(c, id, userId)) {
                store.addMember(c, id, userId);
            }
            return store.find(c, id).orElseThrow();
        }));
    }

    public Team removeMember(String id, String username) {
        return afterChange(database.inTransaction(c -> {
            Team team = lock(c, id);
            String userId = username == null ? null : store.userId(c, username).orElse(null);
            if (userId == null || !store.removeMember(c, id, userId)) {
                throw DomainError.notFound(Message.of("team.not-member", username, team.name()));
            }
            if (username.equals(team.head())) {
                store.setHead(c, id, null);
            }
            return store.find(c, id).orElseThrow();
        }));
    }

    /** The teams a user is in and heads, by user id. */
    TeamStore.Memberships membershipsOf(String userId) {
        return database.withConnection(c -> store.membershipsOf(c, userId));
    }

    private Team afterChange(Team team) {
        changed.run();
        return team;
    }

    private Team lock(Connection c, String id) {
        Team team = existing(c, id);
        store.lock(c, id);
        return team;
    }

    private Team existing(Connection c, String id) {
        if (id == null || !TEAM_ID.matcher(id).matches()) {
            throw DomainError.notFound(Message.of("team.none", id));
        }
        return store.find(c, id).orElseThrow(() -> DomainError.notFound(Message.of("team.none", id)));
    }

    private String user(Connection c, String username, String field) {
        if (username == null || username.isBlank()) {
            throw DomainError.invalid(field, "required", Message.of("team.user.required"));
        }
        return store.userId(c, username).orElseThrow(() ->
                DomainError.invalid(field, "exists", Message.of("team.user.unknown", username)));
    }

    private void refuseTakenName(Connection c, String teamName, String exceptId) {
        if (store.nameTaken(c, teamName, exceptId)) {
            throw nameTaken(teamName);
        }
    }

    private static DomainError nameTaken(String teamName) {
        return new DomainError(DomainError.Kind.CONFLICT, "team-name-taken", Message.of("team.name.taken", teamName),
                List.of(ValidationProblem.of("name", "unique", "login.taken")));
    }

    private static String checkedName(String teamName) {
        if (teamName == null || teamName.isBlank()) {
            throw DomainError.invalid("name", "required", Message.of("team.name.required"));
        }
        String trimmed = teamName.strip();
        if (trimmed.length() > NAME_LENGTH) {
            throw DomainError.invalid("name", "maxLength", Message.of("field.text.max", NAME_LENGTH));
        }
        return trimmed;
    }
}
