package io.voronka.kernel.rule;

import io.voronka.kernel.error.Message;
import static io.voronka.kernel.rule.ValueType.ANY;
import static io.voronka.kernel.rule.ValueType.BOOLEAN;
import static io.voronka.kernel.rule.ValueType.DATE;
import static io.voronka.kernel.rule.ValueType.DATETIME;
import static io.voronka.kernel.rule.ValueType.NUMBER;
import static io.voronka.kernel.rule.ValueType.TEXT;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

/**
 * The function library: everything a rule can call, written in Java, each bounded by its inputs
 * (no loops over rule-chosen counts, no regular expressions). Methods on values are the same
 * functions with the value first: {@code email.endsWith('@corp.ru')} is
 * {@code endsWith(email, '@corp.ru')}. A null argument gives null (or false for questions), as a
 * missing field would in SQL.
 */
public final class RuleFunctions {

    @FunctionalInterface
    interface Body {
        Object apply(Object[] args, Evaluation evaluation);
    }

    /**
     * One function: parameter types (the last repeated when {@code variadic}), how many may be
     * left out at the end, and the result type ({@code null}: the join of the arguments' types).
     */
    public record Function(String name, List<ValueType> parameters, int optional, boolean variadic,
                           ValueType result, String description, Body body) {

        boolean accepts(int count) {
            int required = parameters.size() - optional;
            return count >= required && (variadic || count <= parameters.size());
        }

        ValueType parameter(int index) {
            return index < parameters.size() ? parameters.get(index) : parameters.getLast();
        }
    }

    /** Functions that take a list of linked records and a condition on each; checked apart. */
    public static final Map<String, String> OVER_RECORDS = Map.of(
            "any", "any(deals, amount > 700): true when at least one linked record matches",
            "count", "count(deals, stage == 'won'): how many linked records match (all of them without a condition)");

    private static final Map<String, Function> LIBRARY = new TreeMap<>();
    private static final Map<String, String> METHOD_ALIASES = Map.of(
            "toLowerCase", "lower", "toUpperCase", "upper", "size", "length");

