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

    void dropIndex(DSLContext sql, String index, String table) {
        String plain = sql.dropIndex(index).on(name(table)).getSQL(ParamType.INLINED);
        run(sql, mariaDb(sql) ? plain + " ALGORITHM=INPLACE LOCK=NONE" : plain);
    }

    private void run(DSLContext sql, String statement) {
        issued.accept(statement);
        if (mariaDb(sql)) {
            sql.execute(statement);
            return;
        }
        // H2 rebuilds a table to add a column; a row another connection writes meanwhile goes into the
        // old copy and is lost (found by OnlineSchemaChangeTest). Exclusive mode pauses the others.
        sql.execute("SET EXCLUSIVE 1");
        try {
            sql.execute(statement);
        } finally {
            sql.execute("SET EXCLUSIVE 0");
        }
    }

    private static boolean mariaDb(DSLContext sql) {
        return sql.dialect().family() == SQLDialect.MARIADB || sql.dialect().family() == SQLDialect.MYSQL;
    }
}
