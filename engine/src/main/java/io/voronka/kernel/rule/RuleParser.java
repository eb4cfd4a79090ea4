package io.voronka.kernel.rule;

import io.voronka.kernel.error.Message;
import io.voronka.kernel.rule.RuleLexer.Kind;
import io.voronka.kernel.rule.RuleLexer.Token;
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
import io.voronka.kernel.rule.RuleTree.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads rule tokens into a {@link RuleTree} by recursive descent over the grammar in
 * docs/rules.md. Anything outside the grammar stops the parse with its position and a plain
 * reason; nesting deeper than the limit is refused before the Java stack could notice.
 */
final class RuleParser {

    /** Words of MVEL and its relatives that a rule author might try, with the key of why they are refused. */
    private static final Map<String, String> REFUSED_WORDS = Map.ofEntries(
            Map.entry("new", "rule.refused.new"),
            Map.entry("for", "rule.refused.loop"),
            Map.entry("foreach", "rule.refused.loop"),
            Map.entry("while", "rule.refused.loop"),
            Map.entry("do", "rule.refused.loop"),
            Map.entry("until", "rule.refused.loop"),
            Map.entry("import", "rule.refused.import"),
            Map.entry("import_static", "rule.refused.import"),
            Map.entry("def", "rule.refused.function"),
            Map.entry("function", "rule.refused.function"),
            Map.entry("with", "rule.refused.with"),
            Map.entry("assert", "rule.refused.assert"),
            Map.entry("isdef", "rule.refused.isdef"),
            Map.entry("instanceof", "rule.refused.instanceof"),
            Map.entry("class", "rule.refused.class"),
            Map.entry("this", "rule.refused.this"),
            Map.entry("var", "rule.refused.var"),
            Map.entry("in", "rule.refused.in"),
            Map.entry("switch", "rule.refused.switch"),
            Map.entry("try", "rule.refused.exception"),
            Map.entry("throw", "rule.refused.exception"));

    private static final Set<String> KEYWORDS = Set.of("if", "else", "return", "true", "false", "null");

    private final String ruleName;
    private final List<Token> tokens;
    private final RuleLimits limits;
    private int next;
    private int depth;

    private RuleParser(String ruleName, List<Token> tokens, RuleLimits limits) {
        this.ruleName = ruleName;
        this.tokens = tokens;
        this.limits = limits;
    }

    static Program parse(String ruleName, String source, RuleLimits limits) {
        RuleParser parser = new RuleParser(ruleName, RuleLexer.tokens(ruleName, source, limits), limits);
        return parser.program();
    }

    private Program program() {
        List<Stmt> statements = new ArrayList<>();
        while (peek().kind() != Kind.END) {
            statements.add(statement());
            endOfStatement(statements.getLast());
        }
        if (statements.isEmpty()) {
            throw reject(peek(), Message.of("rule.parse.empty"));
        }
        return new Program(statements);
    }

    private List<Stmt> block() {
        expect("{");
        deeper(previous());
        List<Stmt> statements = new ArrayList<>();
        while (!peek().is("}")) {
            if (peek().kind() == Kind.END) {
                throw reject(peek(), Message.of("rule.parse.block-open"));
            }
            statements.add(statement());
            endOfStatement(statements.getLast());
        }
        expect("}");
        depth--;
        return statements;
    }

    /** `;` separates statements; after a closing brace, or before `}` or the end, it may be left out. */
    private void endOfStatement(Stmt statement) {
        if (accept(";")) {
            return;
        }
        if (statement instanceof If || peek().is("}") || peek().kind() == Kind.END) {
            return;
        }
        throw reject(peek(), unexpected(peek(), Message.of("rule.parse.semicolon", quote(peek()))));
    }

    private Stmt statement() {
        Token start = peek();
        if (start.is("if") && start.kind() == Kind.NAME) {
            return ifStatement();
        }
        if (start.is("return") && start.kind() == Kind.NAME) {
            next++;
            Position at = position(start);
            if (peek().is(";") || peek().is("}") || peek().kind() == Kind.END) {
                return new Return(at, new Literal(at, null));
            }
            return new Return(at, expression());
        }
        if (start.kind() == Kind.NAME && tokens.get(next + 1).kind() == Kind.SYMBOL) {
            String op = tokens.get(next + 1).text();
            if (op.equals("=") || op.equals("+=") || op.equals("-=")) {
                String local = name(start);
                next += 2;
                Expr value = expression();
                Position at = position(start);
                if (!op.equals("=")) {
                    value = new Binary(at, op.equals("+=") ? BinaryOp.ADD : BinaryOp.SUBTRACT, new Name(at, local), value);
                }
                return new Assign(at, local, value);
            }
        }
        return new Evaluate(position(start), expression());
    }

