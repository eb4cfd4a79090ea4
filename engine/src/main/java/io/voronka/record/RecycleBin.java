package io.voronka.record;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.Operation;
import io.voronka.kernel.access.RecordScope;
import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.event.Outbox;
import io.voronka.kernel.event.RecordEvent;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.OptionSet;
import io.voronka.kernel.field.Money;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.storage.Database;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The recycle bin: a deleted record's row leaves its entity table and is kept here as a snapshot
 * (its values as text, its responsible user, its title), in the delete's transaction; its history,
 * comments and reminders stay where they are, keyed by entity and id. Restoring puts the same row
 * back under the same id; purging (admins) erases the snapshot and everything keyed to the record.
 *
 * <p>Why a snapshot table and not a {@code deleted_at} column: with a column, every read path
 * (lists, counts, a record, filters and their correlated subqueries through links, search, linked
 * lists, rollups, unique indexes, the live audience) would have to remember one more condition,
 * and each that forgot would show deleted records or refuse a value a deleted record holds. With
 * the row gone from its table, every path that reads the table is right without knowing the bin
 * exists, including those written later. The cost is on the rare paths: a restore must check that
 * the records the snapshot links to still exist, and types travel through text.
 *
 * <p>Records linking to the deleted one: a contact with deals is still refused (409, "still
 * linked") as before the bin, since a deal must not point at a record no one can open; delete or
 * unlink the deals first. A deal restored while its contact is in the bin answers 409 naming the
 * link field: restore the contact first.
 */
public final class RecycleBin {

    /** One record in the bin, as the bin list shows it. */
    public record Entry(String entity, String recordId, String title, String owner, LocalDateTime deletedAt,
                        String deletedBy, LocalDateTime createdAt) {
    }

    static final Table<?> BIN = table(name("recycle_bin"));
    private static final Field<String> ENTITY = field(name("entity"), SQLDataType.VARCHAR);
    private static final Field<String> RECORD = field(name("record_id"), SQLDataType.VARCHAR);
    private static final Field<Integer> VERSION = field(name("version"), SQLDataType.INTEGER);
    private static final Field<String> OWNER = field(name("recycle_bin", "owner"), SQLDataType.VARCHAR);
    private static final Field<String> TITLE = field(name("title"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> CREATED_AT = field(name("created_at"), SQLDataType.LOCALDATETIME);
    private static final Field<LocalDateTime> UPDATED_AT = field(name("updated_at"), SQLDataType.LOCALDATETIME);
    private static final Field<String> CREATED_BY = field(name("created_by"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> DELETED_AT = field(name("deleted_at"), SQLDataType.LOCALDATETIME);
    private static final Field<String> DELETED_BY = field(name("deleted_by"), SQLDataType.VARCHAR);
    private static final Field<String> SNAPSHOT = field(name("snapshot"), SQLDataType.CLOB);

    /** Tables keyed by entity and record that a purge empties along with the snapshot. */
    private static final List<String> KEYED_TABLES = List.of("record_comment", "record_reminder", "record_history");

    private final Database database;
    private final Supplier<EntityCatalog> catalogs;
    private final RecordStore store;
    private final RollupKeeper rollups;
    private final Outbox outbox;
    private final ScopePolicy scopes;
    private final Runnable afterCommit;

    RecycleBin(Database database, Supplier<EntityCatalog> catalogs, RecordStore store, RollupKeeper rollups, Outbox outbox,
               ScopePolicy scopes, Runnable afterCommit) {
        this.database = database;
        this.catalogs = catalogs;
        this.store = store;
        this.rollups = rollups;
        this.outbox = outbox;
        this.scopes = scopes;
        this.afterCommit = afterCommit;
    }

    /** Keeps {@code current} in the bin, in the delete's transaction (the row is deleted after). */
    void keep(Connection connection, EntityDefinition entity, RecordData current, int deletedVersion, String actor) {
        LocalDateTime at = now();
        JsonObject snapshot = new JsonObject();
        // A many-to-many link keeps its ids as a list; every other value as the text its column reads back.
        current.values().forEach((fieldName, value) -> snapshot.put(fieldName, snapshotValue(value)));
        String owner = store.owner(entity).map(f -> (String) current.values().get(f.getName())).orElse(null);
        DSLContext sql = DSL.using(connection, database.dialect());
        // A record deleted, restored and deleted again replaces its earlier snapshot.
        sql.deleteFrom(BIN).where(ENTITY.eq(entity.name())).and(RECORD.eq(current.id())).execute();
        sql.insertInto(BIN).set(ENTITY, entity.name()).set(RECORD, current.id()).set(VERSION, deletedVersion)
                .set(field(name("owner"), SQLDataType.VARCHAR), owner).set(TITLE, clip(title(entity, current.values()), 300))
                .set(CREATED_AT, current.createdAt()).set(UPDATED_AT, current.updatedAt())
                .set(CREATED_BY, current.createdBy()).set(DELETED_AT, at).set(DELETED_BY, actor)
                .set(SNAPSHOT, snapshot.encode()).execute();
    }

    /**
     * The deleted records the actor may read (admins: all), newest deletion first; {@code entity}
     * narrows to one entity type (null: every type).
     */
    public List<Entry> list(Actor actor, String entity, int limit) {
        EntityCatalog catalog = catalogs.get();
        List<EntityDefinition> entities = entity == null ? List.copyOf(catalog.all())
                : List.of(catalog.find(entity).orElseThrow(() -> DomainError.notFound(Message.of("record.entity.unknown", entity))));
        List<Condition> readable = new ArrayList<>();
        for (EntityDefinition e : entities) {
            readable.add(ENTITY.eq(e.name()).and(scope(actor, e, Operation.READ)));
        }
        if (readable.isEmpty()) {
            return List.of();
        }
        return database.withConnection(c -> DSL.using(c, database.dialect())
                .select(ENTITY, RECORD, TITLE, OWNER, DELETED_AT, DELETED_BY, CREATED_AT).from(BIN)
                .where(DSL.or(readable)).orderBy(DELETED_AT.desc(), RECORD.desc()).limit(limit)
                .fetch(r -> new Entry(r.get(ENTITY), r.get(RECORD), r.get(TITLE), r.get(OWNER), r.get(DELETED_AT),
                        r.get(DELETED_BY), r.get(CREATED_AT))));
    }

    /**
     * Puts a deleted record back under its id, as it was, when the actor may change it (judged by
     * its responsible user as it was deleted): the restore is in its history and its event says
     * {@code restored}. 404 when the bin has no such record the actor may read; 409 when a record
     * it links to is gone or in the bin, or a unique value it holds was taken meanwhile.
     */
    public RecordData restore(Origin origin, Actor actor, String entityName, String id) {
        EntityDefinition entity = catalogs.get().find(entityName)
                .orElseThrow(() -> DomainError.notFound(Message.of("record.entity.unknown", entityName)));
        RecordData restored = database.inTransaction(c -> {
            DSLContext sql = DSL.using(c, database.dialect());
            Record binned = sql.select(VERSION, CREATED_AT, CREATED_BY, SNAPSHOT).from(BIN)
                    .where(ENTITY.eq(entity.name())).and(RECORD.eq(id)).and(scope(actor, entity, Operation.READ))
                    .forUpdate().fetchOptional()
                    .orElseThrow(() -> DomainError.notFound(Message.of("record.bin.none", entity.name(), id)));
            if (!sql.fetchExists(BIN, ENTITY.eq(entity.name()).and(RECORD.eq(id)).and(scope(actor, entity, Operation.WRITE)))) {
                throw DomainError.forbidden(Message.of("record.bin.read-only", entity.name()));
            }
            Map<String, Object> values = values(entity, new JsonObject(binned.get(SNAPSHOT)));
            refuseDanglingLinks(c, entity, values);
            rollups.lockTargets(c, entity, id, values, null); // as every writer: the rollups' targets first
            LocalDateTime now = now();
            int version = binned.get(VERSION) + 1;
            RecordData record = new RecordData(id, entity.name(), version, binned.get(CREATED_AT), now,
                    binned.get(CREATED_BY), values);
            try {
                store.insert(c, entity, record);
            } catch (IntegrityConstraintViolationException e) {
                throw DomainError.conflict(Message.of("record.bin.conflict", entity.name()));
            }
            sql.deleteFrom(BIN).where(ENTITY.eq(entity.name())).and(RECORD.eq(id)).execute();
            // Back in search and in the rollups of the records it links to, as if it had never left.
            SearchTerms.write(c, store, entity, id, values);
            rollups.changed(c, entity, id, null, values);
            store.appendHistory(c, entity.name(), id,
                    List.of(new FieldChange(version, actor.username(), now, "(record)", "deleted", "restored")));
            outbox.publish(c, RecordEvent.Type.RESTORED, entity.name(), id, version, actor.username(), List.of(), origin);
            return record;
        });
        afterCommit.run();
        return restored;
    }

    /** Erases a deleted record for good: its snapshot, history, comments and reminders. Admins only. */
    public void purge(Actor actor, String entityName, String id) {
        if (!actor.isAdmin()) {
            throw DomainError.forbidden(Message.of("record.bin.purge"));
        }
        database.inTransaction(c -> {
            DSLContext sql = DSL.using(c, database.dialect());
            if (sql.deleteFrom(BIN).where(ENTITY.eq(entityName)).and(RECORD.eq(id)).execute() == 0) {
                throw DomainError.notFound(Message.of("record.bin.none", entityName, id));
            }
            Field<String> keyEntity = field(name("entity"), SQLDataType.VARCHAR);
            Field<String> keyRecord = field(name("record_id"), SQLDataType.VARCHAR);
            for (String keyed : KEYED_TABLES) {
                sql.deleteFrom(table(name(keyed))).where(keyEntity.eq(entityName)).and(keyRecord.eq(id)).execute();
            }
            return null;
        });
    }

    /** Whether the record is in the bin (whoever may see it): a timeline of a deleted record says so. */
    public boolean contains(Connection connection, String entity, String id) {
        return DSL.using(connection, database.dialect()).fetchExists(BIN, ENTITY.eq(entity).and(RECORD.eq(id)));
    }

    private Condition scope(Actor actor, EntityDefinition entity, Operation operation) {
        // The bin keeps the responsible user, so the same scope condition judges it by its own column.
        return RecordScope.condition(scopes.scope(actor, entity.name(), operation), actor,
                store.owner(entity).isPresent() ? OWNER : null);
    }

    /** Values of the fields the entity has now, typed as their columns store them; new fields empty. */
    private static Map<String, Object> values(EntityDefinition entity, JsonObject snapshot) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldDefinition f : entity.fields()) {
            values.put(f.name(), restoredValue(f, snapshot));
        }
        return values;
    }

    private void refuseDanglingLinks(Connection c, EntityDefinition entity, Map<String, Object> values) {
        EntityCatalog catalog = catalogs.get();
        List<ValidationProblem> gone = new ArrayList<>();
        for (FieldDefinition f : entity.fields()) {
            Object target = values.get(f.name());
            if (f.type() == FieldType.LINK && target != null) {
                Optional<EntityDefinition> linked = catalog.find(f.link());
                if (linked.isEmpty() || !store.exists(c, linked.get(), target.toString())) {
                    gone.add(ValidationProblem.of("values." + f.name(), "exists", "record.bin.link-gone", f.link(), target));
                }
            }
        }
        if (!gone.isEmpty()) {
            throw new DomainError(DomainError.Kind.CONFLICT, "linked-record-deleted",
                    Message.of("restore.link-gone", entity.name()), gone);
        }
    }

    private static String title(EntityDefinition entity, Map<String, Object> values) {
        String title = entity.titleFields().stream().map(values::get).filter(Objects::nonNull).map(RecycleBin::text)
                .collect(Collectors.joining(" "));
        return title.isBlank() ? null : title;
    }

    /**
     * A value as the snapshot keeps it: many-to-many ids as a list, money as its amount and currency,
     * a multiple choice as its stored text, anything else as the text its column reads back.
     */
    private static Object snapshotValue(Object value) {
        if (value instanceof List<?> ids) {
            return new JsonArray(ids.stream().map(RecycleBin::text).toList());
        }
        if (value instanceof Money money) {
            return new JsonObject().put("amount", money.amount().toPlainString()).put("currency", money.currency());
        }
        if (value instanceof OptionSet options) {
            return options.stored();
        }
        return text(value);
    }

    private static Object restoredValue(FieldDefinition f, JsonObject snapshot) {
        Object kept = snapshot.getValue(f.name());
        if (kept == null) {
            return f.hasColumn() ? null : List.of();
        }
        return switch (f.type()) {
            case LINKS -> List.copyOf(((JsonArray) kept).getList());
            case MONEY -> new Money(new BigDecimal(((JsonObject) kept).getString("amount")), ((JsonObject) kept).getString("currency"));
            case MULTIENUM -> OptionSet.fromStored((String) kept);
            default -> RecordStore.column(f).getDataType().convert(kept);
        };
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }
}
