package io.voronka.record;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record2;

/**
 * The unique index behind every {@code "unique": true} field, {@code ux_<entity>_<field>}: the
 * database, not a read before the write, is what keeps two racing writers from storing the same
 * value. Added online (see {@link OnlineDdl}) when a field becomes unique, after checking that the
 * stored values already are; dropped when it stops being unique or is retired.
 */
final class UniqueIndexes {

    /** MariaDB's limit on identifier length. */
    private static final int NAME_LIMIT = 64;

    private UniqueIndexes() {
    }

    static String indexName(EntityDefinition entity, FieldDefinition field) {
        String plain = "ux_" + entity.name() + "_" + field.name();
        if (plain.length() <= NAME_LIMIT) {
            return plain;
        }
        return plain.substring(0, NAME_LIMIT - 9) + "_" + IndexNames.hash(plain);
    }

    /** The unique field whose index {@code message} (a database's duplicate-key text) names, if any. */
    static Optional<FieldDefinition> named(EntityDefinition entity, String message) {
        if (message == null) {
            return Optional.empty();
        }
        String lower = message.toLowerCase(Locale.ROOT);
        return entity.fields().stream().filter(FieldDefinition::isUnique)
                .filter(f -> lower.contains(indexName(entity, f))).findFirst();
    }

    static void apply(DSLContext sql, OnlineDdl.Change ddl, EntityDefinition entity, Set<String> indexes) {
        Set<String> wanted = entity.fields().stream().filter(FieldDefinition::isUnique)
                .map(f -> indexName(entity, f)).collect(Collectors.toSet());
        for (int i = 0; i < entity.fields().size(); i++) {
            FieldDefinition field = entity.fields().get(i);
            String index = indexName(entity, field);
            if (field.isUnique() && !indexes.contains(index)) {
                if (!ddl.adds(field.name())) { // a column added in this pass has no values yet (nor a column, on a shadow)
                    refuseSharedValues(sql, entity, field, i);
                }
                ddl.createIndex(index, true, field.name());
            }
        }
        String prefix = "ux_" + entity.name() + "_";
        for (String index : indexes) {
            if (index.startsWith(prefix) && !wanted.contains(index)) {
                ddl.dropIndex(index);
            }
        }
    }

    /** A unique index cannot be built over values already shared; say which and how many instead of a database error. */
    private static void refuseSharedValues(DSLContext sql, EntityDefinition entity, FieldDefinition field, int index) {
        var column = field(name(field.name()));
        Record2<Object, Integer> shared = sql.select(column, count()).from(table(name(entity.tableName())))
                .where(column.isNotNull()).groupBy(column).having(count().gt(1)).limit(1).fetchOne();
        if (shared != null) {
            throw DomainError.invalid("fields[" + index + "].unique", "unique", Message.of("definition.unique.shared",
                    field.name(), shared.value2(), shared.value1()));
        }
    }

    /** Whether a unique index can be built on the field's column (both databases, any collation). */
    static boolean indexable(FieldDefinition field) {
        return switch (field.type()) {
            case LONGTEXT, MULTIENUM, MONEY, BOOLEAN -> false;
            default -> !(field.type().isText() || field.type() == FieldType.ENUM)
                    || EntitySchema.columnType(field).length() <= 768; // MariaDB keys: 3072 bytes of utf8mb4
        };
    }
}
