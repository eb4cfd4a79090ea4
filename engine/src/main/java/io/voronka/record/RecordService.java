package io.voronka.record;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.Operation;
import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.access.UserDirectory;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.event.InlineReactions;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.event.Outbox;
import io.voronka.kernel.field.Attachments;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldValues;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import java.sql.Connection;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * The record facade: each change is checked ({@link RecordValidation}), completed with computed
 * fields, then stored with its history and domain event ({@link RecordWriter}) in one transaction;
 * lists are read by {@link RecordQuery}. Methods taking a {@link Connection} join the caller's
 * transaction (a process step creating a deal); the others open their own.
 *
 * <p>Every read and write carries the {@link Actor}; its record scope ({@link RecordAccess}) is
 * ANDed into the SQL of the query itself, so no route can forget it.
 */
public final class RecordService {

    /** Ids per query when reading records by id: well under any database's parameter limit. */
    private static final int ID_BATCH = 500;
    private final Database database;
    private final Supplier<EntityCatalog> catalogs;
    private final RecordStore store;
    private final RecordValidation validation;
    private final ComputedFields computed;
    private final RecordWriter writer;
    private final RecordQuery query;
    private final RecordAccess access;
    private final RecycleBin bin;
    private final RecordSearch search;
    private final RollupKeeper rollups;
    private final WholeRecordChecks wholeRecord;
    private final Runnable afterCommit;
    private final InlineReactions inline;
    private volatile Attachments attachments = Attachments.NONE;

    /** Everyone sees everything and events have no consumers: tests and benchmarks of the record path alone. */
    public RecordService(Database database, EntityCatalog catalog, FieldValues fieldValues, UserDirectory users,
                         Runnable afterCommit) {
        this(database, catalog, fieldValues, users, afterCommit, new RuleSandbox(), Clock.systemDefaultZone());
    }

    /** Everyone sees everything and events have no consumers: tests and benchmarks of the record path alone. */
    public RecordService(Database database, EntityCatalog catalog, FieldValues fieldValues, UserDirectory users,
                         Runnable afterCommit, RuleSandbox sandbox, Clock clock) {
        this(database, () -> catalog, fieldValues, users, ScopePolicy.UNRESTRICTED,
                new Outbox(database.dialect(), List.of()), afterCommit, sandbox, clock, RecordQuery.DEFAULT_COUNT_LIMIT);
    }

    /**
     * {@code catalogs} answers the entity definitions in force (they change while the node runs);
     * {@code scopes} decide what each actor may read and write; {@code outbox} receives every
     * change's event for its consumers; {@code afterCommit} runs after a change this service
     * committed itself; {@code sandbox} checks list filters within its limits and {@code clock} is
     * their today(); lists count exactly up to {@code countLimit} matches.
     */
    public RecordService(Database database, Supplier<EntityCatalog> catalogs, FieldValues fieldValues,
                         UserDirectory users, ScopePolicy scopes, Outbox outbox, Runnable afterCommit,
                         RuleSandbox sandbox, Clock clock, int countLimit) {
        this(database, catalogs, fieldValues, users, scopes, outbox, InlineReactions.none(database), afterCommit,
                sandbox, clock, countLimit);
    }

    /**
     * As above; creates and updates in a transaction of their own run through {@code inline}, so
     * the outbox's consumers may react to them in that transaction (process starts) or right after it.
     */
    public RecordService(Database database, Supplier<EntityCatalog> catalogs, FieldValues fieldValues,
                         UserDirectory users, ScopePolicy scopes, Outbox outbox, InlineReactions inline,
                         Runnable afterCommit, RuleSandbox sandbox, Clock clock, int countLimit) {
        this.database = database;
        this.inline = inline;
        this.catalogs = catalogs;
        this.store = new RecordStore(database.dialect());
        this.validation = new RecordValidation(catalogs, fieldValues, users, store, () -> attachments);
        this.computed = new ComputedFields(catalogs, fieldValues);
        this.writer = new RecordWriter(catalogs, store, outbox);
        this.query = new RecordQuery(database, catalogs, store, fieldValues, sandbox, clock, countLimit);
        this.access = new RecordAccess(scopes, store);
        this.rollups = new RollupKeeper(catalogs, database.dialect(), clock);
        this.bin = new RecycleBin(database, catalogs, store, rollups, outbox, scopes, afterCommit);
        this.search = new RecordSearch(database, catalogs, store, access, fieldValues);
        this.wholeRecord = new WholeRecordChecks(catalogs, database.dialect());
        this.afterCommit = afterCommit;
    }

