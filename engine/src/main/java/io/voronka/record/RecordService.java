package io.voronka.record;

import io.voronka.kernel.event.Outbox;
import io.voronka.kernel.event.RecordEvent;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.field.FieldValues;

import io.voronka.kernel.error.ProblemException;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.rule.CheckedRule;
import io.voronka.kernel.rule.RuleFailed;
import io.voronka.kernel.rule.RuleRejected;
import io.voronka.record.RuleRoutes;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.rule.RuleSql;
import io.voronka.kernel.storage.Database;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating, changing and deleting records: validation, computed fields, history and the domain
 * event, all in one transaction. Methods taking a {@link Connection} join the caller's transaction
 * (a process step creating a deal); the others open their own.
 */
public final class RecordService {

    private static final Logger LOG = LoggerFactory.getLogger(RecordService.class);

    private final Database database;
    private final Supplier<EntityCatalog> catalogs;
    private final RecordStore store;
    private final Outbox outbox;
    private final FieldValues fieldValues;
    private final UserDirectory users;
    private final Runnable afterCommit;
    private final RuleSandbox sandbox;
    private final Clock clock;

    public RecordService(Database database, EntityCatalog catalog, FieldValues fieldValues, UserDirectory users,
                         Runnable afterCommit) {
        this(database, () -> catalog, fieldValues, users, afterCommit, new RuleSandbox(), Clock.systemDefaultZone());
    }

    /**
     * {@code catalogs} answers the entity definitions in force (they change while the node runs);
     * {@code sandbox} checks list filters within its limits; {@code clock} is their today().
     */
    public RecordService(Database database, Supplier<EntityCatalog> catalogs, FieldValues fieldValues, UserDirectory users,
                         Runnable afterCommit, RuleSandbox sandbox, Clock clock) {
        this.sandbox = sandbox;
        this.clock = clock;
        this.database = database;
        this.catalogs = catalogs;
        this.store = new RecordStore(database.dialect());
        this.outbox = new Outbox(database.dialect());
        this.fieldValues = fieldValues;
        this.users = users;
        this.afterCommit = afterCommit;
    }

    /** The definitions in force now; a caller that reads several things takes one snapshot and keeps it. */
    public EntityCatalog catalog() {
        return catalogs.get();
    }

    public RecordData create(String actor, String entityName, Map<String, Object> input) {
        RecordData created = database.inTransaction(c -> create(c, actor, entityName, input));
        afterCommit.run();
        return created;
    }

    public RecordData create(Connection connection, String actor, String entityName, Map<String, Object> input) {
        EntityDefinition entity = entity(entityName);
        Map<String, Object> values = new LinkedHashMap<>();
        entity.fields().forEach(f -> values.put(f.name(), null));
        values.putAll(validated(connection, entity, input, true));
        compute(entity, values);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        RecordData record = new RecordData(UUID.randomUUID().toString(), entity.name(), 1, now, now, actor, values);
        store.insert(connection, entity, record);
        List<FieldChange> changes = new ArrayList<>();
        values.forEach((name, value) -> {
            if (value != null) {
                changes.add(new FieldChange(1, actor, now, name, null, FieldValues.display(value)));
            }
        });
        store.appendHistory(connection, entity.name(), record.id(), changes);
        outbox.publish(connection, RecordEvent.Type.CREATED, entity.name(), record.id(), 1, actor,
                changes.stream().map(FieldChange::field).toList());
        return record;
    }

    /** Applies changes to the version the client read; a newer version in storage answers 409. */
    public RecordData update(String actor, String entityName, String id, int expectedVersion, Map<String, Object> input) {
        EntityDefinition entity = entity(entityName);
        RecordData updated = database.inTransaction(connection -> {
            RecordData current = store.findForUpdate(connection, entity, id)
                    .orElseThrow(() -> notFound(entity, id));
            if (current.version() != expectedVersion) {
                throw stale(entity, id, expectedVersion, current.version());
            }
            Map<String, Object> values = new LinkedHashMap<>(current.values());
            values.putAll(validated(connection, entity, input, false));
            compute(entity, values);
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            Map<String, Object> changed = new LinkedHashMap<>();
            List<FieldChange> history = new ArrayList<>();
            values.forEach((name, value) -> {
                Object before = current.values().get(name);
                if (!sameValue(before, value)) {
                    changed.put(name, value);
                    history.add(new FieldChange(expectedVersion + 1, actor, now, name,
                            FieldValues.display(before), FieldValues.display(value)));
                }
            });
            if (changed.isEmpty()) {
                return current;
            }
            if (!store.update(connection, entity, id, expectedVersion, changed, now)) {
                throw stale(entity, id, expectedVersion, -1);
            }
            store.appendHistory(connection, entity.name(), id, history);
            outbox.publish(connection, RecordEvent.Type.UPDATED, entity.name(), id, expectedVersion + 1, actor,
                    List.copyOf(changed.keySet()));
            return new RecordData(id, entity.name(), expectedVersion + 1, current.createdAt(), now,
                    current.createdBy(), values);
        });
        afterCommit.run();
        return updated;
    }

