package io.voronka.kernel.rule;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes random rules in the grammar of docs/rules.md, well typed against a schema, so that every
 * rule it writes should be accepted; and random values for the schema's fields. Depth stays well
 * inside the parser's limit because chains and nesting share one budget there.
 */
final class RuleGenerator {

    private static final String[] TEXT_SAMPLES = {"", "a", "Ivan", "Иван", "@corp.ru", "  spaced  ", "ß", "Σ", "İ",
            "emoji 🙂", "quote ' and \" ", "tab\there", "中文", "ـ", "O'Brien", "Runtime.getRuntime()", "${x}", "#{x}"};

    private final RuleSchema schema;
    private final RuleSchema deals;
    private final Random random;
    private final List<String> numberLocals = new ArrayList<>();
    private final List<String> textLocals = new ArrayList<>();

    RuleGenerator(RuleSchema schema, Random random) {
        this.schema = schema;
        this.deals = schema.collection("deals").orElse(null);
        this.random = random;
    }

    /** A rule of a few statements, or a single expression (a filter, a gateway condition). */
    String rule() {
        if (random.nextInt(3) == 0) {
            return expression(pick(ValueType.NUMBER, ValueType.TEXT, ValueType.BOOLEAN, ValueType.DATE), 3, schema);
        }
        StringBuilder rule = new StringBuilder("points = 0;\nlabel = '';\n");
        numberLocals.add("points");
        textLocals.add("label");
        int statements = 1 + random.nextInt(5);
        for (int i = 0; i < statements; i++) {
            rule.append(statement(2)).append('\n');
        }
        rule.append(random.nextBoolean() ? "return points;" : random.nextBoolean() ? "label" : "return label;");
        return rule.toString();
    }

    private String statement(int depth) {
        int kind = random.nextInt(depth > 0 ? 5 : 3);
        return switch (kind) {
            case 0 -> "points = " + expression(ValueType.NUMBER, 2, schema) + ";";
            case 1 -> "points += " + expression(ValueType.NUMBER, 2, schema) + ";";
            case 2 -> "label = " + expression(ValueType.TEXT, 2, schema) + ";";
            case 3 -> "if (" + expression(ValueType.BOOLEAN, 2, schema) + ") { " + statement(depth - 1) + " }";
            default -> "if (" + expression(ValueType.BOOLEAN, 2, schema) + ") { " + statement(depth - 1) + " } else { "
                    + statement(depth - 1) + " }";
        };
    }

    String expression(ValueType type, int depth, RuleSchema on) {
        boolean leaf = depth <= 0 || random.nextInt(4) == 0;
        return switch (type) {
            case NUMBER -> leaf ? numberLeaf(on) : number(depth - 1, on);
            case TEXT -> leaf ? textLeaf(on) : text(depth - 1, on);
            case BOOLEAN -> leaf ? booleanLeaf(on) : bool(depth - 1, on);
            case DATE -> leaf ? dateLeaf(on) : date(depth - 1, on);
            default -> throw new IllegalArgumentException(type.name());
        };
    }

    private String number(int depth, RuleSchema on) {
        String a = expression(ValueType.NUMBER, depth, on);
        String b = expression(ValueType.NUMBER, depth, on);
        return switch (random.nextInt(10)) {
            case 0 -> a + " + " + b;
            case 1 -> a + " - " + b;
            case 2 -> a + " * " + b;
            case 3 -> a + " / " + b;
            case 4 -> a + " % " + b;
            case 5 -> "-(" + a + ")";
            case 6 -> "round(" + a + (random.nextBoolean() ? ", " + random.nextInt(12) : "") + ")";
            case 7 -> pick("min", "max") + "(" + a + ", " + b + ")";
            case 8 -> "(" + expression(ValueType.BOOLEAN, depth, on) + " ? " + a + " : " + b + ")";
            default -> on == schema && deals != null
                    ? "count(deals, " + expression(ValueType.BOOLEAN, depth, deals) + ")"
                    : pick("length", "size") + "(" + expression(ValueType.TEXT, depth, on) + ")";
        };
    }

    private String numberLeaf(RuleSchema on) {
        return switch (random.nextInt(on == schema && !numberLocals.isEmpty() ? 6 : 5)) {
            case 0 -> String.valueOf(random.nextInt(200_000));
            case 1 -> random.nextInt(100) + "." + random.nextInt(100);
            case 2, 3 -> field(on, ValueType.NUMBER, "1");
            case 4 -> pick("daysSince", "daysUntil", "age", "year", "month", "day") + "(" + dateLeaf(on) + ")";
            default -> pick(numberLocals);
        };
    }

    private String text(int depth, RuleSchema on) {
        String a = expression(ValueType.TEXT, depth, on);
        return switch (random.nextInt(7)) {
            case 0 -> pick("lower", "upper", "trim", "toLowerCase", "toUpperCase") + "(" + a + ")";
            case 1 -> a + " + " + expression(ValueType.TEXT, depth, on);
            case 2 -> a + " + (" + expression(ValueType.NUMBER, depth, on) + ")";
            case 3 -> "concat(" + a + ", " + expression(ValueType.TEXT, depth, on) + ")";
            case 4 -> "coalesce(" + a + ", " + expression(ValueType.TEXT, depth, on) + ")";
            case 5 -> "(" + expression(ValueType.BOOLEAN, depth, on) + " ? " + a + " : " + textLeaf(on) + ")";
            default -> textLeaf(on) + "." + pick("trim", "lower", "toUpperCase") + "()";
        };
    }