    /** The definitions in force now; a caller that reads several things takes one snapshot and keeps it. */
    public EntityCatalog catalog() {
        return catalogs.get();
    }

    /** Deleted records: list, restore, purge. */
    public RecycleBin recycleBin() {
        return bin;
    }

    /** The checks every path that stores or submits values goes through (task forms, import). */
    public RecordValidation validation() {
        return validation;
    }

    /** Creates a record in a transaction of its own; {@code origin} tells consumers where it came from. */
    public RecordData create(Origin origin, Actor actor, String entityName, Map<String, Object> input) {
        RecordData created = inline.inTransaction(entityName, c -> {
            rollups.readCommitted(c, entity(entityName));
            return create(c, origin, actor, entityName, input);
        }, this::seenAgain, afterCommit);
        return created;
    }

    /** Creates a record the actor may write: with a write scope of "own", one they are responsible for. */
    public RecordData create(Connection connection, Origin origin, Actor actor, String entityName,
                             Map<String, Object> input) {
        EntityDefinition entity = entity(entityName);
        Map<String, Object> submitted = new LinkedHashMap<>(input);
        access.defaultOwner(actor, entity).filter(owner -> !submitted.containsKey(owner))
                .ifPresent(owner -> submitted.put(owner, actor.username()));
        Map<String, Object> values = new LinkedHashMap<>();
        entity.fields().forEach(f -> values.put(f.name(), null));
        values.putAll(validation.check(connection, entity, submitted, RecordValidation.Purpose.CREATE,
                access.linked(actor), actor.isSystem() ? null : actor.username()).valuesOrThrow());
        computed.fill(entity, values);
        RollupKeeper.fillNew(entity, values);
        wholeRecord.refuseBroken(connection, entity, values, null);
        rollups.lockTargets(connection, entity, null, values, null);
        RecordData created = WholeRecordChecks.guarding(entity,
                () -> writer.create(connection, origin, actor.username(), entity, values));
        access.refuseCreateOutsideScope(connection, actor, entity, created.id());
        rollups.changed(connection, entity, created.id(), null, created.values());
        return created;
    }

    /** Applies changes to the version the client read; a newer version in storage answers 409. */
    public RecordData update(Origin origin, Actor actor, String entityName, String id, int expectedVersion,
                             Map<String, Object> input) {
        RecordData updated = inline.inTransaction(entityName, c -> {
            rollups.readCommitted(c, entity(entityName));
            return update(c, origin, actor, entityName, id, expectedVersion, input);
        }, this::seenAgain, afterCommit);
        return updated;
    }

    /**
     * The same change on the caller's connection (a process step in Flowable's transaction, a mass
     * action's batch); {@code expectedVersion} null changes whatever version is stored, under the row lock.
     */
    public RecordData update(Connection connection, Origin origin, Actor actor, String entityName, String id,
                             Integer expectedVersion, Map<String, Object> input) {
        EntityDefinition entity = entity(entityName);
        rollups.lockStored(connection, entity, id, input);
        RecordData current = lockReadable(connection, actor, entity, id);
        rollups.lockTargets(connection, entity, id, current.values(), input); // moved meanwhile: rare, locked again
        if (expectedVersion != null && current.version() != expectedVersion) {
            throw RecordProblems.stale(entity, id, expectedVersion, current.version());
        }
        Map<String, Object> values = new LinkedHashMap<>(current.values());
        values.putAll(validation.check(connection, entity, input, RecordValidation.Purpose.UPDATE,
                access.linked(actor), actor.isSystem() ? null : actor.username()).valuesOrThrow());
        computed.fill(entity, values);
        wholeRecord.refuseBroken(connection, entity, values, id);
        RecordData changed = WholeRecordChecks.guarding(entity,
                () -> writer.update(connection, origin, actor.username(), entity, current, values));
        rollups.changed(connection, entity, id, current.values(), changed.values());
        return changed;
    }

    /** Moves a record the actor may change to the {@link RecycleBin}; its history stays. */
    public void delete(Origin origin, Actor actor, String entityName, String id, Integer expectedVersion) {
        database.inTransaction(connection -> {
            rollups.readCommitted(connection, entity(entityName));
            delete(connection, origin, actor, entityName, id, expectedVersion);
            return null;
        });
        afterCommit.run();
    }

