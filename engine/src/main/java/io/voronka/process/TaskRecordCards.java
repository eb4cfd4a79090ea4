package io.voronka.process;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.record.RecordData;
import io.voronka.record.RecordService;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a task shows of its record beside it: the record's title (its title fields) and its first
 * phone, read with the caller's scope (one query per entity for a whole inbox), so the manager
 * calls in one click from the inbox.
 */
public final class TaskRecordCards {

    public record Card(String title, String phone) {
    }

    private final RecordService records;

    public TaskRecordCards(RecordService records) {
        this.records = records;
    }

    /** The cards of these records the user may read; a deleted or unreadable record has none. */
    public Map<Inbox.RecordRef, Card> cards(Actor user, Collection<Inbox.RecordRef> refs) {
        Map<String, Set<String>> idsByEntity = new HashMap<>();
        refs.forEach(r -> idsByEntity.computeIfAbsent(r.entity(), e -> new HashSet<>()).add(r.id()));
        Map<Inbox.RecordRef, Card> cards = new HashMap<>();
        idsByEntity.forEach((entityName, ids) -> {
            EntityDefinition entity = records.catalog().find(entityName).orElse(null);
            if (entity != null) {
                records.readableRecords(user, entityName, ids)
                        .forEach((id, record) -> cards.put(new Inbox.RecordRef(entityName, id), card(entity, record)));
            }
        });
        return cards;
    }

    private static Card card(EntityDefinition entity, RecordData record) {
        String title = entity.titleFields().stream().map(record.values()::get).filter(Objects::nonNull)
                .map(Object::toString).collect(Collectors.joining(" "));
        String phone = entity.fields().stream().filter(f -> f.type() == FieldType.PHONE)
                .map(f -> record.values().get(f.name())).filter(Objects::nonNull).map(Object::toString)
                .findFirst().orElse(null);
        return new Card(title.isEmpty() ? null : title, phone);
    }
}
