package io.voronka.kernel.rule;

import static io.voronka.kernel.rule.ValueType.ANY;
import static io.voronka.kernel.rule.ValueType.BOOLEAN;
import static io.voronka.kernel.rule.ValueType.NULL;
import static io.voronka.kernel.rule.ValueType.NUMBER;
import static io.voronka.kernel.rule.ValueType.TEXT;

import io.voronka.kernel.error.Message;
import io.voronka.kernel.rule.RuleTree.Assign;
import io.voronka.kernel.rule.RuleTree.Binary;
import io.voronka.kernel.rule.RuleTree.BinaryOp;
import io.voronka.kernel.rule.RuleTree.Call;
import io.voronka.kernel.rule.RuleTree.Conditional;
import io.voronka.kernel.rule.RuleTree.Evaluate;
import io.voronka.kernel.rule.RuleTree.Expr;
import io.voronka.kernel.rule.RuleTree.If;
import io.voronka.kernel.rule.RuleTree.Literal;
import io.voronka.kernel.rule.RuleTree.Member;
import io.voronka.kernel.rule.RuleTree.Name;
import io.voronka.kernel.rule.RuleTree.Position;
import io.voronka.kernel.rule.RuleTree.Program;
import io.voronka.kernel.rule.RuleTree.Return;
import io.voronka.kernel.rule.RuleTree.Stmt;
import io.voronka.kernel.rule.RuleTree.Unary;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives every expression of a parsed rule its type, from the schema of the record it runs on, and
 * refuses what would not make sense ({@code budget > 'abc'}), what it cannot resolve (unknown
 * names and functions) and what a rule may not do (change a field). What passes is exactly what
 * the interpreter and the SQL compiler will see.
 */
final class RuleChecker {

    private final String ruleName;
    private final RuleSchema schema;
    private final Map<Expr, ValueType> types = new IdentityHashMap<>();
    private final Map<String, ValueType> locals = new HashMap<>();
    private final Set<String> fieldsRead = new LinkedHashSet<>();
    private ValueType result = NULL;
    private boolean returns;

    private RuleChecker(String ruleName, RuleSchema schema) {
        this.ruleName = ruleName;
        this.schema = schema;
    }

    static CheckedRule check(String ruleName, String source, Program program, RuleSchema schema) {
        RuleChecker checker = new RuleChecker(ruleName, schema);
        ValueType last = NULL;
        for (Stmt statement : program.statements()) {
            last = checker.statement(statement);
        }
        ValueType resultType = checker.returns ? checker.joinResult(checker.result, last, program) : last;
        return new CheckedRule(ruleName, source, program, checker.types, resultType, Set.copyOf(checker.fieldsRead));
    }

    private ValueType joinResult(ValueType returned, ValueType last, Program program) {
        // A rule that returns on some paths and ends on an expression on others has both as results.
        Stmt end = program.statements().getLast();
        if (end instanceof Return || end instanceof If || last == NULL) {
            return returned;
        }
        ValueType joined = ValueType.join(returned, last);
        if (joined == null) {
            throw reject(end.at(), Message.of("rule.check.ends-with", returned.text(), last.text()));
        }
        return joined;
    }

    private ValueType statement(Stmt statement) {
        switch (statement) {
            case Assign assign -> {
                if (schema.field(assign.local()).isPresent()) {
                    throw reject(assign.at(), Message.of("rule.check.assign-field", assign.local()));
                }
                ValueType value = scalar(assign.value(), Message.of("rule.what.local"));
                ValueType before = locals.get(assign.local());
                ValueType joined = before == null ? value : ValueType.join(before, value);
                if (joined == null) {
                    throw reject(assign.at(), Message.of("rule.check.local-type", assign.local(), before.text(), value.text()));
                }
                locals.put(assign.local(), joined);
                return joined;
            }
            case If branch -> {
                expect(branch.condition(), BOOLEAN, Message.of("rule.what.if"));
                branch.then().forEach(this::statement);
                branch.otherwise().forEach(this::statement);
                return NULL;
            }
            case Return ret -> {
                ValueType value = scalar(ret.value(), Message.of("rule.what.result"));
                ValueType joined = returns ? ValueType.join(result, value) : value;
                if (joined == null) {
                    throw reject(ret.at(), Message.of("rule.check.returns", result.text(), value.text()));
                }
                result = joined;
                returns = true;
                return value;
            }
            case Evaluate evaluate -> {
                return scalar(evaluate.value(), Message.of("rule.what.value"));
            }
        }
    }

