package io.voronka.kernel.rule;

import static org.jooq.impl.DSL.inline;

import io.voronka.kernel.error.Message;
import io.voronka.kernel.rule.RuleTree.Binary;
import io.voronka.kernel.rule.RuleTree.BinaryOp;
import io.voronka.kernel.rule.RuleTree.Call;
import io.voronka.kernel.rule.RuleTree.Conditional;
import io.voronka.kernel.rule.RuleTree.Expr;
import io.voronka.kernel.rule.RuleTree.Literal;
import io.voronka.kernel.rule.RuleTree.Member;
import io.voronka.kernel.rule.RuleTree.Name;
import io.voronka.kernel.rule.RuleTree.Unary;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Compiles a checked filter (one boolean expression) into a jOOQ condition that selects exactly the
 * records on which {@link RuleInterpreter} gives true. Values travel only as bind values; table and
 * column names only come from {@link RuleTables}.
 *
 * <p>Every condition built here is two-valued (never SQL NULL), so {@code !} means what it means in
 * the interpreter, where a null condition counts as false before it is negated. Boolean values that
 * may be missing (a boolean field, {@code c ? flag : other}) are read through {@link #truth} and
 * {@link #missing} and never become SQL booleans. Parts that read no field are evaluated by the
 * interpreter itself and bound as values. Whatever SQL cannot reproduce exactly on both databases
 * is refused with its position: see {@link FilterRefusals}.
 */
public final class RuleSql {

    private static final Condition TRUE = DSL.trueCondition();
    private static final Condition FALSE = DSL.falseCondition();
    private static final Field<Integer> ONE = inline(1);
    private static final Field<Integer> ZERO = inline(0);
    private static final Field<Integer> NULL_STATE = inline(2);
    private static final char ESCAPE = '!';

    private final CheckedRule rule;
    private final SQLDialect dialect;
    private final Clock clock;
    private int aliases;

    private RuleSql(CheckedRule rule, SQLDialect dialect, Clock clock) {
        this.rule = rule;
        this.dialect = dialect;
        this.clock = clock;
    }

    /**
     * The condition on {@code tables}' table (referenced by its own name, unaliased) that holds for
     * exactly the records the filter accepts. {@code clock} gives {@code today()}, as it would to the
     * interpreter.
     */
    public static Condition filter(CheckedRule rule, RuleTables tables, SQLDialect dialect, Clock clock) {
        Expr expr = rule.program().singleExpression();
        if (expr == null) {
            throw new RuleRejected(rule.name(), 1, 1, Message.of("rule.filter.statements"));
        }
        ValueType type = rule.typeOf(expr);
        if (type != ValueType.BOOLEAN && type != ValueType.NULL) {
            throw new RuleRejected(rule.name(), expr.at().line(), expr.at().column(),
                    Message.of("rule.filter.condition", type.text()));
        }
        RuleSql compiler = new RuleSql(rule, dialect, clock);
        return compiler.truth(expr, new Scope(tables, DSL.name(tables.table())));
    }

    /**
     * How many records the filter accepts, counted among the linked records, when the filter is one
     * {@code any(deals, ...)} over a link column and nothing else: the number of distinct link
     * values among the deals that match. That equals the count of contacts with such a deal because
     * the link's foreign key makes every value a contact that exists (deleted records leave their
     * table). It reads only the deals, where the EXISTS count reads a contact row per match; with an
     * index covering the deals' condition and link, the count is one index range. Empty for any
     * other filter: the caller counts through {@link #filter}, and it is the caller's part to use
     * this only when nothing else narrows the records (no scope, no other condition).
     */
    public static java.util.Optional<org.jooq.Select<org.jooq.Record1<Integer>>> countThroughLink(
            CheckedRule rule, RuleTables tables, SQLDialect dialect, Clock clock) {
        filter(rule, tables, dialect, clock); // the same checks and refusals as the page's condition
        if (!(rule.program().singleExpression() instanceof Call call)
                || !"any".equals(call.function())
                || !(call.args().getFirst() instanceof Name list)) {
            return java.util.Optional.empty();
        }
        RuleTables.Link link = tables.collection(list.name()).orElse(null);
        if (link == null || link.through() != null) {
            return java.util.Optional.empty();
        }
        RuleSql compiler = new RuleSql(rule, dialect, clock);
        Scope inner = new Scope(link.target(), DSL.name("f" + (++compiler.aliases)));
        Field<String> owner = inner.linkColumn(link.column());
        Condition matches = owner.isNotNull();
        if (call.args().size() > 1) {
            matches = and(matches, compiler.truth(call.args().get(1), inner));
        }
        return java.util.Optional.of(DSL.select(DSL.countDistinct(owner))
                .from(DSL.table(DSL.name(link.target().table())).as(inner.qualifier()))
                .where(matches).and(link.target().readable(inner.qualifier())));
    }

    /** The table an expression reads, under the name the query knows it by. */
    private record Scope(RuleTables tables, org.jooq.Name qualifier) {

        Field<Object> column(String field) {
            @SuppressWarnings("unchecked")
            DataType<Object> type = (DataType<Object>) tables.columnType(field);
            return DSL.field(DSL.name(qualifier, DSL.name(tables.column(field))), type);
        }

        Field<String> id() {
            return DSL.field(DSL.name(qualifier, DSL.name(tables.idColumn())), SQLDataType.VARCHAR);
        }

        Field<String> linkColumn(String column) {
            return DSL.field(DSL.name(qualifier, DSL.name(column)), SQLDataType.VARCHAR);
        }
    }

    // Conditions: true exactly where the interpreter's truth(value) is true.

    private Condition truth(Expr expr, Scope scope) {
        if (isConstant(expr)) {
            return Boolean.TRUE.equals(constant(expr)) ? TRUE : FALSE;
        }
        return switch (expr) {
            case Name name -> booleanTruth(scope.column(name.name()));
            case Member member -> booleanTruth(member(member, scope));
            case Unary unary -> not(truth(unary.operand(), scope));
            case Binary binary -> switch (binary.op()) {
                case AND -> and(truth(binary.left(), scope), truth(binary.right(), scope));
                case OR -> or(truth(binary.left(), scope), truth(binary.right(), scope));
                case EQ -> equal(binary, scope);
                case NE -> not(equal(binary, scope));
                default -> compare(binary, scope);
            };
            case Conditional conditional -> state(conditional, scope).eq(ONE);
            case Call call -> callTruth(call, scope);
            case Literal literal -> throw new IllegalStateException("literals are constants");
        };
    }

    /** True where a value is missing; a boolean field or a choice between booleans can be. */
    private Condition missing(Expr expr, Scope scope) {
        if (isConstant(expr)) {
            return constant(expr) == null ? TRUE : FALSE;
        }
        if (rule.typeOf(expr) != ValueType.BOOLEAN) {
            return value(expr, scope).isNull();
        }
        return switch (expr) {
            case Name name -> scope.column(name.name()).isNull();
            case Member member -> member(member, scope).isNull();
            case Conditional conditional -> state(conditional, scope).eq(NULL_STATE);
            case Call call when call.function().equals("coalesce") -> state(call, scope).eq(NULL_STATE);
            default -> FALSE;
        };
    }

    /**
     * A boolean as 1 (true), 0 (false) or 2 (missing). Choices and equalities of booleans use it so
     * that each operand appears once in the SQL, however deeply they nest.
     */
    private Field<Integer> state(Expr expr, Scope scope) {
        if (isConstant(expr)) {
            Object value = constant(expr);
            return value == null ? NULL_STATE : Boolean.TRUE.equals(value) ? ONE : ZERO;
        }
        if (expr instanceof Conditional conditional) {
            return DSL.when(truth(conditional.condition(), scope), state(conditional.then(), scope))
                    .otherwise(state(conditional.otherwise(), scope));
        }
        if (expr instanceof Call call && call.function().equals("coalesce")) {
            List<Field<?>> known = new ArrayList<>();
            for (Expr arg : call.args()) {
                known.add(DSL.nullif(state(arg, scope), NULL_STATE));
            }
            known.add(NULL_STATE);
            @SuppressWarnings("unchecked")
            Field<Integer> first = (Field<Integer>) known.getFirst();
            return DSL.coalesce(first, known.subList(1, known.size()).toArray(Field<?>[]::new));
        }
        Condition missing = missing(expr, scope);
        var known = DSL.when(truth(expr, scope), ONE).otherwise(ZERO);
        return missing == FALSE ? known : DSL.when(missing, NULL_STATE).otherwise(known);
    }

    private static Condition booleanTruth(Field<?> field) {
        @SuppressWarnings("unchecked")
        Field<Boolean> flag = (Field<Boolean>) field;
        return field.isNotNull().and(DSL.condition(flag));
    }

    /** {@code ==}: two missing values are equal, a missing and a present one are not. */
    private Condition equal(Binary binary, Scope scope) {
        Expr left = binary.left();
        Expr right = binary.right();
        if (isConstant(left) && constant(left) == null) {
            return missing(right, scope);
        }
        if (isConstant(right) && constant(right) == null) {
            return missing(left, scope);
        }
        if (rule.typeOf(left) == ValueType.BOOLEAN || rule.typeOf(right) == ValueType.BOOLEAN) {
            return state(left, scope).eq(state(right, scope));
        }
        Field<Object> a = comparable(left, scope);
        Field<Object> b = comparable(right, scope);
        Condition exact = a.isNotDistinctFrom(b);
        if (exactTextDiffers() && rule.typeOf(left) == ValueType.TEXT && rule.typeOf(right) == ValueType.TEXT) {
            if (left instanceof Name && isConstant(right)) {
                return value(left, scope).eq(DSL.val(constant(right))).and(exact);
            }
            if (right instanceof Name && isConstant(left)) {
                return value(right, scope).eq(DSL.val(constant(left))).and(exact);
            }
        }
        return exact;
    }

    /** {@code < <= > >=}: false when either side is missing, as in the interpreter. */
    private Condition compare(Binary binary, Scope scope) {
        ValueType type = ValueType.join(rule.typeOf(binary.left()), rule.typeOf(binary.right()));
        if (type == ValueType.TEXT) {
            throw FilterRefusals.refuse(rule, binary.at(), Message.of("rule.filter.text-order", binary.op().symbol));
        }
        if (isConstant(binary.left()) && constant(binary.left()) == null
                || isConstant(binary.right()) && constant(binary.right()) == null) {
            return FALSE;
        }
        Field<Object> a = value(binary.left(), scope);
        Field<Object> b = value(binary.right(), scope);
        Condition ordered = switch (binary.op()) {
            case LT -> a.lt(b);
            case LE -> a.le(b);
            case GT -> a.gt(b);
            default -> a.ge(b);
        };
        // Guarded plainly (not in a CASE) when each side is a column or a constant, so that
        // `closed_on >= date('2026-01-01')` stays a range an index can read.
        if (isPlain(binary.left()) && isPlain(binary.right())) {
            return and(and(present(binary.left(), a), present(binary.right(), b)), ordered);
        }
        // Guards would repeat large operands; a CASE reads each once and is never NULL.
        return DSL.when(ordered, ONE).otherwise(ZERO).eq(ONE);
    }

    private Condition present(Expr expr, Field<?> value) {
        return isConstant(expr) ? TRUE : value.isNotNull();
    }

    private boolean isPlain(Expr expr) {
        return isSimple(expr) || isConstant(expr);
    }

    private static boolean isSimple(Expr expr) {
        return expr instanceof Name || expr instanceof Member || expr instanceof Literal;
    }

    private Condition callTruth(Call call, Scope scope) {
        String function = RuleFunctions.find(call.function()).map(RuleFunctions.Function::name).orElse(call.function());
        return switch (function) {
            case "any" -> DSL.exists(overRecords(call, scope, DSL.selectOne()));
            case "contains" -> like(call, scope, "%", "%");
            case "startsWith" -> like(call, scope, "", "%");
            case "endsWith" -> like(call, scope, "%", "");
            case "isEmpty" -> isEmpty(call.args().getFirst(), scope);
            case "coalesce" -> state(call, scope).eq(ONE);
            default -> throw FilterRefusals.function(rule, call);
        };
    }

    /** {@code contains(email, 'a%b')}: the part is a value, its {@code %} and {@code _} mean themselves. */
    private Condition like(Call call, Scope scope, String before, String after) {
        Expr part = call.args().get(1);
        if (!isConstant(part)) {
            throw FilterRefusals.refuse(rule, part.at(), Message.of("rule.filter.text-constant", call.function()));
        }
        Object text = constant(part);
        if (text == null || isConstant(call.args().getFirst()) && constant(call.args().getFirst()) == null) {
            return FALSE;
        }
        Field<Object> subject = value(call.args().getFirst(), scope);
        String pattern = before + escapeLike((String) text) + after;
        @SuppressWarnings("unchecked")
        Field<String> escaped = (Field<String>) (Field<?>) exactText(bind(pattern, call));
        return subject.isNotNull().and(exactText(subject).like(escaped, ESCAPE));
    }

    static String escapeLike(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if (c == ESCAPE || c == '%' || c == '_') {
                escaped.append(ESCAPE);
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /** {@code isEmpty}: missing, or (for text) nothing but the characters Java's isBlank skips. */
    private Condition isEmpty(Expr arg, Scope scope) {
        if (rule.typeOf(arg) != ValueType.TEXT) {
            return missing(arg, scope);
        }
        Field<Object> text = value(arg, scope);
        // Byte strings on MariaDB: texts of mixed collations cannot meet in REPLACE otherwise.
        @SuppressWarnings("unchecked")
        Field<String> stripped = (Field<String>) (Field<?>) exactText(text);
        for (String space : FilterRefusals.WHITESPACE) {
            @SuppressWarnings("unchecked")
            Field<String> found = (Field<String>) (Field<?>) exactText(DSL.val(space));
            @SuppressWarnings("unchecked")
            Field<String> nothing = (Field<String>) (Field<?>) exactText(DSL.val(""));
            stripped = DSL.replace(stripped, found, nothing);
        }
        return text.isNull().or(DSL.charLength(stripped).eq(ZERO));
    }

    /** {@code any(deals, ...)} and {@code count(deals, ...)}: the linked records that match, as a subquery. */
    private <R extends org.jooq.Record> org.jooq.Select<R> overRecords(Call call, Scope scope,
                                                                       org.jooq.SelectSelectStep<R> select) {
        Name list = (Name) call.args().getFirst();
        RuleTables.Link link = scope.tables().collection(list.name()).orElseThrow(() ->
                FilterRefusals.refuse(rule, list.at(), Message.of("rule.filter.unreadable", list.name())));
        Scope inner = new Scope(link.target(), DSL.name("f" + (++aliases)));
        Condition matches = link.through() == null ? inner.linkColumn(link.column()).eq(scope.id())
                : inner.id().in(DSL.select(DSL.field(DSL.name(link.through().there()), SQLDataType.VARCHAR))
                        .from(DSL.table(DSL.name(link.through().table())))
                        .where(DSL.field(DSL.name(link.through().table(), link.through().here()), SQLDataType.VARCHAR)
                                .eq(scope.id())));
        if (call.args().size() > 1) {
            matches = and(matches, truth(call.args().get(1), inner));
        }
        return select.from(linkedTable(link, inner))
                .where(matches).and(link.target().readable(inner.qualifier()));
    }

    /**
     * The linked records' table under the subquery's alias. On H2 a direct link names its link
     * index: H2 runs {@code EXISTS} once per owner row, and left to itself it probed through a
     * composite index led by the filter's own columns (stage, closed_on, ...), reading every deal in
     * the window for each contact: a first page at a million contacts did not answer in 8 minutes.
     * Through the link index each probe reads one contact's deals. (MariaDB gets its own treatment
     * per statement, see RecordStore.)
     */
    private org.jooq.Table<?> linkedTable(RuleTables.Link link, Scope inner) {
        org.jooq.Name table = DSL.name(link.target().table());
        if (dialect.family() == SQLDialect.H2 && link.through() == null) {
            var index = link.target().linkIndex(link.column());
            if (index.isPresent()) {
                return DSL.table("{0} {1} USE INDEX ({2})", table, inner.qualifier(), DSL.name(index.get()));
            }
        }
        return DSL.table(table).as(inner.qualifier());
    }

    /** {@code contact.city} on a deal: the linked record's field, or null without a linked record. */
    private Field<Object> member(Member member, Scope scope) {
        RuleTables.Link link = scope.tables().link(member.link().name()).orElseThrow(() ->
                FilterRefusals.refuse(rule, member.at(), Message.of("rule.filter.unreadable", member.link().name())));
        Scope target = new Scope(link.target(), DSL.name("f" + (++aliases)));
        Field<Object> field = target.column(member.field());
        return DSL.field(DSL.select(field)
                .from(DSL.table(DSL.name(link.target().table())).as(target.qualifier()))
                .where(target.id().eq(scope.linkColumn(link.column())))
                .and(link.target().readable(target.qualifier())));
    }

    // Values: the value the interpreter computes, NULL where it gives null.

    @SuppressWarnings("unchecked")
    private Field<Object> value(Expr expr, Scope scope) {
        ValueType type = rule.typeOf(expr);
        if (isConstant(expr)) {
            return (Field<Object>) bind(constant(expr), expr);
        }
        if (type == ValueType.BOOLEAN) {
            throw new IllegalStateException("booleans are read through truth and missing");
        }
        return switch (expr) {
            case Name name -> scope.column(name.name());
            case Member member -> member(member, scope);
            case Unary unary -> (Field<Object>) (Field<?>) number(unary.operand(), scope).neg();
            case Binary binary -> (Field<Object>) arithmetic(binary, scope);
            case Conditional conditional -> DSL.when(truth(conditional.condition(), scope),
                    branch(conditional.then(), type, scope)).otherwise(branch(conditional.otherwise(), type, scope));
            case Call call -> (Field<Object>) callValue(call, type, scope);
            case Literal literal -> throw new IllegalStateException("literals are constants");
        };
    }

    /** One side of a choice; a {@code null} branch takes the type of the other. */
    @SuppressWarnings("unchecked")
    private Field<Object> branch(Expr expr, ValueType type, Scope scope) {
        if (isConstant(expr) && constant(expr) == null) {
            return (Field<Object>) DSL.castNull(sqlType(type));
        }
        return value(expr, scope);
    }

    /** Texts compare byte for byte: MariaDB's usual collations ignore case and trailing spaces. */
    private Field<Object> comparable(Expr expr, Scope scope) {
        Field<Object> value = value(expr, scope);
        return rule.typeOf(expr) == ValueType.TEXT ? exactText(value) : value;
    }

    /**
     * Whether texts must be cast to compare byte for byte (MariaDB). The byte comparison hides the
     * column from its indexes, so a field compared with a written text ({@code stage == 'won'}) also
     * gets the plain {@code stage = 'won'}: every byte-equal text is equal in the column's collation
     * too, so the plain comparison only narrows to an index range what the exact one then decides
     * (the value is never null there: {@code == null} is compiled as missing). Its bind value has no
     * cast, so it takes the column's collation (a cast one would clash with it).
     */
    private boolean exactTextDiffers() {
        return dialect.family() == SQLDialect.MARIADB || dialect.family() == SQLDialect.MYSQL;
    }

    @SuppressWarnings("unchecked")
    private Field<Object> exactText(Field<?> text) {
        if (exactTextDiffers()) {
            return (Field<Object>) (Field<?>) DSL.cast(text, SQLDataType.VARBINARY);
        }
        return (Field<Object>) text;
    }

    private Field<?> arithmetic(Binary binary, Scope scope) {
        BinaryOp op = binary.op();
        ValueType type = rule.typeOf(binary);
        if (isConstant(binary.left()) && constant(binary.left()) == null
                || isConstant(binary.right()) && constant(binary.right()) == null) {
            return DSL.castNull(sqlType(type));
        }
        if (op == BinaryOp.ADD && type == ValueType.TEXT) {
            if (rule.typeOf(binary.left()) != ValueType.TEXT || rule.typeOf(binary.right()) != ValueType.TEXT) {
                throw FilterRefusals.refuse(rule, binary.at(), Message.of("rule.filter.join"));
            }
            @SuppressWarnings("unchecked")
            Field<String> left = (Field<String>) (Field<?>) value(binary.left(), scope);
            return left.concat(value(binary.right(), scope));
        }
        Field<BigDecimal> a = number(binary.left(), scope);
        return switch (op) {
            case ADD -> a.add(number(binary.right(), scope));
            case SUBTRACT -> a.sub(number(binary.right(), scope));
            case MULTIPLY -> a.mul(number(binary.right(), scope));
            case REMAINDER -> throw FilterRefusals.refuse(rule, binary.at(), Message.of("rule.filter.remainder"));
            default -> throw FilterRefusals.refuse(rule, binary.at(), Message.of("rule.filter.division"));
        };
    }

    /** A number operand; whole-number columns widen to decimals so products cannot overflow BIGINT. */
    @SuppressWarnings("unchecked")
    private Field<BigDecimal> number(Expr expr, Scope scope) {
        Field<Object> value = value(expr, scope);
        if (BigDecimal.class.equals(value.getType())) {
            return (Field<BigDecimal>) (Field<?>) value;
        }
        return DSL.cast(value, SQLDataType.DECIMAL(38, 0));
    }

    private Field<?> callValue(Call call, ValueType type, Scope scope) {
        String function = RuleFunctions.find(call.function()).map(RuleFunctions.Function::name).orElse(call.function());
        List<Expr> args = call.args();
        return switch (function) {
            case "count" -> DSL.field(overRecords(call, scope, DSL.selectCount()));
            case "coalesce" -> coalesce(present(args, scope), type);
            case "min" -> extreme(present(args, scope), true);
            case "max" -> extreme(present(args, scope), false);
            case "round" -> DSL.round(number(args.getFirst(), scope), roundDigits(call));
            case "floor" -> DSL.floor(number(args.getFirst(), scope));
            case "ceil" -> DSL.ceil(number(args.getFirst(), scope));
            case "abs" -> DSL.abs(number(args.getFirst(), scope));
            case "daysSince" -> DSL.localDateDiff(today(call), date(args.getFirst(), scope));
            case "daysUntil" -> DSL.localDateDiff(date(args.getFirst(), scope), today(call));
            case "addDays" -> addDays(call, scope);
            case "year" -> DSL.year(date(args.getFirst(), scope));
            case "month" -> DSL.month(date(args.getFirst(), scope));
            case "day" -> DSL.day(date(args.getFirst(), scope));
            case "concat" -> concat(args, scope);
            default -> throw FilterRefusals.function(rule, call);
        };
    }

    /** The arguments that may be present; null literals are left out, as min, max and coalesce skip them. */
    private List<Field<?>> present(List<Expr> args, Scope scope) {
        List<Field<?>> fields = new ArrayList<>();
        for (Expr arg : args) {
            if (!(isConstant(arg) && constant(arg) == null)) {
                fields.add(value(arg, scope));
            }
        }
        return fields;
    }

    @SuppressWarnings("unchecked")
    private Field<?> coalesce(List<Field<?>> fields, ValueType type) {
        if (fields.isEmpty()) {
            return DSL.castNull(sqlType(type));
        }
        if (fields.size() == 1) {
            return fields.getFirst();
        }
        Field<?>[] rest = fields.subList(1, fields.size()).toArray(Field<?>[]::new);
        // Typed as text only to pick jOOQ's varargs overload; the SQL is the same for every type.
        return DSL.coalesce((Field<String>) fields.getFirst(), rest);
    }

    /**
     * min and max skip nulls; SQL's LEAST and GREATEST do not on MariaDB, so each candidate falls
     * back to the others when it is missing.
     */
    @SuppressWarnings("unchecked")
    private Field<?> extreme(List<Field<?>> fields, boolean least) {
        if (fields.isEmpty()) {
            return DSL.castNull(SQLDataType.DECIMAL);
        }
        if (fields.size() == 1) {
            return fields.getFirst();
        }
        List<Field<Object>> candidates = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            List<Field<?>> order = new ArrayList<>(fields.subList(i, fields.size()));
            order.addAll(fields.subList(0, i));
            candidates.add((Field<Object>) coalesce(order, ValueType.NUMBER));
        }
        Field<Object>[] rest = candidates.subList(1, candidates.size()).toArray(Field[]::new);
        return least ? DSL.least(candidates.getFirst(), rest) : DSL.greatest(candidates.getFirst(), rest);
    }

    private int roundDigits(Call call) {
        if (call.args().size() < 2) {
            return 0;
        }
        Expr digits = call.args().get(1);
        if (!isConstant(digits)) {
            throw FilterRefusals.refuse(rule, digits.at(), Message.of("rule.filter.round-constant"));
        }
        Object value = constant(digits);
        int count = value == null ? 0 : ((BigDecimal) value).intValue();
        if (count < 0 || count > 10) {
            throw FilterRefusals.refuse(rule, digits.at(), Message.of("rule.filter.round-digits"));
        }
        return count;
    }

    @SuppressWarnings("unchecked")
    private Field<LocalDate> date(Expr expr, Scope scope) {
        return (Field<LocalDate>) (Field<?>) value(expr, scope);
    }

    @SuppressWarnings("unchecked")
    private Field<LocalDate> today(Call call) {
        return (Field<LocalDate>) bind(LocalDate.now(clock), call);
    }

    private Field<?> addDays(Call call, Scope scope) {
        Expr days = call.args().get(1);
        if (!isConstant(days)) {
            throw FilterRefusals.refuse(rule, days.at(), Message.of("rule.filter.days-constant"));
        }
        Object count = constant(days);
        if (count == null) {
            return DSL.castNull(SQLDataType.LOCALDATE);
        }
        BigDecimal n = (BigDecimal) count;
        if (n.abs().compareTo(BigDecimal.valueOf(3_000_000)) > 0) {
            throw FilterRefusals.refuse(rule, days.at(), Message.of("rule.filter.days-max"));
        }
        return DSL.localDateAdd(date(call.args().getFirst(), scope), DSL.val(n.intValue()));
    }

    /** concat: the texts joined, a missing one counting as empty. */
    @SuppressWarnings("unchecked")
    private Field<?> concat(List<Expr> args, Scope scope) {
        List<Field<?>> parts = new ArrayList<>();
        for (Expr arg : args) {
            Field<String> part = (Field<String>) (Field<?>) value(arg, scope);
            parts.add(DSL.coalesce(part, new Field<?>[] {DSL.val("")}));
        }
        return DSL.concat(parts.toArray(Field<?>[]::new));
    }

    // Constants: evaluated by the interpreter, bound as values.

    private boolean isConstant(Expr expr) {
        return switch (expr) {
            case Literal literal -> true;
            case Name name -> false;
            case Member member -> false;
            case Unary unary -> isConstant(unary.operand());
            case Binary binary -> isConstant(binary.left()) && isConstant(binary.right());
            case Conditional c -> isConstant(c.condition()) && isConstant(c.then()) && isConstant(c.otherwise());
            case Call call -> !RuleFunctions.OVER_RECORDS.containsKey(call.function())
                    && call.args().stream().allMatch(this::isConstant);
        };
    }

    private Object constant(Expr expr) {
        try {
            // A budget of its own for each constant: the compiler's own time is no rule's to spend.
            return RuleInterpreter.constant(expr, new Evaluation(RuleLimits.DEFAULT, clock));
        } catch (RuleFailed failed) {
            throw FilterRefusals.refuse(rule, expr.at(), Message.literal(failed.getMessage()));
        }
    }

    /** A value as a typed bind parameter; the type is spelled out so neither database has to guess it. */
    private Field<?> bind(Object value, Expr at) {
        return switch (value) {
            case null -> DSL.castNull(sqlType(rule.typeOf(at)));
            case String text -> DSL.cast(DSL.val(text, SQLDataType.VARCHAR), SQLDataType.VARCHAR);
            case BigDecimal number -> bindNumber(number, at);
            case LocalDate date -> DSL.cast(DSL.val(date, SQLDataType.LOCALDATE), SQLDataType.LOCALDATE);
            case LocalDateTime time -> DSL.cast(DSL.val(time, SQLDataType.LOCALDATETIME), SQLDataType.LOCALDATETIME);
            default -> throw new IllegalStateException("booleans are read through truth and missing");
        };
    }

    private Field<BigDecimal> bindNumber(BigDecimal number, Expr at) {
        BigDecimal plain = number.scale() < 0 ? number.setScale(0) : number;
        int scale = plain.scale();
        int precision = Math.max(plain.precision(), scale) + 1;
        if (precision > 65 || scale > 30) {
            throw FilterRefusals.refuse(rule, at.at(), Message.of("rule.filter.number"));
        }
        return DSL.cast(DSL.val(plain, SQLDataType.DECIMAL), SQLDataType.DECIMAL(precision, scale));
    }

    private static DataType<?> sqlType(ValueType type) {
        return switch (type) {
            case NUMBER -> SQLDataType.DECIMAL(38, 10);
            case DATE -> SQLDataType.LOCALDATE;
            case DATETIME -> SQLDataType.LOCALDATETIME;
            default -> SQLDataType.VARCHAR;
        };
    }

    // Two-valued logic that folds the constants away.

    private static Condition and(Condition a, Condition b) {
        if (a == FALSE || b == FALSE) {
            return FALSE;
        }
        return a == TRUE ? b : b == TRUE ? a : a.and(b);
    }

    private static Condition or(Condition a, Condition b) {
        if (a == TRUE || b == TRUE) {
            return TRUE;
        }
        return a == FALSE ? b : b == FALSE ? a : a.or(b);
    }

    private static Condition not(Condition a) {
        return a == TRUE ? FALSE : a == FALSE ? TRUE : a.not();
    }
}
