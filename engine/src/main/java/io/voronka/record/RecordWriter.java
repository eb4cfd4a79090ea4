package io.voronka.record;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.event.InlineReactions;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.event.Outbox;
import io.voronka.kernel.event.RecordEvent;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.field.FieldValues;
import java.util.function.Supplier;
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
import java.util.UUID;
import org.jooq.impl.DSL;

/**
 * Stores values that already passed {@link RecordValidation}: the record row, its history, its
 * domain event and its search terms ({@link SearchTerms}), on the caller's connection so they
 * commit or roll back together. A create is a fixed number of statements whatever the entity's
 * width: one row, one history insert carrying a row per field, one terms insert, one event.
 */
public final class RecordWriter {

    private final Supplier<EntityCatalog> catalogs;
    private final RecordStore store;
    private final Outbox outbox;

    public RecordWriter(Supplier<EntityCatalog> catalogs, RecordStore store, Outbox outbox) {
        this.catalogs = catalogs;
        this.store = store;
        this.outbox = outbox;
    }

    /** Inserts a new record holding {@code values} (every field of the entity, null where empty). */
    public RecordData create(Connection connection, Origin origin, String actor, EntityDefinition entity,
                             Map<String, Object> values) {
        LocalDateTime now = now();
        RecordData record = new RecordData(UUID.randomUUID().toString(), entity.name(), 1, now, now, actor, values);
        store.insert(connection, entity, record);
        List<FieldChange> history = new ArrayList<>();
        values.forEach((name, value) -> {
            // A rollup's starting 0 is no one's entry; its later moves belong to the linked records' history.
            if (value != null && entity.field(name).map(f -> f.type() != FieldType.ROLLUP).orElse(true)) {
                history.add(new FieldChange(1, actor, now, name, null, FieldValues.display(value)));
            }
        });
        store.appendHistory(connection, entity.name(), record.id(), history);
        SearchTerms.write(connection, store, entity, record.id(), values);
        outbox.publish(connection, RecordEvent.Type.CREATED, entity.name(), record.id(), 1, actor,
                history.stream().map(FieldChange::field).toList(), origin);
        InlineReactions.wrote(connection, record.id(), record);
        return record;
    }

    /**
     * Stores {@code values} over {@code current} (read under a row lock); returns {@code current}
     * unchanged when nothing differs. A row moved on meanwhile answers 409.
     */
    public RecordData update(Connection connection, Origin origin, String actor, EntityDefinition entity, RecordData current,
                             Map<String, Object> values) {
        int version = current.version() + 1;
        LocalDateTime now = now();
        Map<String, Object> changed = new LinkedHashMap<>();
        List<FieldChange> history = new ArrayList<>();
        values.forEach((name, value) -> {
            Object before = current.values().get(name);
            if (!sameValue(before, value)) {
                changed.put(name, value);
                history.add(new FieldChange(version, actor, now, name, FieldValues.display(before), FieldValues.display(value)));
            }
        });
        if (changed.isEmpty()) {
            return current;
        }
        if (!store.update(connection, entity, current.id(), current.version(), changed, now)) {
            throw RecordProblems.stale(entity, current.id(), current.version(), -1);
        }
        store.appendHistory(connection, entity.name(), current.id(), history);
        if (SearchTerms.touched(entity, current.values(), values)) {
            SearchTerms.replace(store.sql(connection), entity, current.id(), values);
        }
        outbox.publish(connection, RecordEvent.Type.UPDATED, entity.name(), current.id(), version, actor,
                List.copyOf(changed.keySet()), origin);
        RecordData updated = new RecordData(current.id(), entity.name(), version, current.createdAt(), now, current.createdBy(), values);
        InlineReactions.wrote(connection, updated.id(), updated);
        return updated;
    }

    /** Deletes {@code current} unless another record still links to it (409). */
    public void delete(Connection connection, Origin origin, String actor, EntityDefinition entity, RecordData current) {
        refuseWhileLinked(connection, entity, current.id());
        store.delete(connection, entity, current.id(), current.version());
        SearchTerms.delete(store.sql(connection), entity.name(), List.of(current.id()));
        int version = current.version() + 1;
        store.appendHistory(connection, entity.name(), current.id(),
                List.of(new FieldChange(version, actor, now(), "(record)", "exists", "deleted")));
        outbox.publish(connection, RecordEvent.Type.DELETED, entity.name(), current.id(), version, actor, List.of(), origin);
    }

    private void refuseWhileLinked(Connection connection, EntityDefinition entity, String id) {
        for (EntityDefinition other : catalogs.get().all()) {
            for (FieldDefinition f : other.fields()) {
                if (f.type() == FieldType.LINK && entity.name().equals(f.link())
                        && store.countUpTo(connection, other, DSL.and(store.conditions(other, Map.of(f.name(), id))), 1) > 0) {
                    throw DomainError.conflict(Message.of("record.still-linked", entity.name(), id,
                            other.labelPlural(), f.name()));
                }
                if (f.type() == FieldType.LINKS && entity.name().equals(f.link())
                        && store.linkSets().linkedTo(connection, other, f, id)) {
                    throw DomainError.conflict(Message.of("record.still-linked", entity.name(), id,
                            other.labelPlural(), f.name()));
                }
            }
        }
    }

    /** Millisecond precision, as the columns store it, so what a create returns is what a read returns. */
    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof io.voronka.kernel.field.Money x && b instanceof io.voronka.kernel.field.Money y) {
            return x.amount().compareTo(y.amount()) == 0 && x.currency().equals(y.currency());
        }
        return Objects.equals(a, b);
    }
}