    private ValueType scalar(Expr expr, Message what) {
        ValueType type = type(expr);
        if (!type.isScalar()) {
            throw reject(expr.at(), Message.of("rule.check.not-scalar", what, type.text()));
        }
        return type;
    }

    private void expect(Expr expr, ValueType wanted, Message what) {
        ValueType type = type(expr);
        if (!type.fits(wanted)) {
            throw reject(expr.at(), Message.of("rule.check.type", what, wanted.text(), type.text()));
        }
    }

    private ValueType type(Expr expr) {
        ValueType type = typeOf(expr);
        types.put(expr, type);
        return type;
    }

    private ValueType typeOf(Expr expr) {
        return switch (expr) {
            case Literal literal -> literal(literal.value());
            case Name name -> name(name);
            case Member member -> member(member);
            case Unary unary -> {
                ValueType wanted = unary.op() == RuleTree.UnaryOp.NOT ? BOOLEAN : NUMBER;
                expect(unary.operand(), wanted, Message.of("rule.what.operand", unary.op() == RuleTree.UnaryOp.NOT ? "!" : "-"));
                yield wanted;
            }
            case Binary binary -> binary(binary);
            case Conditional conditional -> {
                expect(conditional.condition(), BOOLEAN, Message.of("rule.what.conditional"));
                ValueType then = scalar(conditional.then(), Message.of("rule.what.choice"));
                ValueType otherwise = scalar(conditional.otherwise(), Message.of("rule.what.choice"));
                ValueType joined = ValueType.join(then, otherwise);
                if (joined == null) {
                    throw reject(conditional.at(), Message.of("rule.check.choices", then.text(), otherwise.text()));
                }
                yield joined;
            }
            case Call call -> call(call);
        };
    }

    private static ValueType literal(Object value) {
        return switch (value) {
            case null -> NULL;
            case String s -> TEXT;
            case BigDecimal n -> NUMBER;
            case Boolean b -> BOOLEAN;
            default -> throw new IllegalStateException("literal of unexpected kind");
        };
    }

    private ValueType name(Name name) {
        ValueType local = locals.get(name.name());
        if (local != null) {
            return local;
        }
        Optional<RuleSchema.Field> field = schema.field(name.name());
        if (field.isPresent()) {
            fieldsRead.add(name.name());
            return field.get().type();
        }
        if (schema.link(name.name()).isPresent()) {
            throw reject(name.at(), Message.of("rule.check.link", name.name(),
                    schema.link(name.name()).get().fieldNames().stream().findFirst().orElse("name")));
        }
        if (schema.collection(name.name()).isPresent()) {
            throw reject(name.at(), Message.of("rule.check.collection", name.name()));
        }
        throw reject(name.at(), Message.of("rule.check.unknown-name", name.name(),
                String.join(", ", schema.fieldNames())));
    }

    private ValueType member(Member member) {
        RuleSchema target = schema.link(member.link().name()).orElseThrow(() -> reject(member.link().at(),
                Message.of("rule.check.not-link", member.link().name(), member.field())));
        RuleSchema.Field field = target.field(member.field()).orElseThrow(() -> reject(member.at(),
                Message.of("rule.check.linked-field", member.field(), String.join(", ", target.fieldNames()))));
        types.put(member.link(), ValueType.RECORD);
        fieldsRead.add(member.link().name() + "." + member.field());
        return field.type();
    }

    private ValueType binary(Binary binary) {
        BinaryOp op = binary.op();
        if (op == BinaryOp.AND || op == BinaryOp.OR) {
            expect(binary.left(), BOOLEAN, Message.of("rule.what.side", op.symbol));
            expect(binary.right(), BOOLEAN, Message.of("rule.what.side", op.symbol));
            return BOOLEAN;
        }
        ValueType left = scalar(binary.left(), Message.of("rule.what.side", op.symbol));
        ValueType right = scalar(binary.right(), Message.of("rule.what.side", op.symbol));
        if (op.isEquality()) {
            if (ValueType.join(left, right) == null) {
                throw reject(binary.at(), Message.of("rule.check.compare", left.text(), right.text()));
            }
            checkOption(binary.left(), binary.right());
            checkOption(binary.right(), binary.left());
            return BOOLEAN;
        }
        if (op.isComparison()) {
            ValueType joined = ValueType.join(left, right);
            if (joined == null || joined == BOOLEAN) {
                throw reject(binary.at(), Message.of("rule.check.order", left.text(), right.text(), op.symbol));
            }
            return BOOLEAN;
        }
        if (op == BinaryOp.ADD && (left == TEXT || right == TEXT)) {
            return TEXT;
        }
        if (op == BinaryOp.ADD && (left == ANY || right == ANY)) {
            return ANY;
        }
        if (!left.fits(NUMBER) || !right.fits(NUMBER)) {
            throw reject(binary.at(), Message.of("rule.check.arithmetic", op.symbol, left.text(), right.text()));
        }
        return NUMBER;
    }

