package io.voronka.record;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldValues;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jooq.Condition;
import org.jooq.Name;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A card's linked records, both ways: a deal shows its contact, a contact its deals (under the
 * link's inverse name) and the records its many-to-many fields hold. Every group is there even
 * when empty, so a card can offer "create linked"; each reads only what the reader may read, newest
 * first along the link's index.
 */
final class LinkedRecords {

    /** Records shown per group; the rest are a list away ({@code filter} on the linked entity). */
    static final int FIRST = 20;
    /** Totals are exact up to here, as list counts are. */
    static final int COUNT_CEILING = RecordQuery.DEFAULT_COUNT_LIMIT;

    record Item(String id, String title) {
    }

    record Group(String entity, String field, String label, String direction, List<Item> items, long total) {
    }

    private final RecordStore store;
    private final EntityCatalog catalog;
    private final BiFunction<EntityDefinition, Name, Condition> readable;

    LinkedRecords(RecordStore store, EntityCatalog catalog, BiFunction<EntityDefinition, Name, Condition> readable) {
        this.store = store;
        this.catalog = catalog;
        this.readable = readable;
    }

    List<Group> of(Connection connection, EntityDefinition entity, RecordData record) {
        List<Group> groups = new ArrayList<>();
        for (EntityLinks.Relation relation : EntityLinks.of(entity, catalog.all())) {
            EntityDefinition other = relation.other();
            Condition linked = DSL.and(condition(relation, record), readable.apply(other, name(other.tableName())));
            List<Item> items = store.page(connection, other, linked, RecordSort.parse(null), FIRST).stream()
                    .map(r -> new Item(r.id(), title(other, r))).toList();
            long total = items.size() < FIRST ? items.size() : store.countUpTo(connection, other, linked, COUNT_CEILING);
            groups.add(new Group(other.name(), relation.field().name(), relation.label(), relation.directionJson(),
                    items, total));
        }
        return groups;
    }

    /** The far end's records of one link, as a condition over the far end's table. */
    private static Condition condition(EntityLinks.Relation relation, RecordData record) {
        FieldDefinition field = relation.field();
        boolean outgoing = relation.direction() == EntityLinks.Direction.OUTGOING;
        if (relation.throughTable()) {
            return outgoing ? LinkSets.heldBy(relation.holder(), field, record.id())
                    : LinkSets.holding(relation.holder(), field, record.id());
        }
        if (outgoing) {
            Object target = record.values().get(field.name());
            return target == null ? DSL.falseCondition() : RecordStore.ID.eq((String) target);
        }
        return field(name(relation.holder().tableName(), field.name()), SQLDataType.VARCHAR).eq(record.id());
    }

    /** A record as a picker shows it: its title fields in order, or its id when they are empty. */
    static String title(EntityDefinition entity, RecordData record) {
        List<String> parts = entity.titleFields().stream().map(f -> FieldValues.display(record.values().get(f)))
                .filter(Objects::nonNull).filter(s -> !s.isBlank()).toList();
        return parts.isEmpty() ? record.id() : String.join(" ", parts);
    }
}
