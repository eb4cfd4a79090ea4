package io.voronka.record;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import io.voronka.kernel.storage.RenderedInserts;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The search terms of a record, kept in {@code search_term} in the record's own write
 * transaction: each word of its title fields (lower case, ё read as е), the digits of each phone
 * (in full and without the country code, so a national spelling finds it too) and each email. A
 * search looks terms up by prefix under one entity: an index range, whatever the table's size.
 */
final class SearchTerms {

    static final Table<?> TABLE = table(name("search_term"));
    static final Field<String> ENTITY = field(name("search_term", "entity"), SQLDataType.VARCHAR);
    static final Field<String> RECORD = field(name("search_term", "record_id"), SQLDataType.VARCHAR);
    static final Field<String> TERM = field(name("search_term", "term"), SQLDataType.VARCHAR);
    static final Field<String> FIELD = field(name("search_term", "field"), SQLDataType.VARCHAR);
    static final Field<String> KIND = field(name("search_term", "kind"), SQLDataType.VARCHAR);
    private static final List<Field<?>> COLUMNS = List.of(ENTITY, RECORD, TERM, FIELD, KIND);
    static final int MAX_TERM = 100;

    /** What a term was made from: a word of the title, a phone's digits, an email. */
    enum Kind {
        WORD, PHONE, EMAIL;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Term(String term, String field, Kind kind) {
    }

    private SearchTerms() {
    }

    /** The fields whose values become terms: text title fields, every phone and email field. */
    static List<FieldDefinition> searchable(EntityDefinition entity) {
        return entity.fields().stream().filter(f -> isSearchable(entity, f)).toList();
    }

    private static boolean isSearchable(EntityDefinition entity, FieldDefinition f) {
        return f.type() == FieldType.PHONE || f.type() == FieldType.EMAIL
                || (f.type() == FieldType.TEXT && entity.titleFields().contains(f.name()));
    }

    /** Names and types of the searchable fields: when it changes, existing records are indexed again. */
    static String signature(EntityDefinition entity) {
        return String.join(",", searchable(entity).stream().map(f -> f.name() + ":" + f.type().json()).toList());
    }

    static List<Term> of(EntityDefinition entity, Map<String, Object> values) {
        Set<Term> terms = new LinkedHashSet<>();
        for (FieldDefinition f : searchable(entity)) {
            if (!(values.get(f.name()) instanceof String value) || value.isBlank()) {
                continue;
            }
            switch (f.type()) {
                case PHONE -> phoneTerms(value).forEach(t -> terms.add(new Term(t, f.name(), Kind.PHONE)));
                case EMAIL -> terms.add(new Term(clip(value.toLowerCase(Locale.ROOT)), f.name(), Kind.EMAIL));
                default -> words(value).forEach(w -> terms.add(new Term(w, f.name(), Kind.WORD)));
            }
        }
        return List.copyOf(terms);
    }

    /** Whether the change touches what the terms are made of. */
    static boolean touched(EntityDefinition entity, Map<String, Object> before, Map<String, Object> after) {
        return searchable(entity).stream().anyMatch(f -> !Objects.equals(before.get(f.name()), after.get(f.name())));
    }

    /**
     * Words of a text as search reads them: lower case (Cyrillic too), ё as е, split at anything
     * that is not a letter or digit; "Петрова-Водкина" gives "петрова" and "водкина".
     */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : fold(text).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                words.add(clip(word));
            }
        }
        return words;
    }

    static String fold(String text) {
        return text.toLowerCase(Locale.ROOT).replace('ё', 'е');
    }

    /** +79123456789 gives 79123456789 and 9123456789 (the number without its country code). */
    static List<String> phoneTerms(String e164) {
        String digits = e164.replaceAll("\\D", "");
        List<String> terms = new ArrayList<>(List.of(digits));
        if (e164.startsWith("+7") && digits.length() == 11) {
            terms.add(digits.substring(1));
        }
        return terms;
    }

    private static String clip(String term) {
        return term.length() <= MAX_TERM ? term : term.substring(0, MAX_TERM);
    }

    /** Writes the terms of a new record: one multi-row insert, none when it has nothing searchable. */
    static void insert(DSLContext sql, String entity, String recordId, Collection<Term> terms) {
        if (terms.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(terms.size());
        for (Term t : terms) {
            rows.add(new Object[] {entity, recordId, t.term(), t.field(), t.kind().wire()});
        }
        sql.connection(connection -> RenderedInserts.insert(connection, sql.dialect(), "search_term", COLUMNS, rows));
    }

    /**
     * Removes the records' terms: one equality per record, batched, because H2 reads an IN list
     * on the index's second column as a scan of the entity's every term.
     */
    static void delete(DSLContext sql, String entity, Collection<String> recordIds) {
        if (recordIds.size() == 1) {
            sql.deleteFrom(TABLE).where(ENTITY.eq(entity)).and(RECORD.eq(recordIds.iterator().next())).execute();
        } else if (!recordIds.isEmpty()) {
            sql.batch(recordIds.stream().map(id -> sql.deleteFrom(TABLE).where(ENTITY.eq(entity)).and(RECORD.eq(id)))
                    .toList()).execute();
        }
    }

    /** A changed record's terms anew: what it had goes, what it has now comes. */
    static void replace(DSLContext sql, EntityDefinition entity, String recordId, Map<String, Object> values) {
        delete(sql, entity.name(), List.of(recordId));
        insert(sql, entity.name(), recordId, of(entity, values));
    }

    static void write(Connection connection, RecordStore store, EntityDefinition entity, String recordId,
                      Map<String, Object> values) {
        insert(store.sql(connection), entity.name(), recordId, of(entity, values));
    }
}
