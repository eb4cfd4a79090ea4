package io.voronka.kernel.rule;

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
import io.voronka.kernel.rule.RuleTree.Return;
import io.voronka.kernel.rule.RuleTree.Stmt;
import io.voronka.kernel.rule.RuleTree.Unary;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Runs a checked rule by walking its tree. Nothing here looks a name up in Java: fields come from
 * the values handed in, functions from the library, and every value is one of five plain kinds,
 * so there is nothing for a rule to reach through. Each node costs a step of the budget.
 *
 * <p>Null behaves as a missing value does in SQL, so a filter means the same in memory and in the
 * database: comparisons and arithmetic with null give false and null, {@code == null} asks whether
 * a value is missing, and a null condition counts as false.
 */
final class RuleInterpreter {

    private static final MathContext DIVISION = MathContext.DECIMAL64;

    private final Map<String, ?> values;
    private final Predicate<String> isField;
    private final Map<String, Object> locals = new HashMap<>();
    private final Evaluation evaluation;
    private Object last;

    private RuleInterpreter(Map<String, ?> values, Predicate<String> isField, Evaluation evaluation) {
        this.values = values;
        this.isField = isField;
        this.evaluation = evaluation;
    }

    static Object run(CheckedRule rule, Map<String, ?> values, Evaluation evaluation) {
        RuleInterpreter interpreter = new RuleInterpreter(values, rule.fieldsRead()::contains, evaluation);
        try {
            interpreter.statements(rule.program().statements());
            evaluation.finish();
            return interpreter.last;
        } catch (RuleFailed failed) {
            throw failed;
        } catch (Throwable unexpected) {
            // A rule must never take its caller down, whatever went wrong inside it.
            // The message reaches rule authors and API clients: no Java class names in it.
            throw new RuleFailed(RuleFailed.Reason.VALUE, Message.of(unexpected instanceof java.time.DateTimeException
                    ? "rule.failed.values.date" : "rule.failed.values"));
        }
    }

    /**
     * The value of an expression that reads no field and no linked record. The SQL compiler binds
     * such a value instead of translating it, so constants mean exactly what they mean here.
     */
    static Object constant(Expr expr, Evaluation evaluation) {
        try {
            return new RuleInterpreter(Map.of(), name -> false, evaluation).eval(expr);
        } catch (RuleFailed failed) {
            throw failed;
        } catch (Throwable unexpected) {
            throw new RuleFailed(RuleFailed.Reason.VALUE, Message.of(unexpected instanceof java.time.DateTimeException
                    ? "rule.failed.constant.date" : "rule.failed.constant"));
        }
    }

    /** Runs statements in order; true when one of them returned, with its value in {@code last}. */
    private boolean statements(List<Stmt> statements) {
        for (Stmt statement : statements) {
            evaluation.step();
            switch (statement) {
                case Assign assign -> {
                    Object value = eval(assign.value());
                    locals.put(assign.local(), value);
                    last = value;
                }
                case If branch -> {
                    if (statements(truth(eval(branch.condition())) ? branch.then() : branch.otherwise())) {
                        return true;
                    }
                }
                case Return ret -> {
                    last = eval(ret.value());
                    return true;
                }
                case Evaluate evaluate -> last = eval(evaluate.value());
            }
        }
        return false;
    }

    private Object eval(Expr expr) {
        evaluation.step();
        return switch (expr) {
            case Literal literal -> literal.value();
            case Name name -> name(name.name());
            case Member member -> member(member);
            case Unary unary -> switch (unary.op()) {
                case NOT -> !truth(eval(unary.operand()));
                case NEGATE -> {
                    Object value = eval(unary.operand());
                    yield value == null ? null : number(value, "-").negate();
                }
            };
            case Binary binary -> binary(binary);
            case Conditional conditional -> truth(eval(conditional.condition()))
                    ? eval(conditional.then()) : eval(conditional.otherwise());
            case Call call -> call(call);
        };
    }

    /**
     * A local assigned only on a path not taken is null. It must not fall through to the values
     * handed in: they may hold more than the record's fields (process variables, internal keys).
     */
    private Object name(String name) {
        if (locals.containsKey(name)) {
            return locals.get(name);
        }
        return isField.test(name) ? RuleValues.of(values.get(name)) : null;
    }

