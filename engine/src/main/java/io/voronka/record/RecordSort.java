package io.voronka.record;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldValues;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * The orders a record list may be read in: only columns with an index that ends in the id
 * ({@code created_at, id}, {@code updated_at, id} and {@code <field>, id} for every
 * {@linkplain FieldDefinition#sortable() sortable} field, see {@link EntitySchema}), so any page,
 * however deep, is an index range and never a sort of the whole table. The id breaks ties, so
 * records sharing a value are neither skipped nor repeated between pages. Written {@code createdAt}
 * or {@code amount} (ascending) or {@code -createdAt} (descending; newest first is the default).
 *
 * <p>Empty values count as the lowest, as both databases sort them: first ascending, last
 * descending. Spelling {@code NULLS FIRST} out would cost the index on MariaDB, which lacks it.
 */
public record RecordSort(String field, boolean descending, Field<Object> column) {

    private static final List<String> TIMES = List.of("createdAt", "updatedAt");
    public static final RecordSort NEWEST_FIRST = new RecordSort("createdAt", true, time("createdAt"));

    /** Reads {@code ?sort=} for the record times alone (createdAt, updatedAt); null or empty means newest first. */
    public static RecordSort parse(String text) {
        return parse(text, null);
    }

    /**
     * Reads {@code ?sort=} for a list of {@code entity}: a record time or one of its sortable
     * fields; anything else answers 400 naming {@code sort} and listing what is sortable.
     */
    public static RecordSort parse(String text, EntityDefinition entity) {
        if (text == null || text.isEmpty()) {
            return NEWEST_FIRST;
        }
        boolean descending = text.startsWith("-");
        String field = descending ? text.substring(1) : text;
        if (TIMES.contains(field)) {
            return new RecordSort(field, descending, time(field));
        }
        FieldDefinition sortable = entity == null ? null
                : entity.field(field).filter(FieldDefinition::sortable).orElse(null);
        if (sortable == null) {
            throw DomainError.malformed("sort", "sortable", Message.of(
                    entity != null && entity.field(field).isPresent() ? "query.sort.unindexed" : "query.sort",
                    entity == null ? Message.of("query.records") : entity.labelPlural(),
                    String.join(", ", sortableNames(entity)), clip(text)));
        }
        @SuppressWarnings("unchecked")
        Field<Object> column = (Field<Object>) DSL.field(DSL.name(field), EntitySchema.columnType(sortable));
        return new RecordSort(field, descending, column);
    }

    private static List<String> sortableNames(EntityDefinition entity) {
        List<String> names = new ArrayList<>(TIMES);
        if (entity != null) {
            entity.fields().stream().filter(FieldDefinition::sortable).forEach(f -> names.add(f.name()));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Field<Object> time(String field) {
        return (Field<Object>) (Field<?>) (field.equals("createdAt") ? RecordStore.CREATED_AT : RecordStore.UPDATED_AT);
    }

    /** The text {@link #parse} reads back. */
    public String text() {
        return (descending ? "-" : "") + field;
    }

    /** The record's value in this order (null when empty). */
    public Object valueOf(RecordData record) {
        return switch (field) {
            case "createdAt" -> record.createdAt();
            case "updatedAt" -> record.updatedAt();
            default -> record.values().get(field);
        };
    }

    /** The value as a cursor carries it: text, read back by {@link #valueFrom}. */
    String valueText(RecordData record) {
        Object value = valueOf(record);
        return value instanceof LocalDateTime time ? time.toString() : FieldValues.display(value);
    }

    /** A cursor's text as the column's type; text that is not one answers 400 naming {@code after}. */
    Object valueFrom(String text) {
        if (text == null) {
            return null;
        }
        Class<?> type = column.getType();
        try {
            if (type == String.class) {
                return text;
            } else if (type == LocalDateTime.class) {
                return LocalDateTime.parse(text);
            } else if (type == LocalDate.class) {
                return LocalDate.parse(text);
            } else if (type == Long.class) {
                return Long.parseLong(text);
            } else if (type == BigDecimal.class) {
                return new BigDecimal(text);
            } else if (type == Boolean.class && (text.equals("true") || text.equals("false"))) {
                return Boolean.valueOf(text);
            } else if (type != Boolean.class) {
                return column.getDataType().convert(text);
            }
        } catch (RuntimeException e) {
            // below: the same answer for every value that is not one of this column
        }
        throw DomainError.malformed("after", "cursor", Message.of("query.cursor"));
    }

    List<SortField<?>> orderBy() {
        return descending ? List.of(column.desc(), RecordStore.ID.desc()) : List.of(column.asc(), RecordStore.ID.asc());
    }

    /**
     * Rows after the cursor's row in this order. Spelled {@code v <= x AND (v < x OR id < y)}
     * rather than a row comparison: its leading range is one both databases' planners read from
     * the index. Empty values are the lowest: after an empty value ascending come the other empty
     * values with a greater id, then every filled one; descending, empty values follow all others.
     */
    Condition after(RecordCursor cursor) {
        Object at = valueFrom(cursor.value());
        Field<String> id = RecordStore.ID;
        if (at == null) {
            return descending ? column.isNull().and(id.lt(cursor.id()))
                    : column.isNull().and(id.gt(cursor.id())).or(column.isNotNull());
        }
        if (!descending) {
            return column.ge(at).and(column.gt(at).or(id.gt(cursor.id())));
        }
        Condition before = column.le(at).and(column.lt(at).or(id.lt(cursor.id())));
        return TIMES.contains(field) ? before : before.or(column.isNull());
    }

    static String clip(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
