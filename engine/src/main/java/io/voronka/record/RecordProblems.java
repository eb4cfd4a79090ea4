package io.voronka.record;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.field.EntityDefinition;

/** The answers about records every part of the record path gives in the same words. */
final class RecordProblems {

    private RecordProblems() {
    }

    static DomainError notFound(EntityDefinition entity, String id) {
        return DomainError.notFound(Message.of("record.no-link", entity.name(), id));
    }

    static DomainError stale(EntityDefinition entity, String id, int expected, int actual) {
        return DomainError.conflict(actual > 0
                ? Message.of("record.stale", entity.name(), id, expected, actual)
                : Message.of("record.stale.gone", entity.name(), id, expected));
    }
}