    private Object member(Member member) {
        Object link = values.get(member.link().name());
        if (!(link instanceof Map<?, ?> record)) {
            return null;
        }
        return RuleValues.of(record.get(member.field()));
    }

    private Object binary(Binary binary) {
        BinaryOp op = binary.op();
        if (op == BinaryOp.AND) {
            return truth(eval(binary.left())) && truth(eval(binary.right()));
        }
        if (op == BinaryOp.OR) {
            return truth(eval(binary.left())) || truth(eval(binary.right()));
        }
        Object left = eval(binary.left());
        Object right = eval(binary.right());
        if (op == BinaryOp.EQ) {
            return RuleValues.same(left, right);
        }
        if (op == BinaryOp.NE) {
            return !RuleValues.same(left, right);
        }
        if (op.isComparison()) {
            if (left == null || right == null) {
                return false;
            }
            int order = RuleValues.compare(left, right, op.symbol);
            return switch (op) {
                case LT -> order < 0;
                case LE -> order <= 0;
                case GT -> order > 0;
                default -> order >= 0;
            };
        }
        if (op == BinaryOp.ADD && (left instanceof String || right instanceof String)) {
            if (left == null || right == null) {
                return null;
            }
            String joined = RuleValues.text(left) + RuleValues.text(right);
            return evaluation.text(joined);
        }
        if (left == null || right == null) {
            return null;
        }
        BigDecimal a = number(left, op.symbol);
        BigDecimal b = number(right, op.symbol);
        return evaluation.number(switch (op) {
            case ADD -> a.add(b);
            case SUBTRACT -> a.subtract(b);
            case MULTIPLY -> a.multiply(b);
            case DIVIDE -> {
                if (b.signum() == 0) {
                    throw new RuleFailed(RuleFailed.Reason.VALUE, Message.of("rule.failed.division"));
                }
                yield a.divide(b, DIVISION);
            }
            default -> {
                if (b.signum() == 0) {
                    throw new RuleFailed(RuleFailed.Reason.VALUE, Message.of("rule.failed.remainder"));
                }
                yield a.remainder(b);
            }
        });
    }

    private Object call(Call call) {
        String name = call.function();
        if (name.equals("any") || name.equals("count")) {
            return overRecords(call);
        }
        RuleFunctions.Function function = RuleFunctions.find(name).orElseThrow();
        Object[] args = new Object[call.args().size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = RuleValues.expect(eval(call.args().get(i)), function.parameter(i), function.name());
        }
        Object result = function.body().apply(args, evaluation);
        if (result instanceof String text) {
            evaluation.text(text);
        }
        return result;
    }

    /** The condition runs once per linked record, on that record's values and nothing else. */
    private Object overRecords(Call call) {
        Object list = values.get(((Name) call.args().getFirst()).name());
        List<?> records = list instanceof List<?> l ? l : List.of();
        Expr condition = call.args().size() > 1 ? call.args().get(1) : null;
        long matching = 0;
        for (Object item : records) {
            evaluation.step();
            if (!(item instanceof Map<?, ?> record)) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> fields = (Map<String, ?>) record;
            // The condition was checked against the linked entity alone and assigns nothing: every name in it is a field.
            boolean matches = condition == null || truth(new RuleInterpreter(fields, field -> true, evaluation).eval(condition));
            if (matches) {
                if (call.function().equals("any")) {
                    return true;
                }
                matching++;
            }
        }
        return call.function().equals("any") ? (Object) false : BigDecimal.valueOf(matching);
    }

    private static boolean truth(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new RuleFailed(RuleFailed.Reason.VALUE, Message.of("rule.failed.condition", RuleValues.kind(value)));
    }

    private static BigDecimal number(Object value, String operator) {
        if (value instanceof BigDecimal n) {
            return n;
        }
        throw new RuleFailed(RuleFailed.Reason.VALUE, Message.of("rule.failed.numbers", operator, RuleValues.kind(value)));
    }
}
