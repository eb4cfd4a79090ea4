package io.voronka.record;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Which rows a write must lock before it changes anything a rollup reads, and in which order:
 * every writer takes them in one global order, so writers that recompute each other's rollups
 * queue instead of deadlocking. {@link RollupKeeper} then recomputes under these locks.
 */
final class RollupLocks {

    /** Rows of one table locked by one statement. */
    static final int LOCK_BATCH = 200;

    private final Supplier<EntityCatalog> catalogs;
    private final SQLDialect dialect;

    RollupLocks(Supplier<EntityCatalog> catalogs, SQLDialect dialect) {
        this.catalogs = catalogs;
        this.dialect = dialect;
    }

    /**
     * Locks the records whose rollups a change of {@code entity} may move, before the change locks or
     * writes any record of {@code entity}: the aggregate reads the linked records, so a writer that
     * held a deal while waiting for its contact would deadlock with one recomputing that contact.
     * Every writer takes the targets first, in entity and id order. {@code values} are the record's
     * values as they are (create: as they will be) and {@code input} the change asked for (null: the
     * whole record comes or goes); ids not yet checked are harmless: they lock nothing.
     *
     * <p>A many-to-many rollup also reads the link table, which either end's writer changes: a
     * contact (re)tagged moves tag counts and its own rollups over tags, a tag's weight the rollups
     * of every contact holding it. So both ends' rows are locked, the writer's own row among them,
     * the linked end (tags) before the holders (contacts): a tag writer holds its tag before it
     * reads which contacts hold it, and no contact can take or drop the tag meanwhile, since that
     * writer must hold the tag too. Reading the holders first and locking them before the tag let a
     * contact tagged in between be found only after, out of order (a deadlock seen in
     * {@code rollupsOverLinksStayExactUnderConcurrentWriters}).
     */
    void lockTargets(Connection connection, EntityDefinition entity, String id, Map<String, ?> values,
                     Map<String, ?> input) {
        EntityCatalog catalog = catalogs.get();
        List<RollupDefinitions.Rollup> fed = catalog.rollupsFedBy(entity.name());
        if (fed.isEmpty()) {
            return;
        }
        TreeSet<RowLock> locks = new TreeSet<>();
        List<RollupDefinitions.Rollup> heldBy = new ArrayList<>(); // holders of this record, found once it is locked
        java.util.Set<String> computed = catalog.computedFields(entity.name()).keySet();
        for (RollupDefinitions.Rollup rollup : fed) {
            if (rollup.path() == RollupDefinitions.Path.COLUMN) {
                for (Map<String, ?> set : java.util.Arrays.asList(values, input)) {
                    if (set != null && set.get(rollup.link().name()) instanceof String target && !target.isEmpty()) {
                        locks.add(RowLock.of(catalog, rollup.target(), target));
                    }
                }
                continue;
            }
            boolean asTarget = rollup.target().name().equals(entity.name());
            java.util.Set<String> moving = asTarget ? java.util.Set.of(rollup.link().name()) : rollup.inputs();
            if (input != null && moving.stream().noneMatch(f -> input.containsKey(f) || computed.contains(f))) {
                continue; // an edit of other fields moves nothing over these links
            }
            if (id != null) {
                locks.add(RowLock.of(catalog, entity, id));
            }
            if (rollup.path() == RollupDefinitions.Path.TARGET_LINKS && !asTarget) {
                if (id != null) {
                    heldBy.add(rollup);
                }
                continue;
            }
            // This record holds the links: the linked records (targets, or sources the target reads) are held still.
            EntityDefinition linked = asTarget ? rollup.source() : rollup.target();
            ids(values, rollup.link()).forEach(l -> locks.add(RowLock.of(catalog, linked, l)));
            ids(input, rollup.link()).forEach(l -> locks.add(RowLock.of(catalog, linked, l)));
        }
        DSLContext sql = DSL.using(connection, dialect);
        RowLock own = id == null ? null : RowLock.of(catalog, entity, id);
        while (!locks.isEmpty()) {
            // The next rows of one table, in id order, locked by one statement: a tag held by thousands
            // of contacts is not thousands of round trips.
            RowLock first = locks.pollFirst();
            List<String> ids = new ArrayList<>(List.of(first.id()));
            while (!locks.isEmpty() && ids.size() < LOCK_BATCH && locks.first().sameTable(first)) {
                ids.add(locks.pollFirst().id());
            }
            RecordStore.holdTable(sql, first.table());
            sql.select(RecordStore.ID).from(table(name(first.table()))).where(ids.size() == 1
                    ? RecordStore.ID.eq(ids.getFirst()) : RecordStore.ID.in(ids)).orderBy(RecordStore.ID).forUpdate().fetch();
            if (own != null && own.sameTable(first) && ids.contains(own.id())) {
                for (RollupDefinitions.Rollup rollup : heldBy) {
                    holders(connection, rollup, id).forEach(h -> locks.add(RowLock.of(catalog, rollup.target(), h)));
                }
                heldBy.clear();
            }
        }
    }

