package io.voronka.record.migration;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.SQLDataType.CLOB;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.LOCALDATETIME;
import static org.jooq.impl.SQLDataType.VARCHAR;

import io.voronka.kernel.storage.MigrationSql;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;

/**
 * The card's shared tables, keyed by entity and record like {@code record_history}: comments,
 * reminders, and the recycle bin (a deleted record's row as a snapshot, see {@code RecycleBin}).
 * Each card table has an index on (entity, record_id, time), so a card's timeline reads a page of
 * each newest first from an index range, however many records there are.
 */
public class V7__card_comments_reminders_and_recycle_bin extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);

        sql.createIndex("ix_record_history_timeline")
                .on(name("record_history"), name("entity"), name("record_id"), name("changed_at")).execute();

        sql.createTable("record_comment")
                .column("id", VARCHAR(36).notNull())
                .column("entity", VARCHAR(64).notNull())
                .column("record_id", VARCHAR(36).notNull())
                .column("author", VARCHAR(100).notNull())
                .column("created_at", LOCALDATETIME(3).notNull())
                .column("text", VARCHAR(4000).notNull())
                .column("mentions", VARCHAR(2000).notNull())
                .constraints(constraint("pk_record_comment").primaryKey("id"))
                .execute();
        sql.createIndex("ix_record_comment_timeline")
                .on(name("record_comment"), name("entity"), name("record_id"), name("created_at")).execute();

        // fired_at is claimed by one conditional UPDATE (fired_at IS NULL), so each fires once.
        sql.createTable("record_reminder")
                .column("id", VARCHAR(36).notNull())
                .column("entity", VARCHAR(64).notNull())
                .column("record_id", VARCHAR(36).notNull())
                .column("username", VARCHAR(100).notNull())
                .column("created_by", VARCHAR(100).notNull())
                .column("created_at", LOCALDATETIME(3).notNull())
                .column("due_at", LOCALDATETIME(3).notNull())
                .column("text", VARCHAR(1000).notNull())
                .column("fired_at", LOCALDATETIME(3).null_())
                .column("fired_by", VARCHAR(100).null_())
                .column("done_at", LOCALDATETIME(3).null_())
                .constraints(constraint("pk_record_reminder").primaryKey("id"))
                .execute();
        sql.createIndex("ix_record_reminder_timeline")
                .on(name("record_reminder"), name("entity"), name("record_id"), name("due_at")).execute();
        sql.createIndex("ix_record_reminder_due").on(name("record_reminder"), name("fired_at"), name("due_at")).execute();
        sql.createIndex("ix_record_reminder_user").on(name("record_reminder"), name("username"), name("due_at")).execute();

        sql.createTable("recycle_bin")
                .column("entity", VARCHAR(64).notNull())
                .column("record_id", VARCHAR(36).notNull())
                .column("version", INTEGER.notNull())
                .column("owner", VARCHAR(100).null_())
                .column("title", VARCHAR(300).null_())
                .column("created_at", LOCALDATETIME(3).notNull())
                .column("updated_at", LOCALDATETIME(3).notNull())
                .column("created_by", VARCHAR(100).notNull())
                .column("deleted_at", LOCALDATETIME(3).notNull())
                .column("deleted_by", VARCHAR(100).notNull())
                .column("snapshot", CLOB.notNull())
                .constraints(constraint("pk_recycle_bin").primaryKey("entity", "record_id"))
                .execute();
        sql.createIndex("ix_recycle_bin_deleted").on(name("recycle_bin"), name("deleted_at"), name("record_id")).execute();
    }
}
