package io.voronka.record;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.storage.Database;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * "Copy it back from the history" in one action: a field is set to the value it had before a
 * history entry, through {@link RecordService#update}, so validation, scopes, the event and the
 * history apply as to any change, and the restore is itself an entry of the history.
 */
public final class HistoryRestore {

    private final Database database;
    private final RecordService records;
    private final RecordHistory history;

    public HistoryRestore(Database database, RecordService records) {
        this.database = database;
        this.records = records;
        this.history = new RecordHistory(database.dialect());
    }

    /**
     * 404 when the record is not readable or the entry belongs to another record; 422 naming
     * {@code field} when the entry's field is no longer part of the entity (or the entry is about
     * the whole record); 409 when {@code version} is stale; and whatever the value breaks now
     * (a link to a record since deleted, a rule added since) as for any change.
     */
    public RecordData restore(Origin origin, Actor actor, String entityName, String id, long entryId, int version) {
        EntityDefinition entity = records.entity(entityName);
        records.get(actor, entityName, id); // 404 before telling anything about the entry
        RecordHistory.Entry entry = database.withConnection(c -> history.find(c, entryId))
                .filter(e -> e.entity().equals(entity.name()) && e.recordId().equals(id))
                .orElseThrow(() -> DomainError.notFound(Message.of("restore.entry.none", entryId, entity.name())));
        FieldDefinition field = entity.field(entry.change().field()).orElseThrow(() -> DomainError.invalid("field",
                "exists", entry.wholeRecord() ? Message.of("restore.entry.whole-record")
                        : Message.of("restore.field.gone", entry.change().field(), entity.name())));
        Map<String, Object> values = new HashMap<>();
        values.put(field.name(), valueOf(field, entry.change().oldValue()));
        return records.update(origin, actor, entityName, id, version, values);
    }

    /** The history's text of a value as the API would have received it. */
    static Object valueOf(FieldDefinition field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return switch (field.type()) {
                case NUMBER -> Long.parseLong(text);
                case DECIMAL -> new BigDecimal(text);
                case BOOLEAN -> "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : text;
                default -> text;
            };
        } catch (NumberFormatException e) {
            return text; // validation names the field and its type
        }
    }
}
