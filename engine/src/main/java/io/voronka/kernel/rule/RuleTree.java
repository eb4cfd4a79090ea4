package io.voronka.kernel.rule;

import java.math.BigDecimal;
import java.util.List;

/**
 * The syntax tree of a rule: the only form in which a rule is checked, evaluated or turned into
 * SQL. Every node keeps the position it came from, so a problem found later still points at the
 * source.
 */
public final class RuleTree {

    private RuleTree() {
    }

    /** Where a node starts in the source, 1-based. */
    public record Position(int line, int column) {
    }

    public sealed interface Node permits Expr, Stmt {
        Position at();
    }

    // Expressions

    public sealed interface Expr extends Node
            permits Literal, Name, Member, Unary, Binary, Conditional, Call {
    }

    /** A text, a number (BigDecimal), true, false or null. */
    public record Literal(Position at, Object value) implements Expr {
        public static Literal number(Position at, String digits) {
            return new Literal(at, new BigDecimal(digits));
        }
    }

    /** A field of the record, or a local variable of the rule. */
    public record Name(Position at, String name) implements Expr {
    }

    /** A field of a linked record: {@code contact.city} on a deal. */
    public record Member(Position at, Name link, String field) implements Expr {
    }

    public enum UnaryOp { NOT, NEGATE }

    public record Unary(Position at, UnaryOp op, Expr operand) implements Expr {
    }

    public enum BinaryOp {
        OR("||"), AND("&&"), EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), REMAINDER("%");

        public final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        public boolean isComparison() {
            return this == LT || this == LE || this == GT || this == GE;
        }

        public boolean isEquality() {
            return this == EQ || this == NE;
        }

        public boolean isArithmetic() {
            return ordinal() >= ADD.ordinal();
        }
    }

    public record Binary(Position at, BinaryOp op, Expr left, Expr right) implements Expr {
    }

    public record Conditional(Position at, Expr condition, Expr then, Expr otherwise) implements Expr {
    }

    /**
     * A call of the function library. {@code email.endsWith('@corp.ru')} is read as
     * {@code endsWith(email, '@corp.ru')}: methods are functions with the receiver first.
     */
    public record Call(Position at, String function, List<Expr> args) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    // Statements

    public sealed interface Stmt extends Node permits Assign, If, Return, Evaluate {
    }

    /** {@code points = points + 30}; {@code +=} and {@code -=} arrive here already expanded. */
    public record Assign(Position at, String local, Expr value) implements Stmt {
    }

    public record If(Position at, Expr condition, List<Stmt> then, List<Stmt> otherwise) implements Stmt {
        public If {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    public record Return(Position at, Expr value) implements Stmt {
    }

    /** An expression on its own; the last one evaluated is the rule's value when nothing returns. */
    public record Evaluate(Position at, Expr value) implements Stmt {
    }

    /** A whole rule: statements, or a single expression (a filter, a gateway condition). */
    public record Program(List<Stmt> statements) {
        public Program {
            statements = List.copyOf(statements);
        }

        /** The expression of a one-expression rule, or null when the rule has statements. */
        public Expr singleExpression() {
            return statements.size() == 1 && statements.getFirst() instanceof Evaluate e ? e.value() : null;
        }
    }
}
