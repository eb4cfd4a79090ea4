package io.voronka.record;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.RecordVisibility;
import java.util.Collection;
import java.util.Set;

/**
 * The record scopes for paths that hold a record id rather than run a record query: a task's
 * record, a process instance's, a live update. The same SQL condition as the record queries; an
 * unknown entity or record is not readable, except to an actor whose scope is unrestricted.
 */
public final class ReadableRecords implements RecordVisibility {

    private final RecordService records;

    public ReadableRecords(RecordService records) {
        this.records = records;
    }

    @Override
    public boolean canRead(Actor actor, String entity, String recordId) {
        return recordId != null && records.readable(actor, entity, Set.of(recordId)).contains(recordId);
    }

    @Override
    public Set<String> readable(Actor actor, String entity, Collection<String> recordIds) {
        return records.readable(actor, entity, recordIds);
    }
}
