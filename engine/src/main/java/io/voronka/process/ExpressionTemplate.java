package io.voronka.process;

import io.voronka.kernel.rule.CheckedRule;
import io.voronka.kernel.rule.RuleRejected;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.rule.RuleSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A BPMN expression read as the rule language: plain text with {@code ${...}} parts, each part
 * one rule expression ({@code Welcome, ${first_name}!}, {@code ${warmth == 'hot'}}). A text that
 * is a single part gives that part's value as it is (a boolean for a condition, a number for an
 * amount); otherwise the parts are joined as text. JUEL never sees these texts.
 */
public final class ExpressionTemplate {

    private final String text;
    private final List<Object> parts;

    private ExpressionTemplate(String text, List<Object> parts) {
        this.text = text;
        this.parts = parts;
    }

    /** Reads a template; each {@code ${...}} is checked against {@code schema} as one expression. */
    public static ExpressionTemplate parse(String name, String text, RuleSandbox sandbox, RuleSchema schema) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if ((c == '$' || c == '#') && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int end = closingBrace(name, text, i + 2);
                if (!literal.isEmpty()) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(sandbox.expression(name, text.substring(i + 2, end), schema));
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty() || parts.isEmpty()) {
            parts.add(literal.toString());
        }
        return new ExpressionTemplate(text, List.copyOf(parts));
    }

    /** The `}` that ends a part, skipping braces inside quoted texts. */
    private static int closingBrace(String name, String text, int from) {
        char quote = 0;
        for (int k = from; k < text.length(); k++) {
            char c = text.charAt(k);
            if (quote != 0) {
                if (c == '\\') {
                    k++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '}') {
                return k;
            } else if (c == '{') {
                throw new RuleRejected(name, 1, k + 1, "an expression part cannot contain '{'");
            }
        }
        throw new RuleRejected(name, 1, from - 1, "the expression part is never closed with }");
    }

    public Object evaluate(Map<String, ?> values) {
        if (parts.size() == 1) {
            return parts.getFirst() instanceof CheckedRule rule ? rule.evaluate(values) : parts.getFirst();
        }
        StringBuilder joined = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof CheckedRule rule) {
                Object value = rule.evaluate(values);
                joined.append(value instanceof BigDecimal n ? n.stripTrailingZeros().toPlainString()
                        : value == null ? "" : value.toString());
            } else {
                joined.append((String) part);
            }
        }
        return joined.toString();
    }

    /** The rule parts, for checks that look at what an expression reads or gives. */
    public List<CheckedRule> rules() {
        return parts.stream().filter(CheckedRule.class::isInstance).map(CheckedRule.class::cast).toList();
    }

    public boolean isSingleRule() {
        return parts.size() == 1 && parts.getFirst() instanceof CheckedRule;
    }

    public String text() {
        return text;
    }
}
