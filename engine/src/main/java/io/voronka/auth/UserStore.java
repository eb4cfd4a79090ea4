package io.voronka.auth;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** Users, their roles and their password hashes. */
public final class UserStore {

    static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
    static final Field<String> USERNAME = field(name("username"), SQLDataType.VARCHAR);
    static final Field<String> DISPLAY_NAME = field(name("display_name"), SQLDataType.VARCHAR);
    static final Field<String> HASH = field(name("password_hash"), SQLDataType.VARCHAR);
    static final Field<String> EMAIL = field(name("email"), SQLDataType.VARCHAR);
    static final Field<Boolean> ACTIVE = field(name("active"), SQLDataType.BOOLEAN);
    static final Field<LocalDateTime> LAST_ASSIGNED = field(name("last_assigned_at"), SQLDataType.LOCALDATETIME);
    static final Field<LocalDateTime> CREATED = field(name("created_at"), SQLDataType.LOCALDATETIME);
    static final Field<String> USER_ID = field(name("user_id"), SQLDataType.VARCHAR);
    static final Field<String> ROLE = field(name("role"), SQLDataType.VARCHAR);

    private final SQLDialect dialect;

    public UserStore(SQLDialect dialect) {
        this.dialect = dialect;
    }

    private DSLContext sql(Connection c) {
        return DSL.using(c, dialect);
    }

    public User insert(Connection c, String username, String displayName, String passwordHash, Set<String> roles) {
        return insert(c, username, displayName, null, passwordHash, roles);
    }

    public User insert(Connection c, String username, String displayName, String email, String passwordHash,
                       Set<String> roles) {
        String id = UUID.randomUUID().toString();
        sql(c).insertInto(table(name("users")), ID, USERNAME, DISPLAY_NAME, EMAIL, HASH, ACTIVE, CREATED)
                .values(id, username, displayName, email, passwordHash, true, LocalDateTime.now(ZoneOffset.UTC)).execute();
        for (String role : roles) {
            sql(c).insertInto(table(name("user_role")), USER_ID, ROLE).values(id, role).execute();
        }
        return new User(id, username, displayName, new TreeSet<>(roles), true, email);
    }

    public Optional<User> findByUsername(Connection c, String username) {
        return sql(c).select(ID, USERNAME, DISPLAY_NAME, ACTIVE, EMAIL).from(table(name("users")))
                .where(USERNAME.eq(username)).fetchOptional().map(r -> user(c, r));
    }

    public Optional<User> findById(Connection c, String id) {
        return sql(c).select(ID, USERNAME, DISPLAY_NAME, ACTIVE, EMAIL).from(table(name("users")))
                .where(ID.eq(id)).fetchOptional().map(r -> user(c, r));
    }

    public Optional<String> passwordHash(Connection c, String username) {
        return sql(c).select(HASH).from(table(name("users"))).where(USERNAME.eq(username)).and(ACTIVE.isTrue())
                .fetchOptional(HASH);
    }

    public List<User> all(Connection c) {
        return sql(c).select(ID, USERNAME, DISPLAY_NAME, ACTIVE, EMAIL).from(table(name("users"))).orderBy(USERNAME)
                .fetch(r -> user(c, r));
    }

    /** Display names by username, in one query: the names a card shows beside its entries. */
    public Map<String, String> displayNames(Connection c, Collection<String> usernames) {
        return usernames.isEmpty() ? Map.of() : sql(c).select(USERNAME, DISPLAY_NAME).from(table(name("users")))
                .where(USERNAME.in(usernames)).fetchMap(USERNAME, DISPLAY_NAME);
    }

    /** The address of an active user, if they have one: where their reminders are mailed. */
    public Optional<String> emailOf(Connection c, String username) {
        return sql(c).select(EMAIL).from(table(name("users"))).where(USERNAME.eq(username)).and(ACTIVE.isTrue())
                .fetchOptional(EMAIL);
    }

