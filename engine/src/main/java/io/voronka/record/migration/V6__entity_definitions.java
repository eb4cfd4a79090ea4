package io.voronka.record.migration;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.SQLDataType.CLOB;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.LOCALDATETIME;
import static org.jooq.impl.SQLDataType.VARCHAR;

import io.voronka.kernel.storage.MigrationSql;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;

/**
 * Entity definitions live in the database, every version kept: a change made on one node is read
 * by every other node from here. {@code origin} says whether a version came from a file at start
 * (with its path) or from the API, so a start can tell a changed file from an unchanged one.
 */
public class V6__entity_definitions extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);

        sql.createTable("entity_definition")
                .column("name", VARCHAR(40).notNull())
                .column("version", INTEGER.notNull())
                .column("definition", CLOB.notNull())
                .column("checksum", VARCHAR(64).notNull())
                .column("origin", VARCHAR(300).notNull())
                .column("changed_by", VARCHAR(100).notNull())
                .column("changed_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_entity_definition").primaryKey("name", "version"))
                .execute();
    }
}
