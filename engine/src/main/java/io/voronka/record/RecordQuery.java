package io.voronka.record;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.field.FieldValues;
import io.voronka.kernel.rule.CheckedRule;
import io.voronka.kernel.rule.RuleRejected;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.rule.RuleSql;
import io.voronka.kernel.storage.Database;
import java.util.function.Supplier;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.function.BiFunction;
import org.jooq.Name;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Record lists: equality parameters and a rule-language filter turned into one condition, read
 * page by page along an indexed order with a cursor (keyset), so the hundredth page costs what
 * the first does. Counting is a separate question, asked only when wanted and bounded.
 */
public final class RecordQuery {

    /**
     * What a client asks of a list: {@code equals} are {@code ?field=value} parameters, {@code filter}
     * a rule expression (or null), {@code sort} and {@code after} as the client sent them (or null).
     */
    public record Request(Map<String, String> equals, String filter, String sort, String after, int limit,
                          boolean count, boolean exact) {

        /** {@code count} asks for a count up to the limit; {@code exact} (below) for the exact total. */
        public Request(Map<String, String> equals, String filter, String sort, String after, int limit, boolean count) {
            this(equals, filter, sort, after, limit, count, false);
        }

        public static Request firstPage(Map<String, String> equals, String filter, int limit) {
            return new Request(equals, filter, null, null, limit, false);
        }

        public Request counted() {
            return new Request(equals, filter, sort, after, limit, true, exact);
        }

        /** Also the exact number of matches ({@code ?count=exact}), however many: one count query, no cap. */
        public Request totalled() {
            return new Request(equals, filter, sort, after, limit, count, true);
        }

        public Request continuedFrom(String cursor) {
            return new Request(equals, filter, sort, cursor, limit, count, exact);
        }
    }

    /** Counting stops here by default: an exact count of a million rows is a table scan per page view. */
    public static final int DEFAULT_COUNT_LIMIT = 10_000;

    private final Database database;
    private final Supplier<EntityCatalog> catalogs;
    private final RecordStore store;
    private final FieldValues fieldValues;
    private final RuleSandbox sandbox;
    private final Clock clock;
    private final int countLimit;

    public RecordQuery(Database database, Supplier<EntityCatalog> catalogs, RecordStore store, FieldValues fieldValues,
                       RuleSandbox sandbox, Clock clock, int countLimit) {
        this.database = database;
        this.catalogs = catalogs;
        this.store = store;
        this.fieldValues = fieldValues;
        this.sandbox = sandbox;
        this.clock = clock;
        this.countLimit = countLimit;
    }

    /**
     * A page of {@code entity}'s records. {@code scope} narrows what the reader may see (no
     * condition for everything); it is applied to the page and to the count alike.
     */
    public RecordPage list(Connection connection, EntityDefinition entity, Request request, Condition scope) {
        return list(connection, entity, request, scope, (linked, table) -> DSL.noCondition());
    }

    /** As above; {@code linked} narrows the records a filter reaches through links (the reader's scope there). */
    public RecordPage list(Connection connection, EntityDefinition entity, Request request, Condition scope,
                           BiFunction<EntityDefinition, Name, Condition> linked) {
        RecordSort sort = RecordSort.parse(request.sort(), entity);
        RecordCursor cursor = request.after() == null ? null : RecordCursor.decode(request.after(), sort);
        Condition matching = matching(entity, request.equals(), request.filter(), scope, linked);
        List<RecordData> rows = store.page(connection, entity, matching.and(cursor == null ? DSL.noCondition()
                : sort.after(cursor)), sort, request.limit() + 1);
        boolean more = rows.size() > request.limit();
        List<RecordData> items = more ? rows.subList(0, request.limit()) : rows;
        String next = more ? RecordCursor.after(sort, items.getLast()).encode() : null;
        Long total = request.exact() ? exactCount(connection, entity, request, scope, linked, matching) : null;
        if (!request.count()) {
            return new RecordPage(List.copyOf(items), next, null, false, total);
        }
        int counted = store.countUpTo(connection, entity, matching, countLimit + 1);
        return new RecordPage(List.copyOf(items), next, (long) Math.min(counted, countLimit), counted > countLimit, total);
    }

