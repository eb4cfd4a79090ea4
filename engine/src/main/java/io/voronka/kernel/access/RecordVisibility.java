package io.voronka.kernel.access;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether an actor may see one record. The record scopes decide it in SQL inside the record
 * queries; this is the same decision for one record, for paths that do not run a record query
 * (live updates, a task's record, a process instance's record).
 */
public interface RecordVisibility {

    boolean canRead(Actor actor, String entity, String recordId);

    /** The ids among {@code recordIds} the actor may see; implementations answer in one query. */
    default Set<String> readable(Actor actor, String entity, Collection<String> recordIds) {
        return recordIds.stream().filter(id -> canRead(actor, entity, id)).collect(Collectors.toSet());
    }
}
