package io.voronka.kernel.storage.migration;

import static org.jooq.impl.SQLDataType.VARCHAR;

import io.voronka.kernel.storage.MigrationSql;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;

/**
 * Users may have an email address (optional; at most 254 characters, RFC 5321's path limit): where
 * reminders are mailed when the node has email configured. The users table is the kernel's, so its
 * column is too.
 */
public class V14__user_email extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);
        sql.alterTable("users").add("email", VARCHAR(254).null_()).execute();
    }
}