    /** Deletes in the caller's transaction; a null {@code expectedVersion} deletes whatever version is current. */
    public void delete(Connection connection, Origin origin, Actor actor, String entityName, String id,
                       Integer expectedVersion) {
        EntityDefinition entity = entity(entityName);
        rollups.lockStored(connection, entity, id, null);
        RecordData current = lockReadable(connection, actor, entity, id);
        rollups.lockTargets(connection, entity, id, current.values(), null);
        if (expectedVersion != null && current.version() != expectedVersion) {
            throw RecordProblems.stale(entity, id, expectedVersion, current.version());
        }
        bin.keep(connection, entity, current, current.version() + 1, actor.username());
        writer.delete(connection, origin, actor.username(), entity, current);
        rollups.changed(connection, entity, id, current.values(), null);
    }

    /** The row under lock if the actor may read it (else 404) and change it (else 403). */
    private RecordData lockReadable(Connection connection, Actor actor, EntityDefinition entity, String id) {
        RecordData current = store.findForUpdate(connection, entity, id, access.condition(actor, entity, Operation.READ))
                .orElseThrow(() -> RecordProblems.notFound(entity, id));
        access.refuseUnlessWritable(connection, actor, entity, id);
        return current;
    }

    public RecordData get(Actor actor, String entityName, String id) {
        EntityDefinition entity = entity(entityName);
        return database.withConnection(c -> store.find(c, entity, id, access.condition(actor, entity, Operation.READ))
                .orElseThrow(() -> RecordProblems.notFound(entity, id)));
    }

    /**
     * The record again when a process started by its change changed it in the same transaction (an
     * inline start whose first steps update it): the answer then shows what commits, its version
     * included, so the client's next update does not meet a 409. A record the process deleted is
     * answered as written.
     */
    private RecordData seenAgain(Connection connection, RecordData written, Set<String> changed) {
        if (!changed.contains(written.id())) {
            return written;
        }
        return find(connection, entity(written.entity()), written.id()).orElse(written);
    }

    /** A record as the system sees it (a consumer starting processes for it), in the caller's transaction. */
    public Optional<RecordData> find(Connection connection, EntityDefinition entity, String id) {
        return store.find(connection, entity, id, DSL.noCondition());
    }

    /**
     * A page of the records the actor may read: equality parameters, a filter in the rule language
     * (an invalid one answers 422 naming its position; linked records count only where readable),
     * an indexed sort, a cursor, and a count only when asked.
     */
    public RecordPage list(Actor actor, String entityName, RecordQuery.Request request) {
        return database.withConnection(c -> list(c, actor, entityName, request));
    }

    public RecordPage list(Connection connection, Actor actor, String entityName, RecordQuery.Request request) {
        EntityDefinition entity = entity(entityName);
        return query.list(connection, entity, request, access.condition(actor, entity, Operation.READ),
                access.linked(actor));
    }

    /** Records of every entity the actor may read matching {@code q}: see {@link RecordSearch}. */
    public List<RecordSearch.Hit> search(Actor actor, String q, int limit) {
        return search.search(actor, q, limit);
    }

    /**
     * Kanban columns: how many of the records the actor may read that match the filter hold each
     * value of {@code by} (a choice or user field). See {@link RecordGroups}.
     */
    public List<RecordGroups.Group> groups(Actor actor, String entityName, String by, Map<String, String> equals,
                                           String filter) {
        EntityDefinition entity = entity(entityName);
        FieldDefinition field = RecordGroups.groupable(entity, by);
        return database.withConnection(c -> RecordGroups.of(field, store.countBy(c, entity,
                DSL.field(DSL.name(field.name()), EntitySchema.columnType(field)),
                query.matching(entity, equals, filter, access.condition(actor, entity, Operation.READ), access.linked(actor)))));
    }

    /**
     * Up to {@code limit} ids, in id order after {@code afterId} (null: from the start), of the
     * records the actor may read that match {@code filter}: how a mass action fixes what a filter
     * selects, one keyset step at a time.
     */
    public List<String> matchingIds(Connection connection, Actor actor, String entityName, String filter,
                                    String afterId, int limit) {
        EntityDefinition entity = entity(entityName);
        Condition matching = query.matching(entity, Map.of(), filter, access.condition(actor, entity, Operation.READ),
                access.linked(actor));
        return store.ids(connection, entity, afterId == null ? matching : matching.and(RecordStore.ID.gt(afterId)), limit);
    }

    /**
     * Checks values as a change to any record of the entity would be checked (types, options,
     * users and linked records that exist and the actor may read); 422 naming the fields. A mass
     * action checks its values once before it starts rather than failing on every record.
     */
    public void checkChange(Actor actor, String entityName, Map<String, Object> values) {
        EntityDefinition entity = entity(entityName);
        database.withConnection(c -> validation.check(c, entity, values, RecordValidation.Purpose.UPDATE,
                access.linked(actor)).valuesOrThrow());
    }

