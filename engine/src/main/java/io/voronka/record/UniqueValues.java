package io.voronka.record;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Unique fields on the write path: a value another record holds is refused as a 422 naming the
 * field before anything is written, and when two writers race past that read, the unique index
 * refuses the second and {@link #translate} turns the database's error into the same 422. Text is
 * compared ignoring case on both databases ("ООО Ромашка" and "ооо ромашка" are one company), as
 * MariaDB's collations already do for the index.
 */
final class UniqueValues {

    private final SQLDialect dialect;

    UniqueValues(SQLDialect dialect) {
        this.dialect = dialect;
    }

    /** Refuses values of unique fields in {@code values} that a record other than {@code self} holds. */
    void refuseTaken(Connection connection, EntityDefinition entity, Map<String, Object> values, String self) {
        List<ValidationProblem> problems = new ArrayList<>();
        DSLContext sql = DSL.using(connection, dialect);
        for (FieldDefinition field : entity.fields()) {
            Object value = values.get(field.name());
            if (!field.isUnique() || value == null) {
                continue;
            }
            Condition same = value instanceof String text && dialect.family() != SQLDialect.MARIADB
                    // MariaDB's collation ignores case in "=" and keeps the index; H2 needs lower(), a scan.
                    ? lower(field(name(field.name()), SQLDataType.VARCHAR)).eq(lower(DSL.val(text)))
                    : field(name(field.name())).eq(value);
            if (self != null) {
                same = same.and(RecordStore.ID.ne(self));
            }
            if (sql.fetchExists(table(name(entity.tableName())), same)) {
                problems.add(taken(field));
            }
        }
        if (!problems.isEmpty()) {
            throw DomainError.invalid(problems);
        }
    }

    /** A duplicate-key error from a unique field's index as the 422 naming it; anything else unchanged. */
    static RuntimeException translate(DataAccessException e, EntityDefinition entity) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                var field = UniqueIndexes.named(entity, sql.getMessage());
                if (field.isPresent()) {
                    return DomainError.invalid(List.of(taken(field.get())));
                }
            }
        }
        return e;
    }

    private static ValidationProblem taken(FieldDefinition field) {
        return ValidationProblem.of("values." + field.name(), "unique", "record.unique",
                Message.label(field.label(), field.labels()));
    }
}
