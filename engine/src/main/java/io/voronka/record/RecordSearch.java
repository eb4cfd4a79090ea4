package io.voronka.record;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.Operation;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldValues;
import io.voronka.kernel.storage.Database;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Global search over every entity the actor may read. The query is read three ways: as a phone
 * (any spelling, normalised like stored phones) or an email, matched exactly; as words, each of
 * which must begin a word of the record's title; as the start of a phone's digits or of an email.
 * Each is a range of {@code search_term}'s index under one entity, joined to the entity's rows
 * with the actor's read scope in the same SQL, so nothing unreadable is ever counted or returned.
 * Ranked: exact phone or email first, then title words, then partial phones and emails.
 */
public final class RecordSearch {

    /** One record found: its entity, id, title (its title fields joined) and the field that matched. */
    public record Hit(String entity, String id, String title, String matched) {
    }

    private record Found(String entity, String id, String matched, int rank, int order) {
    }

    private static final Pattern PHONE_LIKE = Pattern.compile("^[0-9+()\\-.\\s]+$");
    private static final int MAX_QUERY = 200;
    private static final int MAX_WORDS = 5;

    private final Database database;
    private final Supplier<EntityCatalog> catalogs;
    private final RecordStore store;
    private final RecordAccess access;
    private final FieldValues fieldValues;

    RecordSearch(Database database, Supplier<EntityCatalog> catalogs, RecordStore store, RecordAccess access,
                 FieldValues fieldValues) {
        this.database = database;
        this.catalogs = catalogs;
        this.store = store;
        this.access = access;
        this.fieldValues = fieldValues;
    }

    public List<Hit> search(Actor actor, String q, int limit) {
        String query = q == null ? "" : q.strip();
        if (query.isEmpty()) {
            throw DomainError.malformed("q", "required", Message.of("record.search.empty"));
        }
        if (query.length() > MAX_QUERY) {
            throw DomainError.malformed("q", "maxLength", Message.of("field.text.max", MAX_QUERY));
        }
        List<String> words = SearchTerms.words(query);
        if (words.size() > MAX_WORDS) {
            words = words.subList(0, MAX_WORDS);
        }
        List<String> exact = new ArrayList<>();
        String digits = query.replaceAll("\\D", "");
        boolean phoneLike = PHONE_LIKE.matcher(query).matches() && digits.length() >= 3;
        if (phoneLike && digits.length() >= 5) {
            fieldValues.phone(query).ifPresent(e164 -> exact.addAll(SearchTerms.phoneTerms(e164)));
        }
        boolean emailLike = query.contains("@") && !query.contains(" ");
        if (emailLike) {
            exact.add(SearchTerms.fold(query));
        }
        List<String> finalWords = words;
        return database.withConnection(c -> {
            Map<String, Found> found = new LinkedHashMap<>();
            int order = 0;
            for (EntityDefinition entity : catalogs.get().all()) {
                Condition scope = access.condition(actor, entity, Operation.READ);
                for (String term : exact) { // one equality each: H2 reads an IN list here as a scan of the entity's terms
                    order = collect(found, c, entity, scope, t -> t.eq(term), "phone|email", 0, limit, order);
                }
                if (!finalWords.isEmpty()) {
                    order = collectWords(found, c, entity, scope, finalWords, 1, limit, order);
                }
                if (phoneLike && digits.length() < 10) { // a whole number is matched exactly above; its prefix adds nothing
                    order = collect(found, c, entity, scope, t -> prefix(t, digits), "phone", 2, limit, order);
                } else if (emailLike) {
                    order = collect(found, c, entity, scope, t -> prefix(t, SearchTerms.fold(query)), "email", 2, limit, order);
                }
            }
            List<Found> ranked = found.values().stream()
                    .sorted(Comparator.comparingInt(Found::rank).thenComparingInt(Found::order)).limit(limit).toList();
            return withTitles(c, actor, ranked);
        });
    }

    /** Contact-point matches: one term condition over terms of the given kinds. */
    private int collect(Map<String, Found> found, Connection c, EntityDefinition entity, Condition scope,
                        java.util.function.Function<Field<String>, Condition> term, String kinds, int rank, int limit,
                        int order) {
        Field<String> t = col("st", "term");
        Condition where = term.apply(t).and(col("st", "kind").in(List.of(kinds.split("\\|"))));
        return add(found, entity, fetch(c, entity, scope, Map.of(), where, limit), rank, order);
    }