    static {
        define("today", List.of(), 0, false, DATE, "today's date in the server's time zone",
                (a, e) -> LocalDate.now(e.clock()));
        define("now", List.of(), 0, false, DATETIME, "the current date and time",
                (a, e) -> LocalDateTime.now(e.clock()));
        define("date", List.of(TEXT), 0, false, DATE, "date('2026-04-01'): a date from ISO text",
                (a, e) -> a[0] == null ? null : parseDate((String) a[0]));
        define("daysSince", List.of(DATE), 0, false, NUMBER, "days from a date to today",
                (a, e) -> a[0] == null ? null : BigDecimal.valueOf(ChronoUnit.DAYS.between((LocalDate) a[0], LocalDate.now(e.clock()))));
        define("daysUntil", List.of(DATE), 0, false, NUMBER, "days from today to a date",
                (a, e) -> a[0] == null ? null : BigDecimal.valueOf(ChronoUnit.DAYS.between(LocalDate.now(e.clock()), (LocalDate) a[0])));
        define("addDays", List.of(DATE, NUMBER), 0, false, DATE, "addDays(date, n): the date n days later",
                (a, e) -> a[0] == null || a[1] == null ? null : ((LocalDate) a[0]).plusDays(days((BigDecimal) a[1])));
        define("age", List.of(DATE), 0, false, NUMBER, "full years since a date (a birth date)",
                (a, e) -> a[0] == null ? null : BigDecimal.valueOf(Period.between((LocalDate) a[0], LocalDate.now(e.clock())).getYears()));
        define("birthdayWithin", List.of(DATE, NUMBER), 0, false, BOOLEAN,
                "birthdayWithin(birth_date, 7): the next birthday is today or within that many days",
                (a, e) -> a[0] != null && a[1] != null && birthdayWithin((LocalDate) a[0], (BigDecimal) a[1], LocalDate.now(e.clock())));
        define("year", List.of(DATE), 0, false, NUMBER, "the year of a date",
                (a, e) -> a[0] == null ? null : BigDecimal.valueOf(((LocalDate) a[0]).getYear()));
        define("month", List.of(DATE), 0, false, NUMBER, "the month of a date, 1 to 12",
                (a, e) -> a[0] == null ? null : BigDecimal.valueOf(((LocalDate) a[0]).getMonthValue()));
        define("day", List.of(DATE), 0, false, NUMBER, "the day of the month",
                (a, e) -> a[0] == null ? null : BigDecimal.valueOf(((LocalDate) a[0]).getDayOfMonth()));

        define("lower", List.of(TEXT), 0, false, TEXT, "the text in lower case",
                (a, e) -> a[0] == null ? null : mapCase((String) a[0], Character::toLowerCase));
        define("upper", List.of(TEXT), 0, false, TEXT, "the text in upper case",
                (a, e) -> a[0] == null ? null : mapCase((String) a[0], Character::toUpperCase));
        define("trim", List.of(TEXT), 0, false, TEXT, "the text without spaces at either end",
                (a, e) -> a[0] == null ? null : ((String) a[0]).strip());
        define("length", List.of(TEXT), 0, false, NUMBER, "how many characters the text has",
                (a, e) -> a[0] == null ? null : BigDecimal.valueOf(((String) a[0]).codePointCount(0, ((String) a[0]).length())));
        define("isEmpty", List.of(ANY), 0, false, BOOLEAN, "true for null and for blank text",
                (a, e) -> a[0] == null || a[0] instanceof String s && s.isBlank());
        define("contains", List.of(TEXT, TEXT), 0, false, BOOLEAN, "contains(text, part), case-sensitive",
                (a, e) -> a[0] != null && a[1] != null && contains((String) a[0], (String) a[1], e));
        define("startsWith", List.of(TEXT, TEXT), 0, false, BOOLEAN, "startsWith(text, prefix)",
                (a, e) -> a[0] != null && a[1] != null && ((String) a[0]).startsWith((String) a[1]));
        define("endsWith", List.of(TEXT, TEXT), 0, false, BOOLEAN, "endsWith(text, suffix)",
                (a, e) -> a[0] != null && a[1] != null && ((String) a[0]).endsWith((String) a[1]));
        define("equalsIgnoreCase", List.of(TEXT, TEXT), 0, false, BOOLEAN, "equal texts, ignoring case",
                (a, e) -> a[0] != null && a[1] != null && ((String) a[0]).equalsIgnoreCase((String) a[1]));
        define("concat", List.of(TEXT, TEXT), 0, true, TEXT, "concat(a, b, ...): the texts joined; null counts as empty",
                (a, e) -> concat(a, e));

        define("round", List.of(NUMBER, NUMBER), 1, false, NUMBER, "round(n) or round(n, digits), halves away from zero",
                (a, e) -> a[0] == null ? null : ((BigDecimal) a[0]).setScale(a.length > 1 && a[1] != null ? digits((BigDecimal) a[1]) : 0, RoundingMode.HALF_UP));
        define("floor", List.of(NUMBER), 0, false, NUMBER, "the whole number at or below",
                (a, e) -> a[0] == null ? null : ((BigDecimal) a[0]).setScale(0, RoundingMode.FLOOR));
        define("ceil", List.of(NUMBER), 0, false, NUMBER, "the whole number at or above",
                (a, e) -> a[0] == null ? null : ((BigDecimal) a[0]).setScale(0, RoundingMode.CEILING));
        define("abs", List.of(NUMBER), 0, false, NUMBER, "the number without its sign",
                (a, e) -> a[0] == null ? null : ((BigDecimal) a[0]).abs());
        define("min", List.of(NUMBER, NUMBER), 0, true, NUMBER, "the smallest number given; nulls are skipped",
                (a, e) -> extreme(a, -1));
        define("max", List.of(NUMBER, NUMBER), 0, true, NUMBER, "the largest number given; nulls are skipped",
                (a, e) -> extreme(a, 1));
        define("coalesce", List.of(ANY, ANY), 0, true, null, "the first argument that is not null",
                (a, e) -> {
                    for (Object value : a) {
                        if (value != null) {
                            return value;
                        }
                    }
                    return null;
                });
    }

