package io.voronka.process.migration;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.SQLDataType.BIGINT;
import static org.jooq.impl.SQLDataType.CLOB;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.LOCALDATETIME;
import static org.jooq.impl.SQLDataType.VARCHAR;

import io.voronka.kernel.storage.MigrationSql;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;

/**
 * What process triggers and the inbox keep beside Flowable's tables: the next tick of each
 * schedule (claimed by one node with a compare-and-set), inbound webhooks' token hashes and the
 * receipts that make a replay start nothing, bulk start jobs with their progress, and which
 * due-task reminders went out.
 */
public class V13__process_triggers_and_inbox extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);

        sql.createTable("process_schedule")
                .column("process_key", VARCHAR(255).notNull())
                .column("next_at", LOCALDATETIME(3).notNull())
                .column("every_ms", BIGINT.notNull())
                .constraints(constraint("pk_process_schedule").primaryKey("process_key"))
                .execute();

        sql.createTable("process_hook")
                .column("hook_key", VARCHAR(64).notNull())
                .column("token_sha256", VARCHAR(64).notNull())
                .column("created_by", VARCHAR(100).notNull())
                .column("created_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_process_hook").primaryKey("hook_key"))
                .execute();

        sql.createTable("process_hook_receipt")
                .column("hook_key", VARCHAR(64).notNull())
                .column("idempotency_key", VARCHAR(64).notNull())
                .column("process_instance_id", VARCHAR(64).notNull())
                .column("received_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_process_hook_receipt").primaryKey("hook_key", "idempotency_key"))
                .execute();

        sql.createTable("process_start_job")
                .column("id", VARCHAR(36).notNull())
                .column("actor", VARCHAR(100).notNull())
                .column("entity", VARCHAR(64).notNull())
                .column("process_key", VARCHAR(255).notNull())
                .column("state", VARCHAR(16).notNull())
                .column("total", INTEGER.notNull())
                .column("done", INTEGER.notNull())
                .column("failed", INTEGER.notNull())
                .column("errors", CLOB.null_())
                .column("created_at", LOCALDATETIME(3).notNull())
                .column("updated_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_process_start_job").primaryKey("id"))
                .execute();

        sql.createTable("task_reminder")
                .column("task_id", VARCHAR(64).notNull())
                .column("kind", VARCHAR(16).notNull())
                .column("sent_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_task_reminder").primaryKey("task_id", "kind"))
                .execute();
    }
}
