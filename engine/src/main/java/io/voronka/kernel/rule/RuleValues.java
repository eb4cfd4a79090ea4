package io.voronka.kernel.rule;

import io.voronka.kernel.error.Message;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The five kinds of value a rule works with (text, number, boolean, date, date-time) and the
 * conversions into them. Whatever a caller hands in is turned into one of these before the rule
 * sees it; a rule never holds a caller's object, so it can neither change it nor call it.
 */
final class RuleValues {

    private RuleValues() {
    }

    /** A field's value as the rule sees it; anything of another kind is refused. */
    static Object of(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case BigDecimal n -> n;
            case Integer n -> BigDecimal.valueOf(n);
            case Long n -> BigDecimal.valueOf(n);
            case Short n -> BigDecimal.valueOf(n);
            case Byte n -> BigDecimal.valueOf(n);
            case BigInteger n -> new BigDecimal(n);
            case Double n -> Double.isFinite(n) ? BigDecimal.valueOf(n) : null;
            case Float n -> Float.isFinite(n) ? new BigDecimal(Float.toString(n)) : null;
            case LocalDate d -> d;
            case LocalDateTime t -> t;
            case Instant i -> LocalDateTime.ofInstant(i, ZoneOffset.UTC);
            case java.sql.Date d -> d.toLocalDate();
            case java.sql.Timestamp t -> t.toLocalDateTime();
            case Date d -> LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC);
            // A rule reads money by its amount and a multiple choice as its stored text (|hot|vip|), as SQL filters do.
            case io.voronka.kernel.field.Money m -> m.amount();
            case io.voronka.kernel.field.OptionSet o -> o.stored();
            case Map<?, ?> m -> throw notAValue("rule.failed.given.record");
            case List<?> l -> throw notAValue("rule.failed.given.list");
            default -> throw notAValue("rule.failed.given.unknown");
        };
    }

    private static RuleFailed notAValue(String what) {
        return new RuleFailed(RuleFailed.Reason.VALUE, Message.of("rule.failed.given", Message.of(what)));
    }

    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return a.equals(b);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b, String operator) {
        boolean comparable = a instanceof BigDecimal && b instanceof BigDecimal
                || a instanceof String && b instanceof String
                || a instanceof LocalDate && b instanceof LocalDate
                || a instanceof LocalDateTime && b instanceof LocalDateTime;
        if (!comparable) {
            throw new RuleFailed(RuleFailed.Reason.VALUE, Message.of("rule.failed.order", kind(a), kind(b), operator));
        }
        return ((Comparable) a).compareTo(b);
    }

    /** How a value reads inside a text: numbers without exponent or trailing zeros. */
    static String text(Object value) {
        return switch (value) {
            case BigDecimal n -> n.stripTrailingZeros().toPlainString();
            default -> String.valueOf(value);
        };
    }

    static Message kind(Object value) {
        return Message.of(switch (value) {
            case null -> "rule.failed.kind.null";
            case String s -> "rule.failed.kind.text";
            case BigDecimal n -> "rule.failed.kind.number";
            case Boolean b -> "rule.failed.kind.boolean";
            case LocalDate d -> "rule.failed.kind.date";
            case LocalDateTime t -> "rule.failed.kind.datetime";
            default -> "rule.failed.kind.unknown";
        });
    }

    /** An argument of the kind a function declares (values typed ANY are checked here, at run time). */
    static Object expect(Object value, ValueType wanted, String function) {
        if (value == null || wanted == ValueType.ANY) {
            return value;
        }
        boolean fits = switch (wanted) {
            case TEXT -> value instanceof String;
            case NUMBER -> value instanceof BigDecimal;
            case BOOLEAN -> value instanceof Boolean;
            case DATE -> value instanceof LocalDate;
            case DATETIME -> value instanceof LocalDateTime;
            default -> false;
        };
        if (!fits) {
            throw new RuleFailed(RuleFailed.Reason.VALUE, Message.of("rule.failed.argument", function, wanted.text(), kind(value)));
        }
        return value;
    }
}
