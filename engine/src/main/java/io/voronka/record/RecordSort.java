package io.voronka.record;

import io.voronka.kernel.error.DomainError;
import java.time.LocalDateTime;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SortField;

/**
 * The orders a record list may be read in: only columns with an index that ends in the id
 * ({@code created_at, id} and {@code updated_at, id}, see {@link EntitySchema}), so any page,
 * however deep, is an index range and never a sort of the whole table. Written {@code createdAt}
 * (oldest first) or {@code -createdAt} (newest first, the default).
 */
public record RecordSort(String field, boolean descending) {

    /** API name to column, in the order the error message lists them. */
    private static final List<String> SORTABLE = List.of("createdAt", "updatedAt");
    public static final RecordSort NEWEST_FIRST = new RecordSort("createdAt", true);

    /** Reads {@code ?sort=}; null or empty means newest first; anything else unknown answers 400 naming {@code sort}. */
    public static RecordSort parse(String text) {
        if (text == null || text.isEmpty()) {
            return NEWEST_FIRST;
        }
        boolean descending = text.startsWith("-");
        String field = descending ? text.substring(1) : text;
        if (!SORTABLE.contains(field)) {
            throw DomainError.malformed("sort", "sortable", "records can be sorted by "
                    + String.join(", ", SORTABLE) + " (a leading - for descending), not '" + clip(text) + "'");
        }
        return new RecordSort(field, descending);
    }

    /** The text {@link #parse} reads back. */
    public String text() {
        return (descending ? "-" : "") + field;
    }

    Field<LocalDateTime> column() {
        return field.equals("createdAt") ? RecordStore.CREATED_AT : RecordStore.UPDATED_AT;
    }

    LocalDateTime valueOf(RecordData record) {
        return field.equals("createdAt") ? record.createdAt() : record.updatedAt();
    }

    List<SortField<?>> orderBy() {
        return descending ? List.of(column().desc(), RecordStore.ID.desc()) : List.of(column().asc(), RecordStore.ID.asc());
    }

    /**
     * Rows after the cursor's row in this order. Spelled {@code t <= x AND (t < x OR id < y)}
     * rather than a row comparison: its leading range is one both databases' planners read from the index.
     */
    Condition after(RecordCursor cursor) {
        Field<LocalDateTime> column = column();
        Field<String> id = RecordStore.ID;
        return descending
                ? column.le(cursor.at()).and(column.lt(cursor.at()).or(id.lt(cursor.id())))
                : column.ge(cursor.at()).and(column.gt(cursor.at()).or(id.gt(cursor.id())));
    }

    static String clip(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
