package io.voronka.record;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.name;

import java.util.List;
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
 * end take a brief metadata lock).
 *
 * <p>H2 copies the whole table to add a column, and builds an index with the table locked; on a
 * table of {@link #shadowFromRows} rows or more (at 100,000 contacts writers stood still for 9 s,
 * at a million for minutes) everything one pass asks of the table (its {@link Change}) is made on a
 * shadow table instead, filled while writers go on and swapped in at the end ({@link ShadowRebuild}).
 * A smaller table gets the plain statements in H2's exclusive mode, which pauses other connections
 * for the moment it takes (without it, rows written meanwhile are lost).
 * Identifiers come from the schema registry only.
 */
final class OnlineDdl {

    private static final Logger LOG = LoggerFactory.getLogger(OnlineDdl.class);

    /** Below this many rows H2 changes a table in place: quicker than a shadow, and its pause is short. */
    static final int SHADOW_FROM_ROWS = 20_000;

    private final Consumer<String> issued;
    private final int shadowFromRows;

    /** {@code issued} hears every statement as sent (tests check what reached the server). */
    OnlineDdl(Consumer<String> issued) {
        this(issued, SHADOW_FROM_ROWS);
    }

    /** {@code shadowFromRows}: the H2 table size from which changes go through a shadow table (tests lower it). */
    OnlineDdl(Consumer<String> issued, int shadowFromRows) {
        this.issued = issued;
        this.shadowFromRows = shadowFromRows;
    }

    /** Starts one pass of changes to {@code table}; {@link Change#finish} makes those that were deferred. */
    Change change(DSLContext sql, String table) {
        return new Change(sql, table);
    }

    /**
     * On H2, finishes or undoes a rebuild of {@code table} an earlier run left halfway (a crash, a
     * kill): its shadow and trigger are dropped, or its swap completed. Nothing on MariaDB.
     */
    void recover(DSLContext sql, String table) {
        if (mariaDb(sql)) {
            return;
        }
        sql.connection(connection -> {
            if (ShadowRebuild.interrupted(connection, table)) {
                LOG.warn("an interrupted change of {} was left behind; tidying it up", table);
                whenFree(sql, connection, "tidy up " + table, List.of(table, ShadowRebuild.shadowOf(table),
                        ShadowRebuild.oldOf(table)), () -> ShadowRebuild.recover(connection, table));
            }
        });
    }

    /**
     * What one pass asks of one table. On MariaDB and on a small H2 table each statement runs as it
     * is asked; on a large H2 table columns, indexes and keys wait for {@link #finish} and are made
     * together on one shadow.
     */
    final class Change {
        private final DSLContext sql;
        private final String table;
        private final java.util.Set<String> added = new java.util.HashSet<>();
        private ShadowRebuild shadow;
        private Boolean large;

        private Change(DSLContext sql, String table) {
            this.sql = sql;
            this.table = table;
        }

        void addColumn(String column, DataType<?> type) {
            added.add(column);
            if (shadowed()) {
                shadow.change(sql.alterTable(name(shadow.shadow())).add(name(column), type).getSQL(ParamType.INLINED));
            } else {
                OnlineDdl.this.addColumn(sql, table, column, type);
            }
        }

        /** Whether this pass added {@code column}: it holds no values yet. */
        boolean adds(String column) {
            return added.contains(column);
        }

        void createIndex(String index, boolean unique, String... columns) {
            if (shadowed()) {
                Name[] names = java.util.Arrays.stream(columns).map(org.jooq.impl.DSL::name).toArray(Name[]::new);
                String name = ShadowRebuild.temporary(index);
                shadow.change((unique ? sql.createUniqueIndex(name) : sql.createIndex(name)).on(name(shadow.shadow()), names)
                        .getSQL(ParamType.INLINED));
            } else {
                OnlineDdl.this.createIndex(sql, index, table, unique, columns);
            }
        }

        /**
         * An index MariaDB gets as plain {@code CREATE INDEX} (a sort or rollup index, as they always
         * were): on a large H2 table it is built on the shadow like the others.
         */
        void createPlainIndex(String index, String... columns) {
            if (shadowed()) {
                createIndex(index, false, columns);
            } else {
                Name[] names = java.util.Arrays.stream(columns).map(org.jooq.impl.DSL::name).toArray(Name[]::new);
                sql.createIndex(index).on(name(table), names).execute();
            }
        }

        /** Dropped at once, also on H2: the shadow is made later, from the table as it then is. */
        void dropIndex(String index) {
            OnlineDdl.this.dropIndex(sql, index, table);
        }

