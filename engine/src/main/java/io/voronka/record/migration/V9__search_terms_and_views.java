package io.voronka.record.migration;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.SQLDataType.BOOLEAN;
import static org.jooq.impl.SQLDataType.CLOB;
import static org.jooq.impl.SQLDataType.LOCALDATETIME;
import static org.jooq.impl.SQLDataType.VARCHAR;

import io.voronka.kernel.storage.MigrationSql;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;

/**
 * Global search and saved views. {@code search_term} holds the normalised words of every
 * record's title, its phones' digits and its emails, written in the record's own transaction, so
 * a search is an index range ({@code term LIKE 'x%'} under the entity) and never a scan of the
 * records. {@code search_backfill} remembers, per entity, which searchable fields the terms were
 * built from and how far a rebuild got, so records written before the terms existed (or before a
 * title field was added) are indexed once, in batches, after restarts too.
 */
public class V9__search_terms_and_views extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);

        sql.createTable("search_term")
                .column("entity", VARCHAR(40).notNull())
                .column("record_id", VARCHAR(36).notNull())
                .column("term", VARCHAR(100).notNull())
                .column("field", VARCHAR(64).notNull())
                .column("kind", VARCHAR(8).notNull())
                .execute();
        sql.createIndex("ix_search_term_term").on(name("search_term"), name("entity"), name("term"), name("record_id"))
                .execute();
        sql.createIndex("ix_search_term_record").on(name("search_term"), name("entity"), name("record_id"), name("term"))
                .execute();

        sql.createTable("search_backfill")
                .column("entity", VARCHAR(40).notNull())
                .column("signature", VARCHAR(2000).notNull())
                .column("after_id", VARCHAR(36))
                .column("finished", BOOLEAN.notNull())
                .constraints(constraint("pk_search_backfill").primaryKey("entity"))
                .execute();

        sql.createTable("saved_view")
                .column("id", VARCHAR(36).notNull())
                .column("owner", VARCHAR(100).notNull())
                .column("entity", VARCHAR(40).notNull())
                .column("name", VARCHAR(200).notNull())
                .column("shared", BOOLEAN.notNull())
                .column("definition", CLOB.notNull())
                .column("updated_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_saved_view").primaryKey("id"))
                .execute();
        sql.createIndex("ix_saved_view_entity").on(name("saved_view"), name("entity"), name("owner")).execute();
    }
}
