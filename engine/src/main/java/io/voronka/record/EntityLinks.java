package io.voronka.record;

import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Every link an entity takes part in, named from its side: its own link fields (a deal's
 * {@code contact_id}, a contact's many-to-many {@code tags}) and the fields of other entities that
 * point at it, under their inverse name ({@code deals} on a contact: {@code "inverse":{"name":"deals"}},
 * or the other entity's name plus "s" when the link names none). Filters, the linked-records card
 * and deletes all read links from here, so they agree on what is linked to what.
 */
final class EntityLinks {

    enum Direction { OUTGOING, INCOMING }

    /**
     * One link seen from an entity. {@code holder} is the entity whose field {@code field} holds it;
     * {@code other} the entity at the far end; {@code many} whether the far end can be several records.
     */
    record Relation(String name, String label, Direction direction, EntityDefinition holder, FieldDefinition field,
                    EntityDefinition other) {

        boolean many() {
            return direction == Direction.INCOMING || field.type() == FieldType.LINKS;
        }

        /** A many-to-many link: its pairs are rows of the field's link table. */
        boolean throughTable() {
            return field.type() == FieldType.LINKS;
        }

        String directionJson() {
            return direction == Direction.OUTGOING ? "outgoing" : "incoming";
        }
    }

    private EntityLinks() {
    }

    /** Outgoing links first (in field order), then the incoming ones by entity. */
    static List<Relation> of(EntityDefinition entity, Collection<EntityDefinition> all) {
        List<Relation> relations = new ArrayList<>();
        for (FieldDefinition f : entity.fields()) {
            if (isLink(f)) {
                all.stream().filter(e -> e.name().equals(f.link())).findFirst().ifPresent(target ->
                        relations.add(new Relation(f.name(), f.label(), Direction.OUTGOING, entity, f, target)));
            }
        }
        for (EntityDefinition other : all) {
            for (FieldDefinition f : other.fields()) {
                if (isLink(f) && entity.name().equals(f.link())) {
                    relations.add(new Relation(inverseName(other, f), f.inverse() == null ? other.labelPlural()
                            : f.inverse().label(), Direction.INCOMING, other, f, other));
                }
            }
        }
        return relations;
    }

    /**
     * The list a rule names by {@code name}: a many-to-many field of the entity, or the records
     * linking here. A declared inverse name wins over a made-up one ({@code deals}), the first
     * field wins among several that would make up the same name.
     */
    static Optional<Relation> list(EntityDefinition entity, Collection<EntityDefinition> all, String name) {
        List<Relation> many = of(entity, all).stream().filter(Relation::many).filter(r -> r.name().equals(name)).toList();
        return many.stream().filter(r -> r.direction() == Direction.OUTGOING || r.field().inverse() != null).findFirst()
                .or(() -> many.stream().findFirst());
    }

    static String inverseName(EntityDefinition holder, FieldDefinition field) {
        return field.inverse() != null && field.inverse().name() != null ? field.inverse().name() : holder.name() + "s";
    }

    private static boolean isLink(FieldDefinition f) {
        return f.type() == FieldType.LINK || f.type() == FieldType.LINKS;
    }
}
