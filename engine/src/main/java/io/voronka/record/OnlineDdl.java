package io.voronka.record;

import static org.jooq.impl.DSL.name;

import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Name;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to a populated entity table that do not stop its writers. On MariaDB, jOOQ renders a
 * plain {@code ALTER TABLE ... ADD} and {@code CREATE INDEX}, which MariaDB may run as a table
 * copy holding writers for the whole copy; we add the clause that asks for the online way and say
 * so if the server cannot: a column is added {@code ALGORITHM=INSTANT} (metadata only, since
 * MariaDB 10.4 at any position), falling back to {@code ALGORITHM=INPLACE, LOCK=NONE}; an index is
 * built {@code ALGORITHM=INPLACE LOCK=NONE} (writers go on while it is built; only its start and
 * end take a brief metadata lock). H2 runs the plain statements in its exclusive mode, which pauses
 * other connections while it rebuilds the table (without it, rows written meanwhile are lost).
 * Identifiers come from the schema registry only.
 */
final class OnlineDdl {

    private static final Logger LOG = LoggerFactory.getLogger(OnlineDdl.class);

    private final Consumer<String> issued;

    /** {@code issued} hears every statement as sent (tests check what reached the server). */
    OnlineDdl(Consumer<String> issued) {
        this.issued = issued;
    }

    void addColumn(DSLContext sql, String table, String column, DataType<?> type) {
        String plain = sql.alterTable(name(table)).add(name(column), type).getSQL(ParamType.INLINED);
        if (!mariaDb(sql)) {
            run(sql, plain);
            return;
        }
        try {
            run(sql, plain + ", ALGORITHM=INSTANT");
        } catch (DataAccessException instantRefused) {
            if (lockTimeout(instantRefused)) {
                throw instantRefused;
            }
            LOG.info("MariaDB cannot add {}.{} instantly ({}); adding it in place without locking writers",
                    table, column, instantRefused.getMessage());
            run(sql, plain + ", ALGORITHM=INPLACE, LOCK=NONE");
        }
    }

    void createIndex(DSLContext sql, String index, String table, boolean unique, String... columns) {
        Name[] names = java.util.Arrays.stream(columns).map(org.jooq.impl.DSL::name).toArray(Name[]::new);
        String plain = (unique ? sql.createUniqueIndex(index) : sql.createIndex(index)).on(name(table), names)
                .getSQL(ParamType.INLINED);
        run(sql, mariaDb(sql) ? plain + " ALGORITHM=INPLACE LOCK=NONE" : plain);
    }

    /** MariaDB's DROP INDEX takes no algorithm clause; its ALTER TABLE form does. */
    void dropIndex(DSLContext sql, String index, String table) {
        if (mariaDb(sql)) {
            run(sql, "alter table " + sql.render(name(table)) + " drop index " + sql.render(name(index))
                    + ", ALGORITHM=INPLACE, LOCK=NONE");
        } else {
            run(sql, sql.dropIndex(index).on(name(table)).getSQL(ParamType.INLINED));
        }
    }

    /**
     * Runs one statement, trying again while another transaction holds the table. MariaDB: even an
     * instant change needs the table's metadata lock for a moment, and while it waits for a long
     * transaction every new writer queues behind it; so the wait is cut to a second
     * ({@code lock_wait_timeout}), the queue drains, and we try again. H2 rebuilds a table to add a
     * column, and a row another connection writes meanwhile goes into the old copy and is lost
     * (found by OnlineSchemaChangeTest): its exclusive mode pauses the others, and a writer paused
     * inside its transaction makes the statement time out on the lock, so the others run on for a
     * moment (finishing that transaction) and we try again.
     */
    private void run(DSLContext sql, String statement) {
        issued.accept(statement);
        boolean maria = mariaDb(sql);
        if (maria) {
            sql.execute("SET SESSION lock_wait_timeout = " + MARIADB_LOCK_WAIT_SECONDS);
        }
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    if (maria) {
                        sql.execute(statement);
                    } else {
                        exclusively(sql, statement);
                    }
                    return;
                } catch (DataAccessException e) {
                    if (!lockTimeout(e) || attempt == ATTEMPTS) {
                        throw e;
                    }
                    LOG.info("another transaction holds the table; {} waits and tries again (attempt {})", statement, attempt);
                }
                pause(attempt);
            }
        } finally {
            if (maria) {
                sql.execute("SET SESSION lock_wait_timeout = DEFAULT");
            }
        }
    }

    /**
     * H2: the statement alone, other sessions paused. A session paused inside a transaction that
     * holds the table cannot finish while we wait for it, so the wait for the table is cut to
     * {@value #H2_LOCK_WAIT_MILLIS} ms (H2's default is 2 s, and everyone stood still for each failed
     * attempt: writers stalled 9.7 s at 100,000 contacts); the caller lets them run and tries again.
     */
    private static void exclusively(DSLContext sql, String statement) {
        Object lockTimeout = sql.fetchValue("CALL LOCK_TIMEOUT()");
        sql.execute("SET LOCK_TIMEOUT " + H2_LOCK_WAIT_MILLIS);
        sql.execute("SET EXCLUSIVE 1");
        try {
            sql.execute(statement);
        } finally {
            sql.execute("SET EXCLUSIVE 0");
            sql.execute("SET LOCK_TIMEOUT " + ((Number) lockTimeout).intValue());
        }
    }

    static final int H2_LOCK_WAIT_MILLIS = 100;

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(1000L, 50L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to change the schema", e);
        }
    }

    /** Attempts before giving up: a transaction holding the table for about a minute defeats the change. */
    private static final int ATTEMPTS = 40;
    static final int MARIADB_LOCK_WAIT_SECONDS = 1;

    /** H2's "Timeout trying to lock table" (50200); MariaDB's "Lock wait timeout exceeded" (1205). */
    private static boolean lockTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && (sql.getErrorCode() == 50200 || sql.getErrorCode() == 1205)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mariaDb(DSLContext sql) {
        return sql.dialect().family() == SQLDialect.MARIADB || sql.dialect().family() == SQLDialect.MYSQL;
    }
}
