package io.voronka.kernel.rule;

import io.voronka.kernel.rule.RuleTree.Expr;
import io.voronka.kernel.rule.RuleTree.Program;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * A rule that passed the checker: its tree, the type of every expression in it, the type of its
 * result and the fields it reads. It is the only thing the interpreter runs and the SQL compiler
 * reads; the source text is kept for people, never read again.
 */
public final class CheckedRule {

    private final String name;
    private final String source;
    private final Program program;
    private final Map<Expr, ValueType> types;
    private final ValueType resultType;
    private final Set<String> fieldsRead;

    CheckedRule(String name, String source, Program program, Map<Expr, ValueType> types, ValueType resultType,
                Set<String> fieldsRead) {
        this.name = name;
        this.source = source;
        this.program = program;
        this.types = types;
        this.resultType = resultType;
        this.fieldsRead = fieldsRead;
    }

    /**
     * Evaluates the rule on one record's values (field name to value; a linked record as a map, a
     * list of linked records as a list of maps) within the default budget. The values are read,
     * never changed.
     */
    public Object evaluate(Map<String, ?> values) {
        return evaluate(values, RuleLimits.DEFAULT, Clock.systemDefaultZone());
    }

    public Object evaluate(Map<String, ?> values, RuleLimits limits, Clock clock) {
        return RuleInterpreter.run(this, values, new Evaluation(limits, clock));
    }

    public String name() {
        return name;
    }

    public String source() {
        return source;
    }

    public Program program() {
        return program;
    }

    /** The type the checker gave an expression of this rule's tree. */
    public ValueType typeOf(Expr expr) {
        return types.get(expr);
    }

    public ValueType resultType() {
        return resultType;
    }

    /** Field names read, with {@code link.field} for fields of linked records. */
    public Set<String> fieldsRead() {
        return fieldsRead;
    }
}
