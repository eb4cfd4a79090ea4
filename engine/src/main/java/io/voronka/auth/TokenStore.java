package io.voronka.auth;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Sign-in tokens, one per session. Only a SHA-256 of each token is stored, so a copy of the
 * database signs nobody in; tokens live in the shared database, so any node of a cluster accepts
 * them. A token ends at its absolute lifetime or after sitting unused for the idle timeout; a
 * session has its own id so its owner can revoke it without knowing the token.
 */
public final class TokenStore {

    private static final Table<Record> TOKENS = table(name("auth_token"));
    private static final Field<String> HASH = field(name("token_hash"), SQLDataType.VARCHAR);
    private static final Field<String> SESSION = field(name("session_id"), SQLDataType.VARCHAR);
    private static final Field<String> USER_ID = field(name("user_id"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> CREATED = field(name("created_at"), SQLDataType.LOCALDATETIME);
    private static final Field<LocalDateTime> EXPIRES = field(name("expires_at"), SQLDataType.LOCALDATETIME);
    private static final Field<LocalDateTime> LAST_USED = field(name("last_used_at"), SQLDataType.LOCALDATETIME);
    private static final Field<String> ADDRESS = field(name("client_address"), SQLDataType.VARCHAR);
    private static final Field<String> USER_AGENT = field(name("user_agent"), SQLDataType.VARCHAR);
    // Writing last use on every request would cost a write per call; a minute is precise enough.
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A session as its owner sees it. */
    public record Session(String id, LocalDateTime createdAt, LocalDateTime lastUsedAt, LocalDateTime expiresAt,
                          String address, String userAgent, boolean current) {
    }

    /** Whose a token is, which session it opened, and until when it is good for certain (unless revoked). */
    public record Holder(String userId, String sessionId, LocalDateTime goodUntil) {
    }

    public record Issued(String token, String sessionId) {
    }

    private final SQLDialect dialect;
    private final Duration lifetime;
    private final Duration idle;
    private final Clock clock;

    public TokenStore(SQLDialect dialect, Duration lifetime, Duration idle, Clock clock) {
        this.dialect = dialect;
        this.lifetime = lifetime;
        this.idle = idle;
        this.clock = clock;
    }

    public Issued issue(Connection c, String userId, String address, String userAgent) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String session = UUID.randomUUID().toString();
        LocalDateTime now = now();
        sql(c).insertInto(TOKENS, HASH, SESSION, USER_ID, CREATED, EXPIRES, LAST_USED, ADDRESS, USER_AGENT)
                .values(hash(token), session, userId, now, now.plus(lifetime), now, clip(address, 64), clip(userAgent, 255))
                .execute();
        return new Issued(token, session);
    }

    /** Revokes a user's oldest sessions beyond {@code keep}; answers how many went. */
    public int keepNewest(Connection c, String userId, int keep) {
        List<String> stale = sql(c).select(SESSION).from(TOKENS).where(USER_ID.eq(userId))
                .orderBy(CREATED.desc(), SESSION.desc()).offset(keep).fetch(SESSION);
        return stale.isEmpty() ? 0 : sql(c).deleteFrom(TOKENS).where(SESSION.in(stale)).execute();
    }

    /** The holder of a live token, noting that it was used. */
    public Optional<Holder> holderOf(Connection c, String token) {
        return holderOf(c, token, true);
    }

    /**
     * The holder of a live token; {@code use} false checks it without counting as use, for
     * background checks (a console's open live stream) that must not keep an idle session alive.
     */
    public Optional<Holder> holderOf(Connection c, String token, boolean use) {
        LocalDateTime now = now();
        Record row = sql(c).select(USER_ID, SESSION, LAST_USED, EXPIRES).from(TOKENS)
                .where(HASH.eq(hash(token))).and(EXPIRES.gt(now)).and(LAST_USED.gt(now.minus(idle)))
                .fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        LocalDateTime lastUsed = row.get(LAST_USED);
        if (use && lastUsed.plus(TOUCH_EVERY).isBefore(now)) {
            sql(c).update(TOKENS).set(LAST_USED, now).where(SESSION.eq(row.get(SESSION))).execute();
            lastUsed = now;
        }
        return Optional.of(new Holder(row.get(USER_ID), row.get(SESSION), earlier(row.get(EXPIRES), lastUsed.plus(idle))));
    }

    public List<Session> sessionsOf(Connection c, String userId, String currentToken) {
        LocalDateTime now = now();
        String current = currentToken == null ? "" : hash(currentToken);
        return sql(c).select(SESSION, CREATED, LAST_USED, EXPIRES, ADDRESS, USER_AGENT, HASH).from(TOKENS)
                .where(USER_ID.eq(userId)).and(EXPIRES.gt(now)).and(LAST_USED.gt(now.minus(idle)))
                .orderBy(CREATED.desc()).fetch(r -> new Session(r.get(SESSION), r.get(CREATED), r.get(LAST_USED),
                        earlier(r.get(EXPIRES), r.get(LAST_USED).plus(idle)), r.get(ADDRESS), r.get(USER_AGENT),
                        r.get(HASH).equals(current)));
    }

    /** Revokes one of the user's sessions; false when the user has no such session. */
    public boolean revokeSession(Connection c, String userId, String sessionId) {
        return sql(c).deleteFrom(TOKENS).where(SESSION.eq(sessionId)).and(USER_ID.eq(userId)).execute() == 1;
    }

    /** Revokes every session of the user but the one of {@code token}. */
    public void revokeAllBut(Connection c, String userId, String token) {
        sql(c).deleteFrom(TOKENS).where(USER_ID.eq(userId)).and(HASH.ne(hash(token == null ? "" : token))).execute();
    }

    public void revoke(Connection c, String token) {
        sql(c).deleteFrom(TOKENS).where(HASH.eq(hash(token))).execute();
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock);
    }

    private DSLContext sql(Connection c) {
        return DSL.using(c, dialect);
    }

    private static LocalDateTime earlier(LocalDateTime a, LocalDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    private static String clip(String text, int max) {
        if (text == null) {
            return null;
        }
        // Plain ASCII only: a user agent is shown back and stored in any collation.
        String ascii = text.replaceAll("[^\\x20-\\x7e]", "?");
        return ascii.length() <= max ? ascii : ascii.substring(0, max);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
