package io.voronka.process;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.rule.RuleSchema;
import io.voronka.kernel.rule.ValueType;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowable.common.engine.api.FlowableException;
import org.flowable.common.engine.api.delegate.Expression;
import org.flowable.common.engine.api.variable.VariableContainer;
import org.flowable.engine.impl.el.ProcessExpressionManager;
import io.voronka.kernel.rule.RuleRejected;

/**
 * Flowable's expression manager, replaced: every expression in a BPMN file (conditions, inputs,
 * assignees, timers, delegate expressions) is read by the rule language, never by JUEL, so a
 * process can reach only its own variables and the function library. The one other form allowed is
 * a bare {@code ${name}} naming one of Voronka's step beans, which answers that bean.
 */
public final class RuleExpressionManager extends ProcessExpressionManager {

    private static final Pattern BEAN = Pattern.compile("^\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}$");

    /** At run time any variable name may be read; deploy-time checks ({@link ProcessPolicy}) know the names. */
    static final RuleSchema ANY_VARIABLE = new RuleSchema() {
        @Override
        public Optional<Field> field(String name) {
            return Optional.of(Field.of(name, ValueType.ANY));
        }

        @Override
        public List<String> fieldNames() {
            return List.of();
        }
    };

    private final RuleSandbox sandbox;
    /**
     * Parsed expressions by text: Flowable asks for a gateway's condition again on every pass
     * (ConditionUtil), and parsing it was a tenth of a lead's start. Texts come from deployed BPMN,
     * so the set is small; the bound only guards against a flood of versions.
     */
    private final Cache<String, Expression> parsed = Caffeine.newBuilder().maximumSize(10_000).build();

    public RuleExpressionManager(RuleSandbox sandbox, Map<String, Object> beans) {
        super(new java.util.HashMap<>(beans));
        this.sandbox = sandbox;
    }

    /** The step beans a BPMN file may name in a delegate expression. */
    public Set<String> beanNames() {
        return getBeans() == null ? Set.of() : getBeans().keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public Expression createExpression(String text) {
        String key = text == null ? "" : text;
        Expression cached = parsed.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        Expression expression = parse(key);
        parsed.put(key, expression);
        return expression;
    }

    private Expression parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        Matcher bean = BEAN.matcher(trimmed);
        if (bean.matches() && getBeans() != null && getBeans().containsKey(bean.group(1))) {
            return new BeanExpression(trimmed, getBeans().get(bean.group(1)));
        }
        try {
            RuleExpression rule = new RuleExpression(ExpressionTemplate.parse("expression", trimmed, sandbox, ANY_VARIABLE));
            return bean.matches() ? new ListOrRule(bean.group(1), rule) : rule;
        } catch (RuleRejected e) {
            throw new FlowableException("expression '" + clip(trimmed) + "' is not in the rule language: line "
                    + e.line() + ", column " + e.column() + ": " + e.getMessage());
        }
    }

    private static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    /** A registered step bean, handed out as it is. */
    private record BeanExpression(String text, Object bean) implements Expression {
        @Override
        public Object getValue(VariableContainer variables) {
            return bean;
        }

        @Override
        public void setValue(Object value, VariableContainer variables) {
            throw new FlowableException("a step bean cannot be assigned");
        }

        @Override
        public String getExpressionText() {
            return text;
        }
    }

    /**
     * A bare {@code ${name}}: a variable holding a list (a multi-instance's collection) answers the
     * list as it is, which the rule language, computing only scalars, has no value for; anything
     * else is the rule.
     */
    private record ListOrRule(String name, RuleExpression rule) implements Expression {
        @Override
        public Object getValue(VariableContainer variables) {
            Object value = variables == null ? null : variables.getVariable(name);
            return value instanceof java.util.Collection<?> ? value : rule.getValue(variables);
        }

        @Override
        public void setValue(Object value, VariableContainer variables) {
            rule.setValue(value, variables);
        }

        @Override
        public String getExpressionText() {
            return rule.getExpressionText();
        }
    }

    /** A template of rule expressions over the process's variables. */
    private static final class RuleExpression implements Expression {
        private final transient ExpressionTemplate template;

        RuleExpression(ExpressionTemplate template) {
            this.template = template;
        }

        @Override
        public Object getValue(VariableContainer variables) {
            return template.evaluate(new VariableValues(variables));
        }

        @Override
        public void setValue(Object value, VariableContainer variables) {
            throw new FlowableException("expressions cannot be assigned to");
        }

        @Override
        public String getExpressionText() {
            return template.text();
        }
    }

    /** The process's variables as the rule interpreter reads them: by name, one at a time. */
    private static final class VariableValues extends AbstractMap<String, Object> {
        private final VariableContainer variables;

        VariableValues(VariableContainer variables) {
            this.variables = variables;
        }

        @Override
        public Object get(Object key) {
            return variables == null || !(key instanceof String name) ? null : variables.getVariable(name);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return Set.of();
        }
    }
}