    private RuleFunctions() {
    }

    private static void define(String name, List<ValueType> parameters, int optional, boolean variadic,
                               ValueType result, String description, Body body) {
        LIBRARY.put(name, new Function(name, parameters, optional, variadic, result, description, body));
    }

    /** The function a rule calls by this name (or by a method alias such as toLowerCase). */
    public static Optional<Function> find(String name) {
        return Optional.ofNullable(LIBRARY.get(METHOD_ALIASES.getOrDefault(name, name)));
    }

    public static Collection<Function> all() {
        return LIBRARY.values();
    }

    static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new RuleFailed(RuleFailed.Reason.VALUE, Message.of("rule.failed.date", clip(text)));
        }
    }

    private static long days(BigDecimal n) {
        if (n.abs().compareTo(BigDecimal.valueOf(3_000_000)) > 0) {
            throw new RuleFailed(RuleFailed.Reason.VALUE, Message.of("rule.failed.add-days"));
        }
        return n.longValue();
    }

    /** Compared as a number first: intValue() of 4294967297 is 1, which would pass a range check. */
    private static int digits(BigDecimal n) {
        if (n.signum() < 0 || n.compareTo(BigDecimal.TEN) > 0) {
            throw new RuleFailed(RuleFailed.Reason.VALUE, Message.of("rule.failed.round"));
        }
        return n.intValue();
    }

    /** Seed 001's "birthday within 7 days": a 29 February birthday falls on 28 February in other years. */
    static boolean birthdayWithin(LocalDate birth, BigDecimal days, LocalDate today) {
        if (days.signum() < 0 || days.compareTo(BigDecimal.valueOf(366)) > 0) {
            throw new RuleFailed(RuleFailed.Reason.VALUE, Message.of("rule.failed.birthday"));
        }
        long within = days.longValue();
        LocalDate next = birthdayIn(birth, today.getYear());
        if (next.isBefore(today)) {
            next = birthdayIn(birth, today.getYear() + 1);
        }
        return ChronoUnit.DAYS.between(today, next) <= within;
    }

    private static LocalDate birthdayIn(LocalDate birth, int year) {
        MonthDay monthDay = MonthDay.from(birth);
        return monthDay.isValidYear(year) ? monthDay.atYear(year) : LocalDate.of(year, 2, 28);
    }

    /**
     * Case is mapped one code point at a time, so the cost is linear and the text never grows.
     * String.toLowerCase looks around every 'Σ' for the end of its word and String.toUpperCase
     * grows its result by one character for every 'ß': both are quadratic, and one call on 10,000
     * of either took most of a second. The price: upper('straße') is 'STRAßE', as in most SQL.
     */
    static String mapCase(String text, IntUnaryOperator mapping) {
        StringBuilder mapped = new StringBuilder(text.length());
        text.codePoints().map(mapping).forEach(mapped::appendCodePoint);
        return mapped.toString();
    }

    /** A search may compare the part at every position of the text, so it costs by their product. */
    private static boolean contains(String text, String part, Evaluation evaluation) {
        evaluation.charge((long) text.length() * part.length() / Evaluation.COMPARISONS_PER_STEP);
        return text.contains(part);
    }

    private static Object concat(Object[] args, Evaluation evaluation) {
        StringBuilder joined = new StringBuilder();
        for (Object arg : args) {
            if (arg != null) {
                joined.append((String) arg);
                evaluation.textLength(joined.length());
            }
        }
        return joined.toString();
    }

    private static Object extreme(Object[] args, int sign) {
        BigDecimal best = null;
        for (Object arg : args) {
            if (arg instanceof BigDecimal n && (best == null || n.compareTo(best) * sign > 0)) {
                best = n;
            }
        }
        return best;
    }

    static String clip(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