    /** One row to lock, ordered as every writer locks: the linked end of many-to-many links first, then by table and id. */
    private record RowLock(int rank, String table, String id) implements Comparable<RowLock> {

        static RowLock of(EntityCatalog catalog, EntityDefinition entity, String id) {
            return new RowLock(catalog.lockRank(entity.name()), entity.tableName(), id);
        }

        boolean sameTable(RowLock other) {
            return rank == other.rank && table.equals(other.table);
        }

        @Override
        public int compareTo(RowLock other) {
            int byRank = Integer.compare(rank, other.rank);
            if (byRank != 0) {
                return byRank;
            }
            int byTable = table.compareTo(other.table);
            return byTable != 0 ? byTable : id.compareTo(other.id);
        }
    }

    /** As above for a change to the stored record {@code id}: its links as stored now, and those {@code input} names. */
    void lockStored(Connection connection, EntityDefinition entity, String id, Map<String, ?> input) {
        List<RollupDefinitions.Rollup> fed = catalogs.get().rollupsFedBy(entity.name());
        if (fed.isEmpty()) {
            return;
        }
        Map<String, Object> stored = new java.util.HashMap<>();
        DSLContext sql = DSL.using(connection, dialect);
        var links = fed.stream().filter(r -> r.path() == RollupDefinitions.Path.COLUMN)
                .map(r -> field(name(r.link().name()), SQLDataType.VARCHAR)).distinct().toList();
        if (!links.isEmpty()) {
            var row = sql.select(links).from(table(name(entity.tableName()))).where(RecordStore.ID.eq(id)).fetchOne();
            if (row != null) {
                links.forEach(link -> stored.put(link.getName(), row.get(link)));
            }
        }
        fed.stream().filter(r -> r.manyToMany() && r.holder().name().equals(entity.name())).map(r -> r.link()).distinct()
                .forEach(f -> stored.put(f.name(), sql.select(LinkSets.TO).from(LinkSets.table(entity, f))
                        .where(LinkSets.FROM.eq(id)).fetch(LinkSets.TO)));
        lockTargets(connection, entity, id, stored, input);
    }

    /** The records whose many-to-many field of {@code rollup} holds the source record {@code id}, as committed. */
    private List<String> holders(Connection connection, RollupDefinitions.Rollup rollup, String id) {
        return DSL.using(connection, dialect).select(LinkSets.FROM).from(LinkSets.table(rollup.holder(), rollup.link()))
                .where(LinkSets.TO.eq(id)).orderBy(LinkSets.FROM).fetch(LinkSets.FROM);
    }

    /** The ids a many-to-many value holds (a list of ids, or nothing). */
    static TreeSet<String> ids(Map<String, ?> values, FieldDefinition link) {
        TreeSet<String> ids = new TreeSet<>();
        if (values != null && values.get(link.name()) instanceof java.util.Collection<?> list) {
            list.forEach(v -> {
                if (v instanceof String s && !s.isEmpty()) {
                    ids.add(s);
                }
            });
        }
        return ids;
    }
}