    private Stmt ifStatement() {
        Token start = tokens.get(next++);
        expect("(");
        Expr condition = expression();
        expect(")");
        List<Stmt> then = block();
        List<Stmt> otherwise = List.of();
        if (peek().is("else") && peek().kind() == Kind.NAME) {
            next++;
            if (peek().is("if") && peek().kind() == Kind.NAME) {
                deeper(peek());
                otherwise = List.of(ifStatement());
                depth--;
            } else {
                otherwise = block();
            }
        }
        return new If(position(start), condition, then, otherwise);
    }

    // Expressions, lowest precedence first.

    Expr expression() {
        Token start = peek();
        deeper(start);
        Expr condition = or();
        Expr result = condition;
        if (accept("?")) {
            Expr then = expression();
            expect(":");
            Expr otherwise = expression();
            result = new Conditional(position(start), condition, then, otherwise);
        }
        depth--;
        return result;
    }

    private Expr or() {
        Expr left = and();
        int links = 0;
        while (peek().is("||")) {
            Token op = tokens.get(next++);
            links += link(op);
            left = new Binary(position(op), BinaryOp.OR, left, and());
        }
        depth -= links;
        return left;
    }

    private Expr and() {
        Expr left = equality();
        int links = 0;
        while (peek().is("&&")) {
            Token op = tokens.get(next++);
            links += link(op);
            left = new Binary(position(op), BinaryOp.AND, left, equality());
        }
        depth -= links;
        return left;
    }

    private Expr equality() {
        Expr left = comparison();
        int links = 0;
        while (peek().is("==") || peek().is("!=")) {
            Token op = tokens.get(next++);
            links += link(op);
            left = new Binary(position(op), op.is("==") ? BinaryOp.EQ : BinaryOp.NE, left, comparison());
        }
        depth -= links;
        return left;
    }

    private Expr comparison() {
        Expr left = additive();
        int links = 0;
        while (peek().is("<") || peek().is("<=") || peek().is(">") || peek().is(">=")) {
            Token op = tokens.get(next++);
            links += link(op);
            BinaryOp kind = switch (op.text()) {
                case "<" -> BinaryOp.LT;
                case "<=" -> BinaryOp.LE;
                case ">" -> BinaryOp.GT;
                default -> BinaryOp.GE;
            };
            left = new Binary(position(op), kind, left, additive());
        }
        depth -= links;
        return left;
    }

    private Expr additive() {
        Expr left = multiplicative();
        int links = 0;
        while (peek().is("+") || peek().is("-")) {
            Token op = tokens.get(next++);
            links += link(op);
            left = new Binary(position(op), op.is("+") ? BinaryOp.ADD : BinaryOp.SUBTRACT, left, multiplicative());
        }
        depth -= links;
        return left;
    }

    private Expr multiplicative() {
        Expr left = unary();
        int links = 0;
        while (peek().is("*") || peek().is("/") || peek().is("%")) {
            Token op = tokens.get(next++);
            links += link(op);
            BinaryOp kind = op.is("*") ? BinaryOp.MULTIPLY : op.is("/") ? BinaryOp.DIVIDE : BinaryOp.REMAINDER;
            left = new Binary(position(op), kind, left, unary());
        }
        depth -= links;
        return left;
    }

    private Expr unary() {
        Token start = peek();
        if (start.is("!") || start.is("-")) {
            next++;
            deeper(start);
            Expr operand = unary();
            depth--;
            return new Unary(position(start), start.is("!") ? UnaryOp.NOT : UnaryOp.NEGATE, operand);
        }
        return postfix();
    }

