package io.voronka.kernel.access;

/**
 * Whether an actor may see one record. The record scopes decide it in SQL inside the record
 * queries; this is the same decision for one record, for paths that do not run a record query
 * (live updates, a task's record, a process instance's record).
 */
public interface RecordVisibility {

    boolean canRead(Actor actor, String entity, String recordId);
}
