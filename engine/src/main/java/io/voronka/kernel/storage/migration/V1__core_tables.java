package io.voronka.kernel.storage.migration;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.SQLDataType.BIGINT;
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
 * Our static tables, written through jOOQ so one migration renders correctly for H2 and MariaDB
 * instead of two hand-kept SQL scripts drifting apart.
 */
public class V1__core_tables extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);

        sql.createTable("users")
                .column("id", VARCHAR(36).notNull())
                .column("username", VARCHAR(100).notNull())
                .column("display_name", VARCHAR(200).notNull())
                .column("password_hash", VARCHAR(255).notNull())
                .column("active", BOOLEAN.notNull())
                .column("last_assigned_at", LOCALDATETIME(3).null_())
                .column("created_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_users").primaryKey("id"),
                        constraint("uq_users_username").unique("username"))
                .execute();

        sql.createTable("user_role")
                .column("user_id", VARCHAR(36).notNull())
                .column("role", VARCHAR(32).notNull())
                .constraints(constraint("pk_user_role").primaryKey("user_id", "role"),
                        constraint("fk_user_role_user").foreignKey("user_id").references("users", "id"))
                .execute();

        sql.createTable("auth_token")
                .column("token_hash", VARCHAR(64).notNull())
                .column("user_id", VARCHAR(36).notNull())
                .column("created_at", LOCALDATETIME(3).notNull())
                .column("expires_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_auth_token").primaryKey("token_hash"),
                        constraint("fk_auth_token_user").foreignKey("user_id").references("users", "id"))
                .execute();

        sql.createTable("record_history")
                .column("id", BIGINT.identity(true))
                .column("entity", VARCHAR(64).notNull())
                .column("record_id", VARCHAR(36).notNull())
                .column("version", INTEGER.notNull())
                .column("actor", VARCHAR(100).notNull())
                .column("changed_at", LOCALDATETIME(3).notNull())
                .column("field", VARCHAR(64).notNull())
                .column("old_value", VARCHAR(4000).null_())
                .column("new_value", VARCHAR(4000).null_())
                .constraints(constraint("pk_record_history").primaryKey("id"))
                .execute();
        sql.createIndex("ix_record_history_record").on(name("record_history"), name("entity"), name("record_id")).execute();

        // The transactional outbox: written in the same transaction as the record change it describes.
        sql.createTable("domain_event")
                .column("id", BIGINT.identity(true))
                .column("event_type", VARCHAR(32).notNull())
                .column("entity", VARCHAR(64).notNull())
                .column("record_id", VARCHAR(36).notNull())
                .column("payload", CLOB.notNull())
                .column("created_at", LOCALDATETIME(3).notNull())
                .column("dispatched_at", LOCALDATETIME(3).null_())
                .constraints(constraint("pk_domain_event").primaryKey("id"))
                .execute();
        sql.createIndex("ix_domain_event_pending").on(name("domain_event"), name("dispatched_at"), name("id")).execute();

        // The plugin invocation journal: one row per step that produced an external effect.
        sql.createTable("plugin_invocation")
                .column("idempotency_key", VARCHAR(255).notNull())
                .column("action_id", VARCHAR(128).notNull())
                .column("output", CLOB.notNull())
                .column("created_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_plugin_invocation").primaryKey("idempotency_key"))
                .execute();
    }
}