    /**
     * Equality parameters, a rule filter (or null) and the reader's scope as one condition: what
     * a list, a count, a kanban's groups and a mass action over a filter all select by.
     */
    public Condition matching(EntityDefinition entity, Map<String, String> equals, String filter, Condition scope,
                              BiFunction<EntityDefinition, Name, Condition> linked) {
        return DSL.and(store.conditions(entity, typedEquals(entity, equals)))
                .and(filter == null ? DSL.noCondition() : compileFilter(entity, filter, linked))
                .and(scope);
    }

    /**
     * The exact total. A filter that is one {@code any(...)} over a link column, with no scope and
     * no other condition, is counted among the linked records (see {@link RuleSql#countThroughLink}):
     * with an index that covers its condition, a million contacts are counted from their deals'
     * index alone, where the EXISTS count reads a contact row per match.
     */
    private long exactCount(Connection connection, EntityDefinition entity, Request request, Condition scope,
                            BiFunction<EntityDefinition, Name, Condition> linked, Condition matching) {
        if (request.filter() != null && request.equals().isEmpty() && DSL.noCondition().equals(scope)) {
            var counted = compiled(entity, request.filter(), (rule, tables) ->
                    RuleSql.countThroughLink(rule, tables, database.dialect(), clock), linked);
            if (counted.isPresent()) {
                return store.count(connection, counted.get());
            }
        }
        return store.count(connection, entity, matching);
    }

    public RecordPage list(EntityDefinition entity, Request request) {
        return database.withConnection(c -> list(c, entity, request, DSL.noCondition()));
    }

    private Map<String, Object> typedEquals(EntityDefinition entity, Map<String, String> equals) {
        Map<String, Object> typed = new LinkedHashMap<>();
        List<ValidationProblem> problems = new ArrayList<>();
        equals.forEach((name, text) -> {
            FieldDefinition field = entity.field(name).orElse(null);
            if (field == null) {
                problems.add(ValidationProblem.of(name, "unknown", "record.unknown-field", entity.name()));
            } else {
                // A rollup is read-only to writers but compares like the value it stores.
                FieldDefinition value = field.type() == FieldType.ROLLUP ? RollupDefinitions.asStoredValue(field) : field;
                typed.put(name, fieldValues.coerce(value, fromQuery(value, text), name, problems));
            }
        });
        if (!problems.isEmpty()) {
            throw DomainError.malformed(problems.getFirst().field(), problems.getFirst().rule(),
                    problems.getFirst().text());
        }
        return typed;
    }

    private Condition compileFilter(EntityDefinition entity, String source,
                                    BiFunction<EntityDefinition, Name, Condition> linked) {
        return compiled(entity, source, (rule, tables) -> RuleSql.filter(rule, tables, database.dialect(), clock), linked);
    }

    /** A filter checked against the entity and compiled by {@code compiler}; a 422 names where it is wrong. */
    private <T> T compiled(EntityDefinition entity, String source, BiFunction<CheckedRule, EntityRuleTables, T> compiler,
                           BiFunction<EntityDefinition, Name, Condition> linked) {
        if (source.isBlank()) {
            throw DomainError.invalid("filter", "required", Message.of("record.filter.empty"));
        }
        try {
            EntityCatalog catalog = catalogs.get();
            EntityRuleSchema schema = catalog.ruleSchema(entity, true);
            CheckedRule rule = sandbox.expression("filter", source, schema);
            return compiler.apply(rule, new EntityRuleTables(schema, catalog, linked));
        } catch (RuleRejected rejected) {
            throw RuleRoutes.rejected("filter", rejected);
        }
    }

    /** ISO 4217's code for "no currency". */
    private static final String NO_CURRENCY = "XXX";

    private static Object fromQuery(FieldDefinition field, String text) {
        try {
            return switch (field.type()) {
                case BOOLEAN -> "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : text;
                case NUMBER -> Long.parseLong(text);
                case DECIMAL, PERCENT -> new BigDecimal(text);
                // Equality on money compares the amount only; the currency is a placeholder, never compared.
                case MONEY -> java.util.Map.of("amount", text, "currency", NO_CURRENCY);
                case MULTIENUM -> java.util.List.of(text.split(",", -1));
                default -> text;
            };
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
