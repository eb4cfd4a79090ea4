package io.voronka.record;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.storage.Database;
import java.util.List;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives records written before their search terms existed (the table is new, or an admin made
 * another field searchable) their terms: per entity, in id order, {@value #BATCH} records per
 * transaction, the progress stored with each batch, so a restart goes on where it stopped and
 * several nodes share the work (each batch holds the entity's progress row). The batch's rows are
 * read under lock, so a writer changing one meanwhile waits and then writes its own terms after.
 */
public final class SearchBackfill {

    private static final Logger LOG = LoggerFactory.getLogger(SearchBackfill.class);
    static final int BATCH = 500;
    private static final Table<?> PROGRESS = table(name("search_backfill"));
    private static final Field<String> ENTITY = field(name("entity"), SQLDataType.VARCHAR);
    private static final Field<String> SIGNATURE = field(name("signature"), SQLDataType.VARCHAR);
    private static final Field<String> AFTER = field(name("after_id"), SQLDataType.VARCHAR);
    private static final Field<Boolean> FINISHED = field(name("finished"), SQLDataType.BOOLEAN);

    private final Database database;
    private final Supplier<EntityCatalog> catalogs;
    private final RecordStore store;

    /** For tools that load rows past the record service (benchmarks, migrations of old data). */
    public SearchBackfill(Database database, Supplier<EntityCatalog> catalogs) {
        this(database, catalogs, new RecordStore(database.dialect()));
    }

    SearchBackfill(Database database, Supplier<EntityCatalog> catalogs, RecordStore store) {
        this.database = database;
        this.catalogs = catalogs;
        this.store = store;
    }

    /** Indexes every entity whose terms are missing or were built from other fields; returns the records indexed. */
    public int run() {
        return run(() -> true);
    }

    /** As above, stopping between batches once {@code going} says no (the node stops). */
    int run(java.util.function.BooleanSupplier going) {
        int indexed = 0;
        for (EntityDefinition entity : catalogs.get().all()) {
            int before = indexed;
            for (int batch; going.getAsBoolean() && (batch = step(entity)) >= 0; ) {
                indexed += batch;
            }
            if (indexed > before) {
                LOG.info("search terms written for {} existing {} records", indexed - before, entity.name());
            }
        }
        return indexed;
    }

    /** One batch in one transaction: the number of records indexed, or -1 when the entity is up to date. */
    int step(EntityDefinition entity) {
        String signature = SearchTerms.signature(entity);
        startTracking(entity);
        return database.inTransaction(c -> {
            DSLContext sql = store.sql(c);
            Record progress = sql.select(SIGNATURE, AFTER, FINISHED).from(PROGRESS).where(ENTITY.eq(entity.name()))
                    .forUpdate().fetchOne();
            String after = progress.get(AFTER);
            if (!signature.equals(progress.get(SIGNATURE))) {
                after = null;
            } else if (progress.get(FINISHED)) {
                return -1;
            }
            List<RecordData> batch = store.batchForUpdate(c, entity, after, BATCH);
            List<String> ids = batch.stream().map(RecordData::id).toList();
            if (!ids.isEmpty()) {
                SearchTerms.delete(sql, entity.name(), ids);
                boolean any = false;
                var insert = sql.insertInto(SearchTerms.TABLE, SearchTerms.ENTITY, SearchTerms.RECORD, SearchTerms.TERM,
                        SearchTerms.FIELD, SearchTerms.KIND);
                for (RecordData r : batch) {
                    for (SearchTerms.Term t : SearchTerms.of(entity, r.values())) {
                        insert = insert.values(entity.name(), r.id(), t.term(), t.field(), t.kind().wire());
                        any = true;
                    }
                }
                if (any) {
                    insert.execute();
                }
            }
            sql.update(PROGRESS).set(SIGNATURE, signature)
                    .set(AFTER, ids.isEmpty() ? after : ids.getLast())
                    .set(FINISHED, batch.size() < BATCH)
                    .where(ENTITY.eq(entity.name())).execute();
            return batch.size();
        });
    }

    /** The entity's progress row, added once; a node racing to add it too finds it there. */
    private void startTracking(EntityDefinition entity) {
        boolean tracked = database.withConnection(c -> store.sql(c).fetchExists(PROGRESS, ENTITY.eq(entity.name())));
        if (tracked) {
            return;
        }
        try {
            database.inTransaction(c -> store.sql(c).insertInto(PROGRESS, ENTITY, SIGNATURE, AFTER, FINISHED)
                    .values(entity.name(), "", null, false).execute());
        } catch (DataAccessException e) {
            LOG.debug("search progress of {} added by another node meanwhile", entity.name());
        }
    }
}
