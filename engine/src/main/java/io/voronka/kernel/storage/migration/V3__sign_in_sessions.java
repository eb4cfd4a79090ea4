package io.voronka.kernel.storage.migration;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.LOCALDATETIME;
import static org.jooq.impl.SQLDataType.VARCHAR;

import io.voronka.kernel.storage.MigrationSql;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;

/**
 * Sessions a user can see and revoke (an id, when last used, from where) and the counters that
 * throttle failed sign-ins per account and per client address, shared by every node.
 * Tokens issued before this version carry none of that, so they are dropped: everyone signs in again.
 */
public class V3__sign_in_sessions extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);

        sql.deleteFrom(table(name("auth_token"))).execute();
        sql.alterTable("auth_token").add(field(name("session_id"), VARCHAR(36).notNull())).execute();
        sql.alterTable("auth_token").add(field(name("last_used_at"), LOCALDATETIME(3).notNull())).execute();
        sql.alterTable("auth_token").add(field(name("client_address"), VARCHAR(64).null_())).execute();
        sql.alterTable("auth_token").add(field(name("user_agent"), VARCHAR(255).null_())).execute();
        sql.createUniqueIndex("uq_auth_token_session").on(name("auth_token"), name("session_id")).execute();
        sql.createIndex("ix_auth_token_user").on(name("auth_token"), name("user_id"), name("created_at")).execute();

        // subject: "account:" or "address:" and a SHA-256, so any username or address fits and indexes
        sql.createTable("sign_in_throttle")
                .column("subject", VARCHAR(80).notNull())
                .column("failures", INTEGER.notNull())
                .column("window_started_at", LOCALDATETIME(3).notNull())
                .column("locked_until", LOCALDATETIME(3).null_())
                .column("lockouts", INTEGER.notNull())
                .column("updated_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_sign_in_throttle").primaryKey("subject"))
                .execute();
    }
}
