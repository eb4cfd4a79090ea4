package io.voronka.record;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.Operation;
import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.access.UserDirectory;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.event.Outbox;
import io.voronka.kernel.field.EntityDefinition;
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

    private final Database database;
    private final Supplier<EntityCatalog> catalogs;
    private final RecordStore store;
    private final RecordValidation validation;
    private final ComputedFields computed;
    private final RecordWriter writer;
    private final RecordQuery query;
    private final RecordAccess access;
    private final Runnable afterCommit;

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
        this.database = database;
        this.catalogs = catalogs;
        this.store = new RecordStore(database.dialect());
        this.validation = new RecordValidation(catalogs, fieldValues, users, store);
        this.computed = new ComputedFields(catalogs, fieldValues);
        this.writer = new RecordWriter(catalogs, store, outbox);
        this.query = new RecordQuery(database, catalogs, store, fieldValues, sandbox, clock, countLimit);
        this.access = new RecordAccess(scopes, store);
        this.afterCommit = afterCommit;
    }

    /** The definitions in force now; a caller that reads several things takes one snapshot and keeps it. */
    public EntityCatalog catalog() {
        return catalogs.get();
    }

    /** The checks every path that stores or submits values goes through (task forms, import). */
    public RecordValidation validation() {
        return validation;
    }

    /** Creates a record in a transaction of its own; {@code origin} tells consumers where it came from. */
    public RecordData create(Origin origin, Actor actor, String entityName, Map<String, Object> input) {
        RecordData created = database.inTransaction(c -> create(c, origin, actor, entityName, input));
        afterCommit.run();
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
                access.linked(actor)).valuesOrThrow());
        computed.fill(entity, values);
        RecordData created = writer.create(connection, origin, actor.username(), entity, values);
        access.refuseCreateOutsideScope(connection, actor, entity, created.id());
        return created;
    }

    /** Applies changes to the version the client read; a newer version in storage answers 409. */
    public RecordData update(Origin origin, Actor actor, String entityName, String id, int expectedVersion,
                             Map<String, Object> input) {
        RecordData updated = database.inTransaction(connection -> update(connection, origin, actor, entityName, id,
                expectedVersion, input));
        afterCommit.run();
        return updated;
    }

    /**
     * The same change on the caller's connection (a process step in Flowable's transaction);
     * {@code expectedVersion} null changes whatever version is stored, under the row lock.
     */
    public RecordData update(Connection connection, Origin origin, Actor actor, String entityName, String id,
                             Integer expectedVersion, Map<String, Object> input) {
        EntityDefinition entity = entity(entityName);
        RecordData current = lockReadable(connection, actor, entity, id);
        if (expectedVersion != null && current.version() != expectedVersion) {
            throw RecordProblems.stale(entity, id, expectedVersion, current.version());
        }
        Map<String, Object> values = new LinkedHashMap<>(current.values());
        values.putAll(validation.check(connection, entity, input, RecordValidation.Purpose.UPDATE,
                access.linked(actor)).valuesOrThrow());
        computed.fill(entity, values);
        return writer.update(connection, origin, actor.username(), entity, current, values);
    }

    public void delete(Origin origin, Actor actor, String entityName, String id, Integer expectedVersion) {
        EntityDefinition entity = entity(entityName);
        database.inTransaction(connection -> {
            RecordData current = lockReadable(connection, actor, entity, id);
            if (expectedVersion != null && current.version() != expectedVersion) {
                throw RecordProblems.stale(entity, id, expectedVersion, current.version());
            }
            writer.delete(connection, origin, actor.username(), entity, current);
            return null;
        });
        afterCommit.run();
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

    /** The records among {@code ids} the actor may read, by id, in one query (an inbox shows each task's record). */
    public Map<String, RecordData> readableRecords(Actor actor, String entityName, Collection<String> ids) {
        EntityDefinition entity = catalog().find(entityName).orElse(null);
        if (entity == null || ids.isEmpty()) {
            return Map.of();
        }
        org.jooq.Condition byId = DSL.field(DSL.name(entity.tableName(), "id"), String.class).in(ids);
        Map<String, RecordData> found = new java.util.HashMap<>();
        database.withConnection(c -> store.page(c, entity, byId.and(access.condition(actor, entity, Operation.READ)),
                RecordSort.NEWEST_FIRST, ids.size())).forEach(r -> found.put(r.id(), r));
        return found;
    }

    /** The field naming a record's responsible user ({@link RecordStore#owner}), if the entity has one. */
    public Optional<String> ownerField(EntityDefinition entity) {
        return store.owner(entity).map(org.jooq.Field::getName);
    }

    public EntityDefinition entity(String name) {
        return catalog().find(name).orElseThrow(() -> DomainError.notFound("no entity called '" + name + "'"));
    }
}
