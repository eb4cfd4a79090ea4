package io.voronka.record;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.EntityDefinition;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;

/**
 * The checks that need the whole record as it would be stored, after the submitted values passed
 * {@link RecordValidation} and computed fields were filled: the entity's stage rules, then unique
 * fields against the other records. Every write path (API, processes, import) passes here through
 * {@link RecordService}.
 */
final class WholeRecordChecks {

    private final Supplier<EntityCatalog> catalogs;
    private final UniqueValues unique;

    WholeRecordChecks(Supplier<EntityCatalog> catalogs, SQLDialect dialect) {
        this.catalogs = catalogs;
        this.unique = new UniqueValues(dialect);
    }

    /** Refuses {@code values} (every field) with a 422 naming each field at fault; {@code self} is the record's id on update. */
    void refuseBroken(Connection connection, EntityDefinition entity, Map<String, Object> values, String self) {
        List<ValidationProblem> problems = catalogs.get().stageRules(entity.name()).problems(values);
        if (!problems.isEmpty()) {
            throw DomainError.invalid(problems);
        }
        unique.refuseTaken(connection, entity, values, self);
    }

    /** Runs a write; a duplicate caught by a unique index (a racing writer) answers as the same 422. */
    static <T> T guarding(EntityDefinition entity, Supplier<T> write) {
        try {
            return write.get();
        } catch (DataAccessException e) {
            throw UniqueValues.translate(e, entity);
        }
    }
}
