package io.voronka.record.migration;

import static org.jooq.impl.DSL.name;

import io.voronka.kernel.storage.MigrationSql;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * {@code ix_record_history_record} (entity, record_id) is a prefix of {@code ix_record_history_timeline}
 * (entity, record_id, changed_at), which serves every read the first one served: a record's history,
 * its timeline page and the recycle bin's purge. Yet each history row was written into both, and a
 * create writes a row per filled field: about 17 for a contact from the site form, a third of the
 * B-tree inserts of a lead's create.
 */
public class V16__drop_redundant_history_index extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        MigrationSql.of(context).dropIndex(name("ix_record_history_record")).on(name("record_history")).execute();
    }
}