    /**
     * Changes what is not null and answers the user as now stored; {@code email} null leaves the
     * address, an empty optional removes it.
     */
    public User update(Connection c, String id, String displayName, Set<String> roles, Boolean active,
                       Optional<String> email) {
        if (email != null) {
            sql(c).update(table(name("users"))).set(EMAIL, email.orElse(null)).where(ID.eq(id)).execute();
        }
        if (displayName != null) {
            sql(c).update(table(name("users"))).set(DISPLAY_NAME, displayName).where(ID.eq(id)).execute();
        }
        if (active != null) {
            sql(c).update(table(name("users"))).set(ACTIVE, active).where(ID.eq(id)).execute();
        }
        if (roles != null) {
            sql(c).deleteFrom(table(name("user_role"))).where(USER_ID.eq(id)).execute();
            for (String role : roles) {
                sql(c).insertInto(table(name("user_role")), USER_ID, ROLE).values(id, role).execute();
            }
        }
        return findById(c, id).orElseThrow();
    }

    public void setPasswordHash(Connection c, String id, String passwordHash) {
        sql(c).update(table(name("users"))).set(HASH, passwordHash).where(ID.eq(id)).execute();
    }

    /** Active users holding the admin role, counted under row locks so two demotions cannot both pass. */
    public int activeAdmins(Connection c) {
        return sql(c).select(ID).from(table(name("users"))).where(ACTIVE.isTrue())
                .and(ID.in(DSL.select(USER_ID).from(table(name("user_role"))).where(ROLE.eq(User.ADMIN))))
                .forUpdate().fetch().size();
    }

    public boolean exists(Connection c, String username) {
        return sql(c).fetchExists(table(name("users")), USERNAME.eq(username));
    }

    public int count(Connection c) {
        return sql(c).fetchCount(table(name("users")));
    }

    /**
     * Picks the active holder of {@code role} who was handed work longest ago (never first) and
     * stamps them, under row locks, so two nodes assigning at once do not pick the same person.
     */
    public Optional<String> nextInRotation(Connection c, String role) {
        DSLContext sql = sql(c);
        var candidates = sql.select(ID, USERNAME, LAST_ASSIGNED).from(table(name("users")))
                .where(ACTIVE.isTrue())
                .and(ID.in(DSL.select(USER_ID).from(table(name("user_role"))).where(ROLE.eq(role))))
                .orderBy(LAST_ASSIGNED.asc().nullsFirst(), USERNAME.asc())
                .forUpdate().fetch();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        var next = candidates.getFirst();
        sql.update(table(name("users"))).set(LAST_ASSIGNED, LocalDateTime.now(ZoneOffset.UTC))
                .where(ID.eq(next.get(ID))).execute();
        return Optional.of(next.get(USERNAME));
    }

    /**
     * The active users of a role in rotation order (longest since their last assignment first),
     * locked until the caller's transaction ends, so concurrent picks on several nodes queue.
     */
    public List<String> rotation(Connection c, String role) {
        return sql(c).select(ID, USERNAME, LAST_ASSIGNED).from(table(name("users")))
                .where(ACTIVE.isTrue())
                .and(ID.in(DSL.select(USER_ID).from(table(name("user_role"))).where(ROLE.eq(role))))
                .orderBy(LAST_ASSIGNED.asc().nullsFirst(), USERNAME.asc())
                .forUpdate().fetch(USERNAME);
    }

    /** Moves a user to the end of the rotation. */
    public void markAssigned(Connection c, String username) {
        sql(c).update(table(name("users"))).set(LAST_ASSIGNED, LocalDateTime.now(ZoneOffset.UTC))
                .where(USERNAME.eq(username)).execute();
    }

    private User user(Connection c, Record r) {
        Set<String> roles = new TreeSet<>(sql(c).select(ROLE).from(table(name("user_role")))
                .where(USER_ID.eq(r.get(ID))).fetch(ROLE));
        return new User(r.get(ID), r.get(USERNAME), r.get(DISPLAY_NAME), roles, Boolean.TRUE.equals(r.get(ACTIVE)),
                r.get(EMAIL));
    }
}
