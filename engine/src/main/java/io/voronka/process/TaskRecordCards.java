package io.voronka.process;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.record.RecordData;
import io.voronka.record.RecordService;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a task shows of its record beside it: the record's title (its title fields) and its first
 * phone, read with the caller's scope, so the manager calls in one click from the inbox.
 */
public final class TaskRecordCards {

    public record Card(String title, String phone) {
    }

    private final RecordService records;

    public TaskRecordCards(RecordService records) {
        this.records = records;
    }

    public Optional<Card> card(Actor user, String entityName, String id) {
        EntityDefinition entity = records.catalog().find(entityName).orElse(null);
        if (entity == null) {
            return Optional.empty();
        }
        RecordData record;
        try {
            record = records.get(user, entityName, id);
        } catch (DomainError e) {
            return Optional.empty(); // deleted, or out of the caller's scope
        }
        String title = entity.titleFields().stream().map(record.values()::get).filter(Objects::nonNull)
                .map(Object::toString).collect(Collectors.joining(" "));
        String phone = entity.fields().stream().filter(f -> f.type() == FieldType.PHONE)
                .map(f -> record.values().get(f.name())).filter(Objects::nonNull).map(Object::toString)
                .findFirst().orElse(null);
        return Optional.of(new Card(title.isEmpty() ? null : title, phone));
    }
}