    public void delete(String actor, String entityName, String id, Integer expectedVersion) {
        EntityDefinition entity = entity(entityName);
        database.inTransaction(connection -> {
            RecordData current = store.findForUpdate(connection, entity, id).orElseThrow(() -> notFound(entity, id));
            if (expectedVersion != null && current.version() != expectedVersion) {
                throw stale(entity, id, expectedVersion, current.version());
            }
            for (EntityDefinition other : catalog().all()) {
                for (FieldDefinition f : other.fields()) {
                    if (f.type() == FieldType.LINK && entity.name().equals(f.link())
                            && store.count(connection, other, Map.of(f.name(), id), DSL.noCondition()) > 0) {
                        throw ProblemException.conflict(entity.name() + " " + id + " is still linked from "
                                + other.labelPlural() + " (" + f.name() + "); unlink or delete those first");
                    }
                }
            }
            store.delete(connection, entity, id, current.version());
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            store.appendHistory(connection, entity.name(), id,
                    List.of(new FieldChange(current.version() + 1, actor, now, "(record)", "exists", "deleted")));
            outbox.publish(connection, RecordEvent.Type.DELETED, entity.name(), id, current.version() + 1, actor, List.of());
            return null;
        });
        afterCommit.run();
    }

    public RecordData get(String entityName, String id) {
        EntityDefinition entity = entity(entityName);
        return database.withConnection(c -> get(c, entity, id));
    }

    public RecordData get(Connection connection, EntityDefinition entity, String id) {
        return store.find(connection, entity, id).orElseThrow(() -> notFound(entity, id));
    }

    public java.util.Optional<RecordData> find(Connection connection, EntityDefinition entity, String id) {
        return store.find(connection, entity, id);
    }

    public RecordPage list(String entityName, Map<String, String> filters, int limit, int offset) {
        return list(entityName, filters, null, limit, offset);
    }