    /** {@code source == 'refferal'} is a typo the author should see now, not a rule that never matches. */
    private void checkOption(Expr field, Expr value) {
        if (field instanceof Name name && !locals.containsKey(name.name()) && value instanceof Literal literal
                && literal.value() instanceof String text) {
            schema.field(name.name()).filter(f -> !f.options().isEmpty() && !f.options().contains(text))
                    .ifPresent(f -> {
                        throw reject(value.at(), Message.of("rule.check.option", RuleFunctions.clip(text), f.name(),
                                String.join(", ", f.options())));
                    });
        }
    }

    private ValueType call(Call call) {
        if (RuleFunctions.OVER_RECORDS.containsKey(call.function())) {
            return overRecords(call);
        }
        Optional<RuleFunctions.Function> known = RuleFunctions.find(call.function());
        if (known.isEmpty()) {
            // An unknown receiver (Runtime.getRuntime()) is the more useful thing to point at.
            call.args().forEach(this::type);
        }
        RuleFunctions.Function function = known.orElseThrow(() -> reject(call.at(),
                Message.of("rule.check.unknown-function", call.function(),
                        String.join(", ", RuleFunctions.all().stream().map(RuleFunctions.Function::name).toList()))));
        if (!function.accepts(call.args().size())) {
            throw reject(call.at(), Message.of("rule.check.arity", function.name(), call.args().size(),
                    function.description()));
        }
        ValueType joined = NULL;
        for (int i = 0; i < call.args().size(); i++) {
            Expr arg = call.args().get(i);
            ValueType wanted = function.parameter(i);
            ValueType type = scalar(arg, Message.of("rule.what.argument", function.name()));
            if (!type.fits(wanted)) {
                throw reject(arg.at(), Message.of("rule.check.argument", i + 1, function.name(), wanted.text(), type.text()));
            }
            joined = joined == null ? null : ValueType.join(joined, type);
        }
        if (function.name().equals("date") && call.args().getFirst() instanceof Literal l && l.value() instanceof String text) {
            try {
                LocalDate.parse(text);
            } catch (RuntimeException e) {
                throw reject(l.at(), Message.of("rule.check.date", RuleFunctions.clip(text)));
            }
        }
        if (function.result() != null) {
            return function.result();
        }
        if (joined == null) {
            throw reject(call.at(), Message.of("rule.check.same-type", function.name()));
        }
        return joined;
    }

    /** {@code any(deals, amount > 700)}: the condition reads the linked records' fields, nothing else. */
    private ValueType overRecords(Call call) {
        String function = call.function();
        int count = call.args().size();
        if (count < 1 || count > 2 || function.equals("any") && count != 2) {
            throw reject(call.at(), Message.literal(RuleFunctions.OVER_RECORDS.get(function)));
        }
        if (!(call.args().getFirst() instanceof Name list)) {
            throw reject(call.at(), Message.of("rule.check.over-records", function));
        }
        RuleSchema target = schema.collection(list.name()).orElseThrow(() -> reject(list.at(),
                Message.of("rule.check.not-collection", list.name())));
        types.put(list, ValueType.RECORDS);
        fieldsRead.add(list.name());
        if (count == 2) {
            RuleChecker inner = new RuleChecker(ruleName, target);
            inner.expect(call.args().get(1), BOOLEAN, Message.of("rule.what.condition-of", function));
            types.putAll(inner.types);
        }
        return function.equals("any") ? BOOLEAN : NUMBER;
    }

    private RuleRejected reject(Position at, Message message) {
        return new RuleRejected(ruleName, at.line(), at.column(), message);
    }

    static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
