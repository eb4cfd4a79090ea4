package io.voronka.kernel.storage;

import java.sql.SQLException;
import java.util.Locale;
import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * jOOQ over a Java migration's connection, in the dialect of the database Flyway migrates. Kept
 * outside every migration location: Flyway finds migrations by scanning those packages.
 */
public final class MigrationSql {

    private MigrationSql() {
    }

    public static DSLContext of(Context context) throws SQLException {
        String product = context.getConnection().getMetaData().getDatabaseProductName();
        SQLDialect dialect = product.toLowerCase(Locale.ROOT).contains("h2") ? SQLDialect.H2 : SQLDialect.MARIADB;
        return DSL.using(context.getConnection(), dialect);
    }
}
