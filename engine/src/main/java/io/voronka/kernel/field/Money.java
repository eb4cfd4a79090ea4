package io.voronka.kernel.field;

import io.voronka.kernel.error.ValidationProblem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An amount in a currency: {@code {"amount":"1250.00","currency":"RUB"}} in JSON, two columns in
 * the table (the amount as DECIMAL(19,4), the ISO 4217 code beside it). The amount travels as text
 * so no client rounds it through a binary float.
 */
public record Money(BigDecimal amount, String currency) {

    private static final Pattern CODE = Pattern.compile("^[A-Z]{3}$");
    private static final Pattern TEXT_FORM = Pattern.compile("^-?[0-9]+(\\.[0-9]+)?\\s+[A-Za-z]{3}$");
    private static final BigDecimal LIMIT = new BigDecimal("1000000000000000");

    /** The amount as the currency writes it: at least its minor units (RUB 2 places, JPY none), never rounded. */
    public String amountText() {
        int minor = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        BigDecimal plain = amount.stripTrailingZeros();
        return (plain.scale() < minor ? plain.setScale(minor, RoundingMode.UNNECESSARY) : plain).toPlainString();
    }

    @Override
    public String toString() {
        return amountText() + " " + currency;
    }

    /** True for a known ISO 4217 code, in capitals. */
    public static boolean knownCurrency(String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Reads {@code {"amount","currency"}}, or a bare amount (number or text) in the field's default
     * currency; adds a problem naming {@code path} and answers null when it cannot.
     */
    static Money parse(FieldDefinition field, Object json, String path, List<ValidationProblem> problems) {
        Object amount = json;
        Object currency = field.currency();
        if (json instanceof String text && TEXT_FORM.matcher(text.trim()).matches()) {
            // "1250.50 RUB", as history shows it: what a restore from history or an import hands in.
            String[] parts = text.trim().split("\\s+");
            amount = parts[0];
            currency = parts[1];
        }
        if (json instanceof Map<?, ?> map) {
            if (!map.keySet().stream().allMatch(k -> k.equals("amount") || k.equals("currency"))) {
                return fail(problems, path, "type", "field.money");
            }
            amount = map.get("amount");
            currency = map.containsKey("currency") ? map.get("currency") : field.currency();
        }
        if (currency == null) {
            return fail(problems, path + ".currency", "required", "field.money.currency.required");
        }
        if (!(currency instanceof String code) || !knownCurrency(code.toUpperCase(Locale.ROOT))) {
            return fail(problems, path + ".currency", "currency", "field.money.currency");
        }
        BigDecimal value = amount(amount);
        if (value == null) {
            return fail(problems, path + ".amount", "type", "field.money.amount");
        }
        if (value.abs().compareTo(LIMIT) >= 0) {
            return fail(problems, path + ".amount", "range", "field.decimal.range");
        }
        if (value.stripTrailingZeros().scale() > 4) {
            return fail(problems, path + ".amount", "scale", "field.decimal.scale");
        }
        return new Money(value, ((String) currency).toUpperCase(Locale.ROOT));
    }

    private static BigDecimal amount(Object amount) {
        try {
            return switch (amount) {
                case String s when s.length() <= 40 -> new BigDecimal(s.trim());
                case Integer n -> BigDecimal.valueOf(n);
                case Long n -> BigDecimal.valueOf(n);
                case BigDecimal n -> n;
                case Number n when Double.isFinite(n.doubleValue()) -> new BigDecimal(n.toString());
                case null, default -> null;
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Money fail(List<ValidationProblem> problems, String path, String rule, String key) {
        problems.add(ValidationProblem.of(path, rule, key));
        return null;
    }
}
