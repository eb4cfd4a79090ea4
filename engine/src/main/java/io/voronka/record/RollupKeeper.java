package io.voronka.record;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.rule.RuleRejected;
import io.voronka.kernel.rule.RuleSql;
import io.voronka.kernel.storage.Database;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps rollup columns current: when a record that feeds a rollup is created, changed, re-linked or
 * deleted, each record it was and is linked to gets its rollup recomputed by one UPDATE with the
 * aggregate as a subquery, on the caller's connection, so the rollup commits or rolls back with the
 * change. Recomputing the whole aggregate (over an index range of the link) rather than adding
 * deltas means a rollup cannot drift, and the row lock the UPDATE takes orders concurrent changes
 * to the same target. Rollup values change no version and write no history of the target: the
 * change that moved them is in the history of the record that changed.
 */
final class RollupKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(RollupKeeper.class);
    /** Records recomputed per transaction when a rollup is added to a populated entity. */
    static final int BACKFILL_BATCH = 500;

    private final Supplier<EntityCatalog> catalogs;
    private final SQLDialect dialect;
    private final Clock clock;
    private final RollupLocks locks;

    RollupKeeper(Supplier<EntityCatalog> catalogs, SQLDialect dialect, Clock clock) {
        this.catalogs = catalogs;
        this.dialect = dialect;
        this.clock = clock;
        this.locks = new RollupLocks(catalogs, dialect);
    }

    /** The starting value of a new record's rollups: nothing links to it yet, so counts and sums are 0. */
    static void fillNew(EntityDefinition entity, Map<String, Object> values) {
        entity.fields().stream().filter(f -> f.type() == FieldType.ROLLUP && f.rollup() != null
                && java.util.Set.of("count", "sum").contains(f.rollup().op())).forEach(f ->
                values.put(f.name(), f.rollup().of() == FieldType.DECIMAL ? BigDecimal.ZERO.setScale(4) : (Object) 0L));
    }

    /**
     * Makes the transaction just begun on {@code connection} read committed data when {@code entity}
     * feeds rollups (H2's level anyway). Under MariaDB's repeatable read the aggregate would either
     * read an old snapshot or, inside an UPDATE, lock the index ranges of neighbouring targets, which
     * deadlocks writers of different contacts; read committed reads what committed before the target
     * lock was granted, without locking what it reads. Call it before the transaction's first statement.
     */
    void readCommitted(Connection connection, EntityDefinition entity) {
        if (dialect.family() != SQLDialect.MARIADB || catalogs.get().rollupsFedBy(entity.name()).isEmpty()) {
            return;
        }
        try {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED); // the pool resets it on return
        } catch (java.sql.SQLException e) {
            throw new io.voronka.kernel.storage.StorageException(e);
        }
    }

    /** See {@link RollupLocks#lockTargets}. */
    void lockTargets(Connection connection, EntityDefinition entity, String id, Map<String, ?> values,
                     Map<String, ?> input) {
        locks.lockTargets(connection, entity, id, values, input);
    }

    /** See {@link RollupLocks#lockStored}. */
    void lockStored(Connection connection, EntityDefinition entity, String id, Map<String, ?> input) {
        locks.lockStored(connection, entity, id, input);
    }

    /**
     * After the record {@code id} of {@code entity} changed: {@code before} is null for a create,
     * {@code after} null for a delete. Targets are locked in id order, so two changes never wait on each other crosswise.
     */
    void changed(Connection connection, EntityDefinition entity, String id, Map<String, Object> before,
                 Map<String, Object> after) {
        EntityCatalog catalog = catalogs.get();
        for (RollupDefinitions.Rollup rollup : catalog.rollupsFedBy(entity.name())) {
            switch (rollup.path()) {
                case COLUMN -> linkColumnChanged(connection, catalog, rollup, before, after);
                case SOURCE_LINKS -> sourceLinksChanged(connection, catalog, rollup, before, after);
                case TARGET_LINKS -> {
                    if (rollup.target().name().equals(entity.name())) {
                        ownLinksChanged(connection, catalog, rollup, id, before, after);
                    } else if (before != null && (after == null || !sameInputs(rollup.readInputs(), before, after))) {
                        // A linked record's read field moved: every record holding it recounts (a new or
                        // restored one has no holders yet: nothing may link to a record in the bin).
                        recompute(connection, catalog, rollup, RecordStore.ID.in(DSL.select(LinkSets.FROM)
                                .from(LinkSets.table(rollup.holder(), rollup.link())).where(LinkSets.TO.eq(id))));
                    }
                }
            }
        }
    }

    private void linkColumnChanged(Connection connection, EntityCatalog catalog, RollupDefinitions.Rollup rollup,
                                   Map<String, Object> before, Map<String, Object> after) {
        if (before != null && after != null && sameInputs(rollup.inputs(), before, after)) {
            return;
        }
        TreeSet<String> targets = new TreeSet<>();
        String link = rollup.link().name();
        if (before != null && before.get(link) != null) {
            targets.add((String) before.get(link));
        }
        if (after != null && after.get(link) != null) {
            targets.add((String) after.get(link));
        }
        for (String target : targets) {
            recompute(connection, catalog, rollup, RecordStore.ID.eq(target));
        }
    }

    /** A record holding targets in its links field: the targets it gained or lost, or all it held when what it feeds moved. */
    private void sourceLinksChanged(Connection connection, EntityCatalog catalog, RollupDefinitions.Rollup rollup,
                                    Map<String, Object> before, Map<String, Object> after) {
        TreeSet<String> was = RollupLocks.ids(before, rollup.link());
        TreeSet<String> is = RollupLocks.ids(after, rollup.link());
        TreeSet<String> targets = new TreeSet<>(was);
        targets.addAll(is);
        if (before != null && after != null && sameInputs(rollup.readInputs(), before, after)) {
            TreeSet<String> kept = new TreeSet<>(was);
            kept.retainAll(is);
            targets.removeAll(kept); // its contribution to the targets it stayed with is unchanged
        }
        if (!targets.isEmpty()) {
            recompute(connection, catalog, rollup, RecordStore.ID.in(targets));
        }
    }

    /** A target's own links field changed: only it recounts (a new record holding nothing keeps its starting value). */
    private void ownLinksChanged(Connection connection, EntityCatalog catalog, RollupDefinitions.Rollup rollup, String id,
                                 Map<String, Object> before, Map<String, Object> after) {
        if (after == null) {
            return; // the record left: nothing of it to keep
        }
        TreeSet<String> is = RollupLocks.ids(after, rollup.link());
        if (before == null ? is.isEmpty() : is.equals(RollupLocks.ids(before, rollup.link()))) {
            return;
        }
        recompute(connection, catalog, rollup, RecordStore.ID.eq(id));
    }

    private static boolean sameInputs(java.util.Set<String> inputs, Map<String, Object> before, Map<String, Object> after) {
        return inputs.stream().allMatch(f -> same(before.get(f), after.get(f)));
    }

    /** Sets the rollup of every target record matching {@code targets} from the records linking to it. */
    void recompute(Connection connection, EntityCatalog catalog, RollupDefinitions.Rollup rollup, Condition targets) {
        DSLContext sql = DSL.using(connection, dialect);
        @SuppressWarnings("unchecked")
        Field<Object> column = (Field<Object>) RecordStore.column(rollup.field());
        Field<Object> value = aggregate(catalog, rollup);
        sql.update(table(name(rollup.target().tableName()))).set(java.util.Map.of(column, value)).where(targets).execute();
        io.voronka.kernel.event.InlineReactions.forgetWritten(connection); // a target may be a record the work wrote
    }

    /** The aggregate over one target's linked records, correlated to the target's table. */
    private Field<Object> aggregate(EntityCatalog catalog, RollupDefinitions.Rollup rollup) {
        String source = rollup.source().tableName();
        Field<String> targetId = field(name(rollup.target().tableName(), "id"), SQLDataType.VARCHAR);
        Field<String> sourceId = field(name(source, "id"), SQLDataType.VARCHAR);
        org.jooq.Table<?> from = table(name(source));
        Condition linked;
        if (rollup.path() == RollupDefinitions.Path.COLUMN) {
            linked = field(name(source, rollup.link().name()), SQLDataType.VARCHAR).eq(targetId);
        } else {
            // Through the link table: the index (to_id, from_id) or the key (from_id, to_id) finds one target's rows.
            String links = LinkSets.tableName(rollup.holder(), rollup.link());
            Field<String> fromId = field(name(links, LinkSets.FROM.getName()), SQLDataType.VARCHAR);
            Field<String> toId = field(name(links, LinkSets.TO.getName()), SQLDataType.VARCHAR);
            boolean sourceHolds = rollup.path() == RollupDefinitions.Path.SOURCE_LINKS;
            from = from.join(table(name(links))).on((sourceHolds ? fromId : toId).eq(sourceId));
            linked = (sourceHolds ? toId : fromId).eq(targetId);
        }
        Condition matching = linked.and(where(catalog, rollup));
        Field<Object> read = rollup.read() == null ? null
                : field(name(source, rollup.read().name()), RecordStore.column(rollup.read()).getDataType()).coerce(Object.class);
        var decimal = SQLDataType.DECIMAL(19, 4);
        Field<?> value = switch (rollup.op()) {
            case "count" -> DSL.count();
            case "sum" -> DSL.coalesce(DSL.sum(read.coerce(BigDecimal.class)), BigDecimal.ZERO);
            case "avg" -> DSL.cast(DSL.avg(DSL.cast(read, decimal)), decimal);
            case "min" -> DSL.min(read);
            case "max" -> DSL.max(read);
            case "last" -> null;
            default -> throw new IllegalStateException("unknown rollup op " + rollup.op());
        };
        if (value == null) {
            return DSL.field(DSL.select(read).from(from).where(matching)
                    .orderBy(field(name(source, "created_at")).desc(), field(name(source, "id")).desc()).limit(1));
        }
        return DSL.field(DSL.select(value).from(from).where(matching)).coerce(Object.class);
    }

    private Condition where(EntityCatalog catalog, RollupDefinitions.Rollup rollup) {
        if (rollup.where() == null) {
            return DSL.noCondition();
        }
        return RuleSql.filter(rollup.where(), new EntityRuleTables(catalog.ruleSchema(rollup.source(), false), catalog),
                dialect, clock);
    }

    /**
     * Recomputes {@code rollups} for every record of their entities, {@link #BACKFILL_BATCH} records per
     * transaction in id order, so writers wait for one batch at most. Run once the catalog holding
     * them is in force, so a change made meanwhile keeps its target current itself.
     */
    static void backfill(Database database, EntityCatalog catalog, List<RollupDefinitions.Rollup> rollups, Clock clock) {
        RollupKeeper keeper = new RollupKeeper(() -> catalog, database.dialect(), clock);
        for (RollupDefinitions.Rollup rollup : rollups) {
            String after = "";
            int done = 0;
            while (true) {
                String from = after;
                List<String> ids = database.withConnection(c -> database.dsl(c).select(RecordStore.ID)
                        .from(table(name(rollup.target().tableName()))).where(RecordStore.ID.gt(from))
                        .orderBy(RecordStore.ID).limit(BACKFILL_BATCH).fetch(RecordStore.ID));
                if (ids.isEmpty()) {
                    break;
                }
                database.inTransaction(c -> {
                    keeper.readCommitted(c, rollup.source());
                    keeper.recompute(c, catalog, rollup, RecordStore.ID.in(ids));
                    return null;
                });
                done += ids.size();
                after = ids.getLast();
            }
            if (done > 0) {
                LOG.info("rollup {}.{} computed for {} records", rollup.target().name(), rollup.field().name(), done);
            }
        }
    }

    /** The rollups of {@code next} that {@code previous} did not have as they are now: new or redefined. */
    static List<RollupDefinitions.Rollup> changedSince(EntityCatalog previous, EntityCatalog next) {
        List<RollupDefinitions.Rollup> changed = new ArrayList<>();
        for (RollupDefinitions.Rollup rollup : next.rollups()) {
            boolean same = previous != null && previous.find(rollup.target().name())
                    .flatMap(e -> e.field(rollup.field().name()))
                    .map(f -> f.type() == FieldType.ROLLUP && Objects.equals(f.rollup(), rollup.field().rollup()))
                    .orElse(false);
            if (!same) {
                changed.add(rollup);
            }
        }
        return changed;
    }

    /** A rollup's filter must compile to SQL as well as check: refused at definition time, not at the first write. */
    static void checkFilters(EntityCatalog catalog) {
        for (RollupDefinitions.Rollup rollup : catalog.rollups()) {
            if (rollup.where() == null) {
                continue;
            }
            try {
                RuleSql.filter(rollup.where(), new EntityRuleTables(catalog.ruleSchema(rollup.source(), false), catalog),
                        SQLDialect.H2, Clock.systemUTC());
            } catch (RuleRejected rejected) {
                int index = rollup.target().fields().indexOf(rollup.field());
                throw new DefinitionRejected(rollup.target().name(), List.of(new ValidationProblem(
                        "fields[" + index + "].rollup.where", "sandbox", "rule " + rejected.describe())), null);
            }
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }
}
