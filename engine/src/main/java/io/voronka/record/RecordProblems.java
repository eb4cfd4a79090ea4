package io.voronka.record;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.field.EntityDefinition;

/** The answers about records every part of the record path gives in the same words. */
final class RecordProblems {

    private RecordProblems() {
    }

    static DomainError notFound(EntityDefinition entity, String id) {
        return DomainError.notFound("no " + entity.name() + " with id " + id);
    }

    static DomainError stale(EntityDefinition entity, String id, int expected, int actual) {
        return DomainError.conflict(entity.name() + " " + id + " was changed by someone else: you read version "
                + expected + (actual > 0 ? ", it is now at version " + actual : "") + "; reload and try again");
    }
}