        void addForeignKey(String constraint, String column, String target) {
            if (shadowed()) {
                shadow.change(sql.alterTable(name(shadow.shadow())).add(constraint(ShadowRebuild.temporary(constraint))
                        .foreignKey(name(column)).references(name(target.equals(table) ? shadow.shadow() : target), name("id")))
                        .getSQL(ParamType.INLINED));
            } else {
                sql.alterTable(name(table)).add(constraint(constraint).foreignKey(name(column))
                        .references(name(target), name("id"))).execute();
            }
        }

        /** Makes what was deferred to the shadow, if anything was. */
        void finish() {
            if (shadow == null || shadow.isEmpty()) {
                return;
            }
            LOG.info("changing {} through a shadow table: writers go on meanwhile", table);
            sql.connection(connection -> shadow.run(connection,
                    (what, tables, step) -> whenFree(sql, connection, what, tables, step)));
        }

        private boolean shadowed() {
            if (large == null) {
                large = !mariaDb(sql) && sql.fetchCount(org.jooq.impl.DSL.table(name(table))) >= shadowFromRows;
                if (large) {
                    shadow = new ShadowRebuild(table, issued);
                }
            }
            return large;
        }
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
            withRetries(sql, statement, maria ? () -> sql.execute(statement)
                    : () -> exclusively(sql, () -> sql.execute(statement)));
        } finally {
            if (maria) {
                sql.execute("SET SESSION lock_wait_timeout = DEFAULT");
            }
        }
    }

    /**
     * H2: a brief step of a shadow rebuild, run exclusively at a moment no other session holds
     * {@code tables}. The moment is watched for without pausing anyone (a paused writer sleeps in
     * steps of 100 ms, so frequent exclusive tries would stall writers: 4.1 s under four writers);
     * the exclusive try comes when the tables are free and checks again once the others are paused.
     * Writers that keep the tables busy every moment (back-to-back transactions) leave no such moment:
     * then one try in {@value #FORCED_TRY_EVERY} pauses them anyway, which catches them between
     * statements of no transaction often enough.
     */
    private static void whenFree(DSLContext sql, java.sql.Connection connection, String what, List<String> tables,
                                 ShadowRebuild.Step step) {
        long deadline = System.nanoTime() + FREE_WAIT_NANOS;
        for (int attempt = 1; ; attempt++) {
            try {
                if (attempt % FORCED_TRY_EVERY != 0) {
                    ShadowRebuild.refuseIfHeld(connection, tables);
                }
                exclusively(sql, () -> {
                    ShadowRebuild.refuseIfHeld(connection, tables);
                    step.run();
                });
                return;
            } catch (java.sql.SQLException | DataAccessException e) {
                if (!lockTimeout(e) || System.nanoTime() > deadline) {
                    throw e instanceof DataAccessException d ? d : new DataAccessException(e.getMessage(), e);
                }
                if (attempt % 500 == 0) {
                    LOG.info("other transactions keep the table; {} waits for a free moment (attempt {})", what, attempt);
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to change the schema", e);
            }
        }
    }

    static final int FORCED_TRY_EVERY = 40;

    /** How long a shadow step waits for a moment the tables are free: other transactions holding them for 30 s defeat it. */
    private static final long FREE_WAIT_NANOS = 30_000_000_000L;

    private static void withRetries(DSLContext sql, String what, Runnable work) {
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                return;
            } catch (DataAccessException e) {
                if (!lockTimeout(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.info("another transaction holds the table; {} waits and tries again (attempt {})", what, attempt);
            }
            pause(attempt);
        }
    }

    /**
     * H2: the work alone, other sessions paused. A session paused inside a transaction that
     * holds the table cannot finish while we wait for it, so the wait for the table is cut to
     * {@value #H2_LOCK_WAIT_MILLIS} ms (H2's default is 2 s, and everyone stood still for each failed
     * attempt: writers stalled 9.7 s at 100,000 contacts); the caller lets them run and tries again.
     */
    private static void exclusively(DSLContext sql, ShadowRebuild.Step work) {
        Object lockTimeout = sql.fetchValue("CALL LOCK_TIMEOUT()");
        sql.execute("SET LOCK_TIMEOUT " + H2_LOCK_WAIT_MILLIS);
        sql.execute("SET EXCLUSIVE 1");
        try {
            work.run();
        } catch (java.sql.SQLException e) {
            throw new DataAccessException(e.getMessage(), e);
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
    static final int ATTEMPTS = 40;
    static final int MARIADB_LOCK_WAIT_SECONDS = 1;
    static final int H2_LOCK_TIMEOUT = 50200;

    /** H2's "Timeout trying to lock table" (50200); MariaDB's "Lock wait timeout exceeded" (1205). */
    static boolean lockTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && (sql.getErrorCode() == H2_LOCK_TIMEOUT || sql.getErrorCode() == 1205)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mariaDb(DSLContext sql) {
        return sql.dialect().family() == SQLDialect.MARIADB || sql.dialect().family() == SQLDialect.MYSQL;
    }
}
