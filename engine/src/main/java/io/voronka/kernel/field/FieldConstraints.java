package io.voronka.kernel.field;

import io.voronka.kernel.error.ValidationProblem;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a definition asks of a value beyond its type: a {@code pattern} (a Java regular expression
 * the whole text must match) and a range ({@code min}, {@code max}: numbers for numbers and money,
 * {@code YYYY-MM-DD} for dates, instants for date-times). Definitions are checked when saved
 * ({@link #definitionProblems}); values on every write ({@link #check}).
 *
 * <p>A regular expression can take exponential time on a crafted value. Patterns are short
 * (at most {@value #PATTERN_LENGTH} characters) and every match runs over a text that counts the
 * characters the matcher reads: past a budget the value is refused as too costly to check, so no
 * pattern an admin writes can hold a worker.
 */
public final class FieldConstraints {

    public static final int PATTERN_LENGTH = 500;
    private static final long MATCH_BUDGET = 1_000_000;
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private FieldConstraints() {
    }

    /** Adds a problem naming {@code path} for each constraint {@code value} (already typed) breaks. */
    public static void check(FieldDefinition field, Object value, String path, List<ValidationProblem> problems) {
        if (value == null) {
            return;
        }
        if (field.pattern() != null && value instanceof String text) {
            matchPattern(field, text, path, problems);
        }
        if (field.min() != null || field.max() != null) {
            Comparable<Object> typed = comparable(value);
            if (typed == null) {
                return;
            }
            Object min = bound(field, field.min());
            Object max = bound(field, field.max());
            if (min != null && typed.compareTo(min) < 0) {
                problems.add(ValidationProblem.of(path, "min", "field.min", field.min()));
            } else if (max != null && typed.compareTo(max) > 0) {
                problems.add(ValidationProblem.of(path, "max", "field.max", field.max()));
            }
        }
    }

    private static void matchPattern(FieldDefinition field, String text, String path, List<ValidationProblem> problems) {
        Pattern pattern = COMPILED.computeIfAbsent(field.pattern(), Pattern::compile);
        try {
            if (!pattern.matcher(new BudgetedText(text, MATCH_BUDGET)).matches()) {
                problems.add(ValidationProblem.of(path, "pattern", "field.pattern", field.pattern()));
            }
        } catch (BudgetedText.Exhausted e) {
            problems.add(ValidationProblem.of(path, "pattern", "field.pattern.slow"));
        } catch (StackOverflowError e) {
            problems.add(ValidationProblem.of(path, "pattern", "field.pattern.long"));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparable<Object> comparable(Object value) {
        return switch (value) {
            case Money m -> (Comparable) m.amount();
            case Long n -> (Comparable) BigDecimal.valueOf(n);
            case BigDecimal n -> (Comparable) n;
            case LocalDate d -> (Comparable) d;
            case LocalDateTime t -> (Comparable) t;
            default -> null;
        };
    }

    /** A bound as the value it is compared with; null when it does not read (refused at definition time). */
    private static Object bound(FieldDefinition field, Object bound) {
        if (bound == null) {
            return null;
        }
        try {
            return switch (field.type()) {
                case NUMBER, DECIMAL, MONEY, PERCENT -> bound instanceof Number n && !(n instanceof Double d && !Double.isFinite(d))
                        ? new BigDecimal(n.toString()) : null;
                case DATE -> bound instanceof String s ? LocalDate.parse(s) : null;
                case DATETIME -> bound instanceof String s
                        ? OffsetDateTime.parse(s).atZoneSameInstant(ZoneOffset.UTC).toLocalDateTime() : null;
                default -> null;
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    /** What is wrong with a field's constraints as defined; each problem names {@code path + ".pattern"} and so on. */
    public static List<ValidationProblem> definitionProblems(FieldDefinition field, String path) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (field.type() == null) {
            return problems;
        }
        if (field.pattern() != null) {
            if (!field.type().isText()) {
                problems.add(ValidationProblem.of(path + ".pattern", "type", "definition.pattern.text-only"));
            } else if (field.pattern().isEmpty() || field.pattern().length() > PATTERN_LENGTH) {
                problems.add(ValidationProblem.of(path + ".pattern", "maxLength",
                        "definition.pattern.length", PATTERN_LENGTH));
            } else {
                try {
                    Pattern.compile(field.pattern());
                } catch (PatternSyntaxException e) {
                    problems.add(ValidationProblem.of(path + ".pattern", "pattern", "definition.pattern.invalid",
                            e.getDescription(), e.getIndex()));
                }
            }
        }
        for (String side : List.of("min", "max")) {
            Object bound = side.equals("min") ? field.min() : field.max();
            if (bound == null) {
                continue;
            }
            if (!field.type().isOrdered()) {
                problems.add(ValidationProblem.of(path + "." + side, "type",
                        "definition.bound.ordered-only", side));
            } else if (bound(field, bound) == null) {
                problems.add(ValidationProblem.of(path + "." + side, "type", switch (field.type()) {
                    case DATE -> "field.date";
                    case DATETIME -> "definition.bound.datetime";
                    default -> "field.decimal";
                }));
            }
        }
        if (problems.isEmpty() && field.min() != null && field.max() != null) {
            @SuppressWarnings("unchecked")
            Comparable<Object> min = (Comparable<Object>) bound(field, field.min());
            if (min.compareTo(bound(field, field.max())) > 0) {
                problems.add(ValidationProblem.of(path + ".min", "range", "definition.bound.order"));
            }
        }
        return problems;
    }

    /** A text that stops a matcher which reads too many characters: backtracking is bounded by the budget. */
    private static final class BudgetedText implements CharSequence {

        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super(null, null, false, false);
            }
        }

        private final String text;
        private final long[] left;

        BudgetedText(String text, long budget) {
            this(text, new long[] {budget});
        }

        private BudgetedText(String text, long[] left) {
            this.text = text;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new Exhausted();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedText(text.substring(start, end), left);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