    private String textLeaf(RuleSchema on) {
        return switch (random.nextInt(on == schema && !textLocals.isEmpty() ? 4 : 3)) {
            case 0 -> quote(pick(TEXT_SAMPLES));
            case 1, 2 -> field(on, ValueType.TEXT, "'x'");
            default -> pick(textLocals);
        };
    }

    private String bool(int depth, RuleSchema on) {
        return switch (random.nextInt(11)) {
            case 0 -> expression(ValueType.BOOLEAN, depth, on) + " && " + expression(ValueType.BOOLEAN, depth, on);
            case 1 -> expression(ValueType.BOOLEAN, depth, on) + " || " + expression(ValueType.BOOLEAN, depth, on);
            case 2 -> "!(" + expression(ValueType.BOOLEAN, depth, on) + ")";
            case 3 -> expression(ValueType.NUMBER, depth, on) + pick(" < ", " <= ", " > ", " >= ", " == ", " != ")
                    + expression(ValueType.NUMBER, depth, on);
            case 4 -> expression(ValueType.TEXT, depth, on) + pick(" == ", " != ", " < ") + expression(ValueType.TEXT, depth, on);
            case 5 -> pick("contains", "startsWith", "endsWith", "equalsIgnoreCase") + "(" + expression(ValueType.TEXT, depth, on)
                    + ", " + expression(ValueType.TEXT, depth, on) + ")";
            case 6 -> "isEmpty(" + expression(pick(ValueType.TEXT, ValueType.NUMBER), depth, on) + ")";
            case 7 -> expression(ValueType.DATE, depth, on) + pick(" < ", " >= ", " == ") + expression(ValueType.DATE, depth, on);
            case 8 -> "birthdayWithin(" + expression(ValueType.DATE, depth, on) + ", " + random.nextInt(367) + ")";
            case 9 -> on == schema && deals != null
                    ? "any(deals, " + expression(ValueType.BOOLEAN, depth, deals) + ")" : option(on);
            default -> option(on);
        };
    }

    private String booleanLeaf(RuleSchema on) {
        return switch (random.nextInt(4)) {
            case 0 -> pick("true", "false");
            case 1 -> field(on, ValueType.BOOLEAN, "true");
            case 2 -> field(on, pick(ValueType.TEXT, ValueType.NUMBER, ValueType.DATE), "null") + pick(" == null", " != null");
            default -> option(on);
        };
    }

    /** A choice field compared with one of its options (any other text is rightly refused as a typo). */
    private String option(RuleSchema on) {
        List<RuleSchema.Field> choices = on.fieldNames().stream().map(n -> on.field(n).orElseThrow())
                .filter(f -> !f.options().isEmpty()).toList();
        if (choices.isEmpty()) {
            return "true";
        }
        RuleSchema.Field f = pick(choices);
        return f.name() + pick(" == ", " != ") + quote(pick(f.options()));
    }

    private String date(int depth, RuleSchema on) {
        return random.nextBoolean()
                ? "addDays(" + expression(ValueType.DATE, depth, on) + ", " + (random.nextInt(2000) - 1000) + ")"
                : "coalesce(" + expression(ValueType.DATE, depth, on) + ", today())";
    }

    private String dateLeaf(RuleSchema on) {
        return switch (random.nextInt(3)) {
            case 0 -> "today()";
            case 1 -> "date('" + LocalDate.of(1950 + random.nextInt(100), 1 + random.nextInt(12), 1 + random.nextInt(28)) + "')";
            default -> field(on, ValueType.DATE, "today()");
        };
    }

    private String field(RuleSchema on, ValueType type, String otherwise) {
        // Choice fields appear only in option(): compared with any other text they are rightly refused as a typo.
        List<String> names = on.fieldNames().stream().map(n -> on.field(n).orElseThrow())
                .filter(f -> f.type() == type && f.options().isEmpty()).map(RuleSchema.Field::name).toList();
        return names.isEmpty() ? otherwise : pick(names);
    }

    static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\t", "\\t") + "'";
    }

    /** Values a record of the schema might hold: each field its own type or null, and a few deals. */
    static Map<String, Object> values(RuleSchema schema, Random random) {
        Map<String, Object> values = randomFields(schema, random);
        schema.collection("deals").ifPresent(deals -> {
            List<Object> list = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                list.add(randomFields(deals, random));
            }
            values.put("deals", list);
        });
        values.put("secret_key", "not a field");
        return values;
    }

    private static Map<String, Object> randomFields(RuleSchema schema, Random random) {
        Map<String, Object> values = new HashMap<>();
        for (String name : schema.fieldNames()) {
            RuleSchema.Field field = schema.field(name).orElseThrow();
            if (random.nextInt(5) == 0) {
                values.put(name, null);
                continue;
            }
            values.put(name, switch (field.type()) {
                case NUMBER -> BigDecimal.valueOf(random.nextInt(2_000_000) - 500_000, random.nextInt(3));
                case BOOLEAN -> random.nextBoolean();
                case DATE -> LocalDate.of(1940 + random.nextInt(90), 1 + random.nextInt(12), 1 + random.nextInt(28));
                default -> field.options().isEmpty() ? TEXT_SAMPLES[random.nextInt(TEXT_SAMPLES.length)]
                        : field.options().get(random.nextInt(field.options().size()));
            });
        }
        return values;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
