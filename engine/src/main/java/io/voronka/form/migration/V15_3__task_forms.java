package io.voronka.form.migration;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.SQLDataType.BOOLEAN;
import static org.jooq.impl.SQLDataType.CLOB;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.LOCALDATETIME;
import static org.jooq.impl.SQLDataType.VARCHAR;

import io.voronka.kernel.storage.MigrationSql;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;

/**
 * Task forms live in the database like entity definitions, every version kept: a form an admin
 * changes on one node is read by every other node from here. {@code origin} tells a version from a
 * file ({@code file forms/tasks/x.json}) from one made through the API; {@code deleted} marks the
 * version that removed the form (rows are never deleted, so their count is the catalog's generation).
 */
public class V15_3__task_forms extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);

        sql.createTable("task_form")
                .column("form_key", VARCHAR(60).notNull())
                .column("version", INTEGER.notNull())
                .column("definition", CLOB.notNull())
                .column("checksum", VARCHAR(64).notNull())
                .column("origin", VARCHAR(300).notNull())
                .column("deleted", BOOLEAN.notNull())
                .column("changed_by", VARCHAR(100).notNull())
                .column("changed_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_task_form").primaryKey("form_key", "version"))
                .execute();
    }
}
