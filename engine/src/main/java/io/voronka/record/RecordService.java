package io.voronka.record;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.impl.DSL;

/**
 * The record facade: each change is checked ({@link RecordValidation}), completed with computed
 * fields, then stored with its history and domain event ({@link RecordWriter}) in one transaction;
 * lists are read by {@link RecordQuery}. Methods taking a {@link Connection} join the caller's
 * transaction (a process step creating a deal); the others open their own.
 */
public final class RecordService {

    private final Database database;
    private final EntityCatalog catalog;
    private final RecordStore store;
    private final RecordValidation validation;
    private final ComputedFields computed;
    private final RecordWriter writer;
    private final RecordQuery query;
    private final Runnable afterCommit;

    /** A service whose events have no consumers (tests and benchmarks of the record path alone). */
    public RecordService(Database database, EntityCatalog catalog, FieldValues fieldValues, UserDirectory users,
                         Runnable afterCommit) {
        this(database, catalog, fieldValues, users, new Outbox(database.dialect(), List.of()), afterCommit,
                new RuleSandbox(), Clock.systemDefaultZone(), RecordQuery.DEFAULT_COUNT_LIMIT);
    }

    /** A service whose events have no consumers (tests and benchmarks of the record path alone). */
    public RecordService(Database database, EntityCatalog catalog, FieldValues fieldValues, UserDirectory users,
                         Runnable afterCommit, RuleSandbox sandbox, Clock clock) {
        this(database, catalog, fieldValues, users, new Outbox(database.dialect(), List.of()), afterCommit, sandbox,
                clock, RecordQuery.DEFAULT_COUNT_LIMIT);
    }

    /**
     * {@code outbox} receives every change's event for its consumers; {@code afterCommit} runs after a
     * change this service committed itself; {@code sandbox} checks list filters within its limits and
     * {@code clock} is their today(); lists count exactly up to {@code countLimit} matches.
     */
    public RecordService(Database database, EntityCatalog catalog, FieldValues fieldValues, UserDirectory users,
                         Outbox outbox, Runnable afterCommit, RuleSandbox sandbox, Clock clock, int countLimit) {
        this.database = database;
        this.catalog = catalog;
        this.store = new RecordStore(database.dialect());
        this.validation = new RecordValidation(catalog, fieldValues, users, store);
        this.computed = new ComputedFields(catalog, fieldValues);
        this.writer = new RecordWriter(catalog, store, outbox);
        this.query = new RecordQuery(database, catalog, store, fieldValues, sandbox, clock, countLimit);
        this.afterCommit = afterCommit;
    }

    public EntityCatalog catalog() {
        return catalog;
    }

    /** The checks every path that stores or submits values goes through (task forms, import). */
    public RecordValidation validation() {
        return validation;
    }

    /** Creates a record in a transaction of its own; {@code origin} tells consumers where it came from. */
    public RecordData create(Origin origin, String actor, String entityName, Map<String, Object> input) {
        RecordData created = database.inTransaction(c -> create(c, origin, actor, entityName, input));
        afterCommit.run();
        return created;
    }

    public RecordData create(Connection connection, Origin origin, String actor, String entityName,
                             Map<String, Object> input) {
        EntityDefinition entity = entity(entityName);
        Map<String, Object> values = new LinkedHashMap<>();
        entity.fields().forEach(f -> values.put(f.name(), null));
        values.putAll(validation.check(connection, entity, input, RecordValidation.Purpose.CREATE).valuesOrThrow());
        computed.fill(entity, values);
        return writer.create(connection, origin, actor, entity, values);
    }

    /** Applies changes to the version the client read; a newer version in storage answers 409. */
    public RecordData update(Origin origin, String actor, String entityName, String id, int expectedVersion, Map<String, Object> input) {
        EntityDefinition entity = entity(entityName);
        RecordData updated = database.inTransaction(connection -> {
            RecordData current = store.findForUpdate(connection, entity, id)
                    .orElseThrow(() -> RecordProblems.notFound(entity, id));
            if (current.version() != expectedVersion) {
                throw RecordProblems.stale(entity, id, expectedVersion, current.version());
            }
            Map<String, Object> values = new LinkedHashMap<>(current.values());
            values.putAll(validation.check(connection, entity, input, RecordValidation.Purpose.UPDATE).valuesOrThrow());
            computed.fill(entity, values);
            return writer.update(connection, origin, actor, entity, current, values);
        });
        afterCommit.run();
        return updated;
    }

    public void delete(Origin origin, String actor, String entityName, String id, Integer expectedVersion) {
        EntityDefinition entity = entity(entityName);
        database.inTransaction(connection -> {
            RecordData current = store.findForUpdate(connection, entity, id)
                    .orElseThrow(() -> RecordProblems.notFound(entity, id));
            if (expectedVersion != null && current.version() != expectedVersion) {
                throw RecordProblems.stale(entity, id, expectedVersion, current.version());
            }
            writer.delete(connection, origin, actor, entity, current);
            return null;
        });
        afterCommit.run();
    }

    public RecordData get(String entityName, String id) {
        EntityDefinition entity = entity(entityName);
        return database.withConnection(c -> get(c, entity, id));
    }

    public RecordData get(Connection connection, EntityDefinition entity, String id) {
        return store.find(connection, entity, id).orElseThrow(() -> RecordProblems.notFound(entity, id));
    }

    public Optional<RecordData> find(Connection connection, EntityDefinition entity, String id) {
        return store.find(connection, entity, id);
    }

    /**
     * A page of records: equality parameters, a filter in the rule language (an invalid one answers
     * 422 naming its position), an indexed sort, a cursor, and a count only when asked.
     */
    public RecordPage list(String entityName, RecordQuery.Request request) {
        return query.list(entity(entityName), request);
    }

    public RecordPage list(Connection connection, String entityName, RecordQuery.Request request) {
        return query.list(connection, entity(entityName), request, DSL.noCondition());
    }

    public List<FieldChange> history(String entityName, String id) {
        EntityDefinition entity = entity(entityName);
        return database.withConnection(c -> {
            List<FieldChange> history = store.history(c, entity.name(), id);
            if (history.isEmpty() && !store.exists(c, entity, id)) {
                throw RecordProblems.notFound(entity, id);
            }
            return history;
        });
    }

    public EntityDefinition entity(String name) {
        return catalog.find(name).orElseThrow(() -> DomainError.notFound("no entity called '" + name + "'"));
    }
}
