package io.voronka.record.migration;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.LOCALDATETIME;
import static org.jooq.impl.SQLDataType.VARCHAR;

import io.voronka.kernel.storage.MigrationSql;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;

/**
 * A fired reminder may owe its user an email: the reminder row is that email's outbox. The claim
 * that fires a reminder sets {@code mail_state} to {@code due} in the same statement (when the node
 * can send email), so the email exists if and only if the reminder fired; a sender then leases it
 * ({@code mail_next_at} moves ahead), sends, and records {@code sent}, {@code none} (the user has no
 * address), {@code rejected} or {@code stopped} (attempts ran out). A sender that dies leaves the
 * lease to run out, and the next one sends again with the same Message-ID.
 */
public class V14_1__reminder_email extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);
        sql.alterTable("record_reminder").add("mail_state", VARCHAR(16).null_()).execute();
        sql.alterTable("record_reminder").add("mail_attempts", INTEGER.notNull().defaultValue(inline(0))).execute();
        sql.alterTable("record_reminder").add("mail_next_at", LOCALDATETIME(3).null_()).execute();
        sql.alterTable("record_reminder").add("mail_error", VARCHAR(1000).null_()).execute();
        sql.createIndex("ix_record_reminder_mail").on(name("record_reminder"), name("mail_state"), name("mail_next_at")).execute();
    }
}
