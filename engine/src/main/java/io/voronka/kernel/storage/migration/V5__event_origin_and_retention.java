package io.voronka.kernel.storage.migration;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.SQLDataType.VARCHAR;

import io.voronka.kernel.storage.MigrationSql;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;

/**
 * Events say where their change came from (api, process, import, plugin, system), so a consumer can
 * tell an import from a hand edit; events written before this version count as {@code system}.
 * The retention sweep finds old events by their time, and deliveries by their event.
 */
public class V5__event_origin_and_retention extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);

        sql.alterTable("domain_event").add("origin", VARCHAR(16).notNull().defaultValue(inline("system"))).execute();
        sql.createIndex("ix_domain_event_created").on(name("domain_event"), name("created_at")).execute();
        sql.createIndex("ix_event_delivery_event").on(name("event_delivery"), name("event_id"), name("state")).execute();
    }
}