    /**
     * Title matches: the first word's prefix is the index range; each further word must begin
     * another word of the same record, a join on the record's own terms (an index lookup per
     * candidate, where EXISTS let MariaDB materialise every match of the further word first).
     */
    private int collectWords(Map<String, Found> found, Connection c, EntityDefinition entity, Condition scope,
                             List<String> words, int rank, int limit, int order) {
        Condition where = prefix(col("st", "term"), words.getFirst()).and(col("st", "kind").eq("word"));
        Map<org.jooq.Table<?>, Condition> further = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String alias = "w" + i;
            further.put(SearchTerms.TABLE.as(alias), col(alias, "entity").eq(col("st", "entity"))
                    .and(col(alias, "record_id").eq(col("st", "record_id")))
                    .and(col(alias, "kind").eq("word"))
                    .and(prefix(col(alias, "term"), words.get(i))));
        }
        return add(found, entity, fetch(c, entity, scope, further, where, limit), rank, order);
    }

    /**
     * Ids and matched fields, in the index's own order (term, record) so the database stops after
     * the first rows instead of sorting every match. A record matching by several words comes
     * several times: three times the limit leaves room for that.
     */
    private List<String[]> fetch(Connection c, EntityDefinition entity, Condition scope,
                                 Map<org.jooq.Table<?>, Condition> further, Condition where, int limit) {
        DSLContext sql = store.sql(c);
        Field<String> recordId = col("st", "record_id");
        Field<String> matched = col("st", "field");
        var select = sql.select(recordId, matched);
        // MariaDB would start from the smaller range (a common second word), then sort every match;
        // read in the order written, the first word's index order serves ORDER BY and LIMIT stops early.
        org.jooq.SelectJoinStep<org.jooq.Record2<String, String>> from =
                (sql.dialect().family() == org.jooq.SQLDialect.MARIADB ? select.hint("straight_join") : select)
                        .from(SearchTerms.TABLE.as("st"));
        for (Map.Entry<org.jooq.Table<?>, Condition> word : further.entrySet()) {
            from = from.join(word.getKey()).on(word.getValue());
        }
        from = from.join(table(name(entity.tableName())))
                .on(field(name(entity.tableName(), "id"), SQLDataType.VARCHAR).eq(recordId));
        return from.where(col("st", "entity").eq(entity.name())).and(where).and(scope)
                .orderBy(col("st", "term"), recordId)
                .limit(limit * 3)
                .fetch(r -> new String[]{r.value1(), r.value2()});
    }

    private static int add(Map<String, Found> found, EntityDefinition entity, List<String[]> rows, int rank, int order) {
        for (String[] row : rows) {
            found.putIfAbsent(entity.name() + "/" + row[0], new Found(entity.name(), row[0], row[1], rank, order++));
        }
        return order;
    }

    private List<Hit> withTitles(Connection c, Actor actor, List<Found> ranked) {
        Map<String, List<String>> idsByEntity = ranked.stream().collect(Collectors.groupingBy(Found::entity,
                LinkedHashMap::new, Collectors.mapping(Found::id, Collectors.toList())));
        Map<String, RecordData> rows = new LinkedHashMap<>();
        idsByEntity.forEach((entityName, ids) -> {
            EntityDefinition entity = catalogs.get().find(entityName).orElseThrow();
            store.page(c, entity, RecordStore.ID.in(ids).and(access.condition(actor, entity, Operation.READ)),
                    RecordSort.NEWEST_FIRST, ids.size()).forEach(r -> rows.put(entityName + "/" + r.id(), r));
        });
        List<Hit> hits = new ArrayList<>();
        for (Found f : ranked) {
            Optional.ofNullable(rows.get(f.entity() + "/" + f.id())).ifPresent(r ->
                    hits.add(new Hit(f.entity(), f.id(), title(catalogs.get().find(f.entity()).orElseThrow(), r), f.matched())));
        }
        return hits;
    }

    /** The title fields' values joined by spaces, as the card's heading shows them; the id when all are empty. */
    static String title(EntityDefinition entity, RecordData record) {
        String title = entity.titleFields().stream().map(record.values()::get).filter(Objects::nonNull)
                .map(String::valueOf).filter(s -> !s.isBlank()).collect(Collectors.joining(" "));
        return title.isEmpty() ? record.id() : title;
    }

    /** {@code LIKE 'x%'} with the text's own wildcards escaped: an index range on both databases. */
    private static Condition prefix(Field<String> column, String text) {
        String escaped = text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return column.like(DSL.val(escaped + "%"), '!');
    }

    private static Field<String> col(String alias, String column) {
        return field(name(alias, column), SQLDataType.VARCHAR);
    }
}