    private Expr postfix() {
        Expr target = primary();
        int links = 0;
        while (peek().is(".")) {
            Token dot = tokens.get(next++);
            links += link(dot);
            Token member = peek();
            if (member.kind() != Kind.NAME) {
                throw reject(member, Message.of("rule.parse.member", quote(member)));
            }
            String memberName = name(member);
            next++;
            if (peek().is("(")) {
                List<Expr> args = new ArrayList<>();
                args.add(target);
                args.addAll(arguments());
                target = new Call(position(member), memberName, args);
            } else if (target instanceof Name link) {
                target = new Member(position(member), link, memberName);
            } else {
                throw reject(dot, Message.of("rule.parse.dot", describe(target)));
            }
        }
        depth -= links;
        return target;
    }

    private Expr primary() {
        Token token = peek();
        Position at = position(token);
        switch (token.kind()) {
            case NUMBER -> {
                next++;
                return Literal.number(at, token.text());
            }
            case TEXT -> {
                next++;
                return new Literal(at, token.text());
            }
            case NAME -> {
                next++;
                switch (token.text()) {
                    case "true" -> {
                        return new Literal(at, Boolean.TRUE);
                    }
                    case "false" -> {
                        return new Literal(at, Boolean.FALSE);
                    }
                    case "null" -> {
                        return new Literal(at, null);
                    }
                    default -> {
                        String name = name(token);
                        if (peek().is("(")) {
                            return new Call(at, name, arguments());
                        }
                        return new Name(at, name);
                    }
                }
            }
            case SYMBOL -> {
                if (token.is("(")) {
                    next++;
                    deeper(token);
                    Expr inner = expression();
                    expect(")");
                    depth--;
                    return inner;
                }
                throw reject(token, Message.of("rule.parse.value", quote(token)));
            }
            default -> throw reject(token, Message.of("rule.parse.value-end"));
        }
    }

    private List<Expr> arguments() {
        expect("(");
        deeper(previous());
        List<Expr> args = new ArrayList<>();
        if (!peek().is(")")) {
            do {
                args.add(expression());
            } while (accept(","));
        }
        expect(")");
        depth--;
        return args;
    }

    /** A name a rule may write: not a keyword in the wrong place, not a refused word. */
    private String name(Token token) {
        String refusal = REFUSED_WORDS.get(token.text());
        if (refusal != null) {
            throw reject(token, Message.of(refusal));
        }
        if (KEYWORDS.contains(token.text())) {
            throw reject(token, Message.of("rule.parse.keyword", token.text()));
        }
        return token.text();
    }

    /**
     * A chain such as a + b + c, or email.trim().lower(), is a tree as deep as the chain is long.
     * Each link counts against the same limit as brackets, so that no walk of the tree (checker,
     * interpreter, SQL) can run out of stack on a thousand-term sum.
     */
    private int link(Token op) {
        if (++depth > limits.maxDepth()) {
            throw reject(op, Message.of("rule.parse.chain-depth", limits.maxDepth()));
        }
        return 1;
    }

    private void deeper(Token at) {
        if (++depth > limits.maxDepth()) {
            throw reject(at, Message.of("rule.parse.depth", limits.maxDepth()));
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token previous() {
        return tokens.get(next - 1);
    }

    private boolean accept(String symbol) {
        if (peek().kind() == Kind.SYMBOL && peek().is(symbol)) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        if (!accept(symbol)) {
            throw reject(peek(), unexpected(peek(), Message.of("rule.parse.expected", symbol, quote(peek()))));
        }
    }

    /** A refused word where something else was expected says why it is refused. */
    private static Message unexpected(Token token, Message otherwise) {
        String refusal = token.kind() == Kind.NAME ? REFUSED_WORDS.get(token.text()) : null;
        return refusal == null ? otherwise : Message.of(refusal);
    }

    private static Message quote(Token token) {
        return switch (token.kind()) {
            case END -> Message.of("rule.token.end");
            case TEXT -> Message.of("rule.token.text");
            default -> Message.literal("'" + token.text() + "'");
        };
    }

    private static Message describe(Expr expr) {
        return switch (expr) {
            case Call c -> Message.of("rule.expr.call", c.function());
            case Literal l -> Message.of("rule.expr.literal");
            default -> Message.of("rule.expr.other");
        };
    }

    private static Position position(Token token) {
        return new Position(token.line(), token.column());
    }

    private RuleRejected reject(Token token, Message message) {
        return new RuleRejected(ruleName, token.line(), token.column(), message);
    }
}
