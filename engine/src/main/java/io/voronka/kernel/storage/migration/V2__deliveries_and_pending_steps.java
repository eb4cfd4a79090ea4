package io.voronka.kernel.storage.migration;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.SQLDataType.BIGINT;
import static org.jooq.impl.SQLDataType.CLOB;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.LOCALDATETIME;
import static org.jooq.impl.SQLDataType.VARCHAR;

import io.voronka.kernel.storage.MigrationSql;
import java.time.LocalDateTime;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Delivery state per consumer and event (so each consumer of the outbox progresses, retries and
 * stops on its own), and plugin invocations that wait for their provider outside any transaction.
 */
public class V2__deliveries_and_pending_steps extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);

        sql.createTable("event_delivery")
                .column("consumer", VARCHAR(64).notNull())
                .column("event_id", BIGINT.notNull())
                .column("state", VARCHAR(16).notNull())
                .column("attempts", INTEGER.notNull())
                .column("next_attempt_at", LOCALDATETIME(3).notNull())
                .column("last_error", VARCHAR(2000).null_())
                .column("updated_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_event_delivery").primaryKey("consumer", "event_id"))
                .execute();
        sql.createIndex("ix_event_delivery_due")
                .on(name("event_delivery"), name("consumer"), name("state"), name("next_attempt_at")).execute();

        // Events not yet dispatched keep waiting, now for the one consumer that existed: process triggers.
        LocalDateTime now = LocalDateTime.now(java.time.ZoneOffset.UTC);
        sql.insertInto(table(name("event_delivery")), field(name("consumer"), String.class), field(name("event_id"), Long.class),
                        field(name("state"), String.class), field(name("attempts"), Integer.class),
                        field(name("next_attempt_at"), LocalDateTime.class), field(name("updated_at"), LocalDateTime.class))
                .select(DSL.select(inline("process-triggers"), field(name("id"), Long.class), inline("PENDING"), inline(0),
                                DSL.val(now), DSL.val(now))
                        .from(table(name("domain_event"))).where(field(name("dispatched_at")).isNull()))
                .execute();
        sql.dropIndex(name("ix_domain_event_pending")).on(name("domain_event")).execute();
        sql.alterTable("domain_event").dropColumn("dispatched_at").execute();

        // A plugin step's invocation is journaled before the provider is called (state PENDING) and
        // settled afterwards; the row carries what a retry or another node needs to call again.
        if (sql.dialect() == SQLDialect.H2) {
            sql.alterTable("plugin_invocation").alter("output").dropNotNull().execute();
        } else {
            // MariaDB changes nullability only by restating the whole column type.
            sql.alterTable("plugin_invocation").alter("output").set(CLOB.null_()).execute();
        }
        sql.alterTable("plugin_invocation").add("state", VARCHAR(16).notNull().defaultValue(inline("DONE"))).execute();
        sql.alterTable("plugin_invocation").add("execution_id", VARCHAR(64).null_()).execute();
        sql.alterTable("plugin_invocation").add("process_instance_id", VARCHAR(64).null_()).execute();
        sql.alterTable("plugin_invocation").add("activity_id", VARCHAR(255).null_()).execute();
        sql.alterTable("plugin_invocation").add("input", CLOB.null_()).execute();
        sql.alterTable("plugin_invocation").add("attempts", INTEGER.notNull().defaultValue(inline(0))).execute();
        sql.alterTable("plugin_invocation").add("next_attempt_at", LOCALDATETIME(3).null_()).execute();
        sql.alterTable("plugin_invocation").add("last_error", VARCHAR(2000).null_()).execute();
        sql.alterTable("plugin_invocation").add("updated_at", LOCALDATETIME(3).null_()).execute();
        sql.createIndex("ix_plugin_invocation_due")
                .on(name("plugin_invocation"), name("state"), name("next_attempt_at")).execute();
        sql.createIndex("ix_plugin_invocation_process")
                .on(name("plugin_invocation"), name("process_instance_id")).execute();
    }
}
