package io.voronka.rule;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mvel2.CompileException;
import org.mvel2.MVEL;
import org.mvel2.ParserContext;

/**
 * Admits an MVEL rule only if everything it names is on an allow-list: the record's fields, its own
 * local variables, a few keywords and a few harmless string and collection methods. Anything else
 * (classes such as Runtime or System, getClass(), reflection, object creation, loops, imports,
 * function definitions) is rejected with its position before the rule ever runs. Because rules
 * cannot loop or define functions, their running time is bounded by their length.
 */
public final class RuleSandbox {

    private static final Set<String> KEYWORDS = Set.of(
            "if", "else", "return", "true", "false", "null", "nil", "empty", "is");

    private static final Set<String> METHODS = Set.of(
            "length", "size", "isEmpty", "contains", "containsKey", "startsWith", "endsWith",
            "toLowerCase", "toUpperCase", "trim", "equals", "equalsIgnoreCase", "compareTo",
            "substring", "indexOf", "matches", "intValue", "longValue", "doubleValue");

    private static final Map<String, String> FORBIDDEN = Map.ofEntries(
            Map.entry("new", "creating objects is not allowed"),
            Map.entry("for", "loops are not allowed"),
            Map.entry("foreach", "loops are not allowed"),
            Map.entry("while", "loops are not allowed"),
            Map.entry("do", "loops are not allowed"),
            Map.entry("until", "loops are not allowed"),
            Map.entry("in", "projections and loops are not allowed"),
            Map.entry("import", "imports are not allowed"),
            Map.entry("import_static", "imports are not allowed"),
            Map.entry("def", "defining functions is not allowed"),
            Map.entry("function", "defining functions is not allowed"),
            Map.entry("with", "with-blocks are not allowed"),
            Map.entry("assert", "assert is not allowed"),
            Map.entry("isdef", "isdef is not allowed"),
            Map.entry("instanceof", "type checks are not allowed"),
            Map.entry("class", "access to classes is not allowed"),
            Map.entry("getClass", "getClass() is not allowed"),
            Map.entry("Class", "access to Class is not allowed"),
            Map.entry("Runtime", "access to Runtime is not allowed"),
            Map.entry("System", "access to System is not allowed"),
            Map.entry("Thread", "access to Thread is not allowed"),
            Map.entry("ProcessBuilder", "access to ProcessBuilder is not allowed"),
            Map.entry("forName", "reflection is not allowed"),
            Map.entry("getMethod", "reflection is not allowed"),
            Map.entry("getDeclaredMethod", "reflection is not allowed"),
            Map.entry("invoke", "reflection is not allowed"),
            Map.entry("java", "access to Java packages is not allowed"),
            Map.entry("javax", "access to Java packages is not allowed"));

    private static final Set<String> FORBIDDEN_SYMBOLS = Set.of("@", "$", "#", "`", "\\");

    /**
     * Checks and compiles a rule. {@code inputs} are the names the rule may read (the entity's
     * fields); anything it assigns becomes a local it may read afterwards.
     */
    public CompiledRule compile(String ruleName, String source, Set<String> inputs) {
        List<RuleSource.Token> tokens = RuleSource.tokens(source);
        Set<String> locals = new HashSet<>();
        tokens.stream().filter(t -> t.kind() == RuleSource.Kind.NAME && t.beforeAssignment() && !t.afterDot())
                .forEach(t -> locals.add(t.text()));
        for (RuleSource.Token token : tokens) {
            judge(ruleName, token, inputs, locals);
        }
        try {
            ParserContext context = new ParserContext();
            Serializable compiled = MVEL.compileExpression(source, context);
            return new CompiledRule(ruleName, source, compiled);
        } catch (CompileException e) {
            throw new RuleRejected(ruleName, Math.max(1, e.getLineNumber()), Math.max(1, e.getColumn()),
                    "does not compile: " + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            throw new RuleRejected(ruleName, 1, 1, "does not compile: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    private static void judge(String ruleName, RuleSource.Token token, Set<String> inputs, Set<String> locals) {
        String text = token.text();
        if (token.kind() == RuleSource.Kind.SYMBOL) {
            if (FORBIDDEN_SYMBOLS.contains(text)) {
                throw reject(ruleName, token, "the symbol '" + text + "' is not allowed");
            }
            return;
        }
        if (FORBIDDEN.containsKey(text)) {
            throw reject(ruleName, token, FORBIDDEN.get(text));
        }
        if (token.afterDot()) {
            if (!token.beforeCall() || !METHODS.contains(text)) {
                throw reject(ruleName, token, "'" + text + "' is not an allowed method; allowed: " + String.join(", ", METHODS.stream().sorted().toList()));
            }
            return;
        }
        if (token.beforeCall() && !text.equals("if")) {
            throw reject(ruleName, token, "calling '" + text + "' is not allowed");
        }
        if (!KEYWORDS.contains(text) && !inputs.contains(text) && !locals.contains(text)) {
            throw reject(ruleName, token, "unknown name '" + text + "': a rule may use only the record's fields and its own variables");
        }
    }

    private static RuleRejected reject(String ruleName, RuleSource.Token token, String message) {
        return new RuleRejected(ruleName, token.line(), token.column(), message);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
