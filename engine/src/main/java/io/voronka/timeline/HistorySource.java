package io.voronka.timeline;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.storage.Database;
import io.voronka.record.RecordHistory;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Field changes, deletions and restores from the record's history. The entries a create writes
 * (version 1, one per filled field) are left to the single {@code created} entry, so a card does
 * not open with a line per field.
 */
final class HistorySource implements TimelineSource {

    private final Database database;
    private final RecordHistory history;

    HistorySource(Database database) {
        this.database = database;
        this.history = new RecordHistory(database.dialect());
    }

    @Override
    public List<TimelineEntry> newestFirst(String entity, String recordId, LocalDateTime atOrBefore, int limit) {
        return database.withConnection(c -> history.newestFirst(c, entity, recordId, atOrBefore, limit, true))
                .stream().map(HistorySource::entry).toList();
    }

    private static TimelineEntry entry(RecordHistory.Entry e) {
        if (e.wholeRecord()) {
            String kind = "restored".equals(e.change().newValue()) ? "restored" : "deleted";
            return new TimelineEntry(kind + ":" + e.id(), kind, e.change().at(), e.change().actor(),
                    new JsonObject().put("version", e.change().version()));
        }
        return new TimelineEntry("change:" + e.id(), "changed", e.change().at(), e.change().actor(), new JsonObject()
                .put("field", e.change().field()).put("oldValue", e.change().oldValue())
                .put("newValue", e.change().newValue()).put("entryId", e.id()).put("version", e.change().version()));
    }
}
