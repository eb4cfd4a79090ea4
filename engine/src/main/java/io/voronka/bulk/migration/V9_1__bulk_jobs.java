package io.voronka.bulk.migration;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.name;
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
 * Mass actions as jobs that survive a crash. {@code bulk_job} holds what to do, as whom, its state
 * and two cursors: how far the selection was taken ({@code selected_after}, while a filter's
 * matches are written to {@code bulk_job_item}) and how far it was applied ({@code applied_after});
 * each batch moves its cursor in the transaction that does its work, so a killed node's job goes
 * on from the last commit, neither losing nor repeating a record. {@code runner} and
 * {@code lease_until} make one node at a time its runner. (Version 9.1: the records capability's
 * V9 and this one are one piece of work, issue 8's lists.)
 */
public class V9_1__bulk_jobs extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);

        sql.createTable("bulk_job")
                .column("id", VARCHAR(36).notNull())
                .column("owner", VARCHAR(100).notNull())
                .column("actor", CLOB.notNull())
                .column("entity", VARCHAR(40).notNull())
                .column("action", VARCHAR(16).notNull())
                .column("change_values", CLOB)
                .column("filter", CLOB)
                .column("state", VARCHAR(16).notNull())
                .column("selected", BOOLEAN.notNull())
                .column("selected_after", VARCHAR(36))
                .column("applied_after", VARCHAR(36))
                .column("total", INTEGER.notNull())
                .column("done", INTEGER.notNull())
                .column("failed", INTEGER.notNull())
                .column("detail", VARCHAR(1000))
                .column("runner", VARCHAR(200))
                .column("lease_until", LOCALDATETIME(3))
                .column("created_at", LOCALDATETIME(3).notNull())
                .column("finished_at", LOCALDATETIME(3))
                .constraints(constraint("pk_bulk_job").primaryKey("id"))
                .execute();
        sql.createIndex("ix_bulk_job_state").on(name("bulk_job"), name("state"), name("lease_until")).execute();

        sql.createTable("bulk_job_item")
                .column("job_id", VARCHAR(36).notNull())
                .column("record_id", VARCHAR(36).notNull())
                .constraints(constraint("pk_bulk_job_item").primaryKey("job_id", "record_id"))
                .execute();

        sql.createTable("bulk_job_error")
                .column("job_id", VARCHAR(36).notNull())
                .column("record_id", VARCHAR(36).notNull())
                .column("detail", VARCHAR(1000).notNull())
                .constraints(constraint("pk_bulk_job_error").primaryKey("job_id", "record_id"))
                .execute();
    }
}