    /**
     * A page of records matching the equality filters and {@code filter}, an expression of the rule
     * language compiled to SQL (null for none); an invalid filter answers 422 naming its position.
     */
    public RecordPage list(String entityName, Map<String, String> filters, String filter, int limit, int offset) {
        EntityDefinition entity = entity(entityName);
        Condition condition = filter == null ? DSL.noCondition() : compileFilter(entity, filter);
        Map<String, Object> typed = new LinkedHashMap<>();
        List<ValidationProblem> problems = new ArrayList<>();
        filters.forEach((name, text) -> {
            FieldDefinition field = entity.field(name).orElse(null);
            if (field == null) {
                problems.add(new ValidationProblem(name, "unknown", "is not a field of " + entity.name()));
            } else {
                typed.put(name, fieldValues.coerce(field, fromQuery(field, text), name, problems));
            }
        });
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest(problems.getFirst().field(), problems.getFirst().rule(),
                    problems.getFirst().message());
        }
        return database.withConnection(c -> new RecordPage(store.list(c, entity, typed, condition, limit, offset),
                store.count(c, entity, typed, condition)));
    }

    private Condition compileFilter(EntityDefinition entity, String source) {
        if (source.isBlank()) {
            throw ProblemException.invalid("filter", "required", "the filter is empty");
        }
        try {
            EntityCatalog catalog = catalog();
            EntityRuleSchema schema = catalog.ruleSchema(entity, true);
            CheckedRule rule = sandbox.expression("filter", source, schema);
            return RuleSql.filter(rule, new EntityRuleTables(schema, catalog), database.dialect(), clock);
        } catch (RuleRejected rejected) {
            throw RuleRoutes.rejected("filter", rejected);
        }
    }

    public List<FieldChange> history(String entityName, String id) {
        EntityDefinition entity = entity(entityName);
        return database.withConnection(c -> {
            List<FieldChange> history = store.history(c, entity.name(), id);
            if (history.isEmpty() && !store.exists(c, entity, id)) {
                throw notFound(entity, id);
            }
            return history;
        });
    }

    public EntityDefinition entity(String name) {
        return catalog().find(name).orElseThrow(() -> ProblemException.notFound("no entity called '" + name + "'"));
    }

    private Map<String, Object> validated(Connection connection, EntityDefinition entity, Map<String, Object> input,
                                          boolean creating) {
        List<ValidationProblem> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        input.forEach((name, json) -> {
            String path = "values." + name;
            FieldDefinition field = entity.field(name).orElse(null);
            if (field == null) {
                problems.add(new ValidationProblem(path, "unknown", "is not a field of " + entity.name()));
            } else if (field.isComputed()) {
                problems.add(new ValidationProblem(path, "readOnly", "is computed by a rule and cannot be set"));
            } else {
                Object value = fieldValues.coerce(field, json, path, problems);
                if (value == null && json == null && field.required()) {
                    problems.add(new ValidationProblem(path, "required", "is required"));
                }
                values.put(name, value);
            }
        });
        if (creating) {
            entity.fields().stream().filter(f -> f.required() && !input.containsKey(f.name()))
                    .forEach(f -> problems.add(new ValidationProblem("values." + f.name(), "required", "is required")));
        }
        if (problems.isEmpty()) {
            checkReferences(connection, entity, values, problems);
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        return values;
    }

    private void checkReferences(Connection connection, EntityDefinition entity, Map<String, Object> values,
                                 List<ValidationProblem> problems) {
        values.forEach((name, value) -> {
            FieldDefinition field = entity.field(name).orElseThrow();
            if (value == null) {
                return;
            }
            if (field.type() == FieldType.LINK && !store.exists(connection, entity(field.link()), (String) value)) {
                problems.add(new ValidationProblem("values." + name, "exists", "no " + field.link() + " with id " + value));
            }
            if (field.type() == FieldType.USER && !users.exists(connection, (String) value)) {
                problems.add(new ValidationProblem("values." + name, "exists", "no user called " + value));
            }
        });
    }

    /** Fills computed fields in definition order; a later rule sees what an earlier one computed. */
    private void compute(EntityDefinition entity, Map<String, Object> values) {
        EntityCatalog catalog = catalog();
        EntityDefinition inForce = catalog.find(entity.name()).orElse(null);
        if (inForce != entity && !entity.equals(inForce)) {
            // The definition changed between reading it and computing: its rules may name other fields.
            throw ProblemException.conflict("the definition of " + entity.name() + " changed while this was saved; try again");
        }
        for (Map.Entry<String, CheckedRule> e : catalog.computedFields(entity.name()).entrySet()) {
            FieldDefinition field = entity.field(e.getKey()).orElseThrow();
            try {
                Object raw = e.getValue().evaluate(values);
                if (field.type() == FieldType.NUMBER && raw instanceof Number n) {
                    raw = n.longValue(); // MVEL arithmetic on decimals yields BigDecimal; a score is whole
                }
                List<ValidationProblem> problems = new ArrayList<>();
                Object typed = fieldValues.coerce(field, raw, field.name(), problems);
                if (!problems.isEmpty()) {
                    LOG.warn("rule {} gave {} for {}.{}: {}", e.getValue().name(), raw, entity.name(), field.name(),
                            problems.getFirst().message());
                }
                values.put(field.name(), typed);
            } catch (RuleFailed ex) {
                // A rule over its budget must not lose the record the user is saving; the field stays empty.
                LOG.warn("rule {} failed for {}: {}", e.getValue().name(), entity.name(), ex.getMessage());
                values.put(field.name(), null);
            }
        }
    }

    private static Object fromQuery(FieldDefinition field, String text) {
        try {
            return switch (field.type()) {
                case BOOLEAN -> "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : text;
                case NUMBER -> Long.parseLong(text);
                case DECIMAL -> new BigDecimal(text);
                default -> text;
            };
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }

    private static ProblemException notFound(EntityDefinition entity, String id) {
        return ProblemException.notFound("no " + entity.name() + " with id " + id);
    }

    private static ProblemException stale(EntityDefinition entity, String id, int expected, int actual) {
        return ProblemException.conflict(entity.name() + " " + id + " was changed by someone else: you read version "
                + expected + (actual > 0 ? ", it is now at version " + actual : "") + "; reload and try again");
    }
}
