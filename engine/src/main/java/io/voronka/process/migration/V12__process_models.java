package io.voronka.process.migration;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.SQLDataType.BLOB;
import static org.jooq.impl.SQLDataType.CLOB;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.LOCALDATETIME;
import static org.jooq.impl.SQLDataType.VARCHAR;

import io.voronka.kernel.storage.MigrationSql;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;

/**
 * Process models as the designer saves them: every revision kept, the document as the exact bytes
 * received (a model from another modeler exports unchanged), never re-serialised. And the record
 * of every failed step an admin skipped: who, when and why.
 */
public class V12__process_models extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);

        sql.createTable("process_model")
                .column("id", VARCHAR(36).notNull())
                .column("revision", INTEGER.notNull())
                .column("process_key", VARCHAR(255).notNull())
                .column("name", VARCHAR(255))
                .column("document", BLOB.notNull())
                .column("findings", CLOB.notNull())
                .column("saved_by", VARCHAR(100).notNull())
                .column("saved_at", LOCALDATETIME(3).notNull())
                .column("deployed_definition", VARCHAR(64))
                .constraints(constraint("pk_process_model").primaryKey("id", "revision"))
                .execute();

        sql.createTable("process_step_skip")
                .column("id", VARCHAR(36).notNull())
                .column("incident_id", VARCHAR(300).notNull())
                .column("process_instance_id", VARCHAR(64))
                .column("activity_id", VARCHAR(255))
                .column("target_activity_id", VARCHAR(255))
                .column("error", CLOB)
                .column("reason", VARCHAR(1000).notNull())
                .column("skipped_by", VARCHAR(100).notNull())
                .column("skipped_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_process_step_skip").primaryKey("id"))
                .execute();
        sql.createIndex("ix_process_step_skip_instance").on("process_step_skip", "process_instance_id").execute();
    }
}