    /** The field naming who is responsible for a record of the entity (the one a scope of "own" reads), if any. */
    public Optional<String> ownerField(String entityName) {
        return store.owner(entity(entityName)).map(org.jooq.Field::getName);
    }

    /** Checks a filter against an entity as a list would (422 with its position when the rule is rejected). */
    public void checkFilter(String entityName, String filter) {
        EntityDefinition entity = entity(entityName);
        query.matching(entity, Map.of(), filter, DSL.noCondition(), (linked, alias) -> DSL.noCondition());
    }

    /**
     * Every change to a record. Only an unrestricted reader sees the history of a deleted record:
     * without the row there is no responsible user to judge by.
     */
    public List<FieldChange> history(Actor actor, String entityName, String id) {
        EntityDefinition entity = entity(entityName);
        return database.withConnection(c -> {
            if (!access.within(c, actor, entity, id, Operation.READ)) {
                throw RecordProblems.notFound(entity, id);
            }
            List<FieldChange> history = store.history(c, entity.name(), id);
            if (history.isEmpty() && !store.exists(c, entity, id)) {
                throw RecordProblems.notFound(entity, id);
            }
            return history;
        });
    }

    /** Ids among {@code ids} the actor may read; none for an unknown entity. */
    public Set<String> readable(Actor actor, String entityName, Collection<String> ids) {
        EntityDefinition entity = catalog().find(entityName).orElse(null);
        if (entity == null || ids.isEmpty()) {
            return Set.of();
        }
        return access.readable(database, actor, entity, ids);
    }

    /** The file store, once it runs: file fields may then hold its files (see {@link Attachments}). */
    public void acceptFiles(Attachments files) {
        this.attachments = files;
    }

    /** Work on a connection of its own with the actor's read scope over any entity's table. */
    <T> T withReadScope(Actor actor, java.util.function.BiFunction<Connection,
            java.util.function.BiFunction<EntityDefinition, org.jooq.Name, org.jooq.Condition>, T> work) {
        return database.withConnection(c -> work.apply(c, access.linked(actor)));
    }

    /**
     * The records linked to a readable record, both ways, each group its first
     * {@link LinkedRecords#FIRST} readable records and how many the actor may read in all.
     */
    public List<LinkedRecords.Group> linked(Actor actor, String entityName, String id) {
        EntityDefinition entity = entity(entityName);
        return database.withConnection(c -> {
            RecordData record = store.find(c, entity, id, access.condition(actor, entity, Operation.READ))
                    .orElseThrow(() -> RecordProblems.notFound(entity, id));
            return new LinkedRecords(store, catalog(), access.linked(actor)).of(c, entity, record);
        });
    }

    /** The records among {@code ids} the actor may read, by id, in one query (an inbox shows each task's record). */
    public Map<String, RecordData> readableRecords(Actor actor, String entityName, Collection<String> ids) {
        return readableRecords(actor, entityName, ids, null);
    }

    /**
     * As above, only those matching {@code filter} (a list's filter; null for all), a few hundred ids
     * a query: a pipeline board narrows the records its process runs for.
     */
    public Map<String, RecordData> readableRecords(Actor actor, String entityName, Collection<String> ids, String filter) {
        EntityDefinition entity = catalog().find(entityName).orElse(null);
        if (entity == null || ids.isEmpty()) {
            return Map.of();
        }
        Condition readable = filter == null ? access.condition(actor, entity, Operation.READ)
                : query.matching(entity, Map.of(), filter, access.condition(actor, entity, Operation.READ), access.linked(actor));
        Map<String, RecordData> found = new java.util.HashMap<>();
        List<String> all = List.copyOf(new java.util.LinkedHashSet<>(ids));
        for (int from = 0; from < all.size(); from += ID_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + ID_BATCH));
            Condition byId = DSL.field(DSL.name(entity.tableName(), "id"), String.class).in(batch);
            database.withConnection(c -> store.page(c, entity, byId.and(readable), RecordSort.NEWEST_FIRST, batch.size()))
                    .forEach(r -> found.put(r.id(), r));
        }
        return found;
    }

    /** The field naming a record's responsible user ({@link RecordStore#owner}), if the entity has one. */
    public Optional<String> ownerField(EntityDefinition entity) {
        return store.owner(entity).map(org.jooq.Field::getName);
    }

    public EntityDefinition entity(String name) {
        return catalog().find(name).orElseThrow(() -> DomainError.notFound(Message.of("record.entity.unknown", name)));
    }
}
