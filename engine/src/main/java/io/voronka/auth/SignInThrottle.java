package io.voronka.auth;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.config.AuthSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Counts failed sign-ins per account and per client address in the shared database, so every node
 * and a restart see the same counts. Too many failures in the window lock the subject for a while;
 * each further lock lasts twice as long, up to a ceiling, and a day without failures forgets the
 * history. A lock always ends: an attacker can slow the admin down, never shut them out for good.
 */
final class SignInThrottle {

    private static final Table<Record> THROTTLE = table(name("sign_in_throttle"));
    private static final Field<String> SUBJECT = field(name("subject"), SQLDataType.VARCHAR);
    private static final Field<Integer> FAILURES = field(name("failures"), SQLDataType.INTEGER);
    private static final Field<LocalDateTime> WINDOW = field(name("window_started_at"), SQLDataType.LOCALDATETIME);
    private static final Field<LocalDateTime> LOCKED_UNTIL = field(name("locked_until"), SQLDataType.LOCALDATETIME);
    private static final Field<Integer> LOCKOUTS = field(name("lockouts"), SQLDataType.INTEGER);
    private static final Field<LocalDateTime> UPDATED = field(name("updated_at"), SQLDataType.LOCALDATETIME);
    private static final Duration MEMORY = Duration.ofDays(1);

    private final SQLDialect dialect;
    private final AuthSettings settings;
    private final Clock clock;

    SignInThrottle(SQLDialect dialect, AuthSettings settings, Clock clock) {
        this.dialect = dialect;
        this.settings = settings;
        this.clock = clock;
    }

    static String account(String username) {
        return "account:" + sha256(username.toLowerCase(Locale.ROOT));
    }

    static String address(String address) {
        return "address:" + sha256(address == null ? "unknown" : address);
    }

    /** How long until the latest lock on any of the subjects ends, if one is in force. */
    Optional<Duration> lockedFor(Connection c, String... subjects) {
        LocalDateTime now = now();
        return sql(c).select(DSL.max(LOCKED_UNTIL)).from(THROTTLE)
                .where(SUBJECT.in(subjects)).and(LOCKED_UNTIL.gt(now))
                .fetchOptional(0, LocalDateTime.class)
                .map(until -> Duration.between(now, until));
    }

    /** Counts a failure; the one that reaches the limit starts a lock. */
    void failed(Connection c, String subject, int limit) {
        LocalDateTime now = now();
        DSLContext sql = sql(c);
        Record row = current(sql, subject);
        if (row == null) {
            try {
                sql.insertInto(THROTTLE, SUBJECT, FAILURES, WINDOW, LOCKED_UNTIL, LOCKOUTS, UPDATED)
                        .values(subject, 1, now, null, 0, now).execute();
                return;
            } catch (IntegrityConstraintViolationException raced) {
                row = current(sql, subject);
            }
        }
        boolean forgotten = row.get(UPDATED).plus(MEMORY).isBefore(now);
        boolean windowOver = row.get(WINDOW).plus(settings.failureWindow()).isBefore(now);
        int lockouts = forgotten ? 0 : row.get(LOCKOUTS);
        int failures = (windowOver ? 0 : row.get(FAILURES)) + 1;
        LocalDateTime window = windowOver ? now : row.get(WINDOW);
        LocalDateTime lockedUntil = row.get(LOCKED_UNTIL);
        if (failures >= limit) {
            lockouts++;
            lockedUntil = now.plus(lockDuration(lockouts));
            failures = 0;
            window = now;
        }
        sql.update(THROTTLE).set(FAILURES, failures).set(WINDOW, window).set(LOCKED_UNTIL, lockedUntil)
                .set(LOCKOUTS, lockouts).set(UPDATED, now).where(SUBJECT.eq(subject)).execute();
    }

    private static Record current(DSLContext sql, String subject) {
        return sql.select(FAILURES, WINDOW, LOCKED_UNTIL, LOCKOUTS, UPDATED).from(THROTTLE)
                .where(SUBJECT.eq(subject)).forUpdate().fetchOne();
    }

    /** A right password clears the account's count; the address keeps its own, or one good account would reset it. */
    void succeeded(Connection c, String accountSubject) {
        sql(c).deleteFrom(THROTTLE).where(SUBJECT.eq(accountSubject)).execute();
    }

    Duration lockDuration(int lockouts) {
        Duration lock = settings.lockout().multipliedBy(1L << Math.min(lockouts - 1, 20));
        return lock.compareTo(settings.maxLockout()) > 0 ? settings.maxLockout() : lock;
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock);
    }

    private DSLContext sql(Connection c) {
        return DSL.using(c, dialect);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
