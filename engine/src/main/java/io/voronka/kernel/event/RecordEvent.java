package io.voronka.kernel.event;

import java.util.List;

/**
 * What happened to a record, as the outbox keeps it: created, updated (with the changed fields),
 * deleted (to the recycle bin) or restored from it, and where the change came from. Consumers re-read the record rather than trust a copy of
 * its values.
 */
public record RecordEvent(long id, Type type, String entity, String recordId, int version, String actor,
                          List<String> changedFields, Origin origin) {

    public enum Type { CREATED, UPDATED, DELETED, RESTORED }
}
