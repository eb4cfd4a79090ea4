package io.voronka.kernel.field;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.voronka.kernel.error.ValidationProblem;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a JSON value into the typed value a field stores, or explains why it cannot. Phones are
 * normalised to E.164 so the same number typed two ways is one number.
 */
public final class FieldValues {

    public static final int DEFAULT_TEXT_LENGTH = 255;
    public static final int LONGTEXT_LENGTH = 100_000;
    public static final int ADDRESS_LENGTH = 1000;
    public static final int URL_LENGTH = 2000;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern ID = Pattern.compile("^[0-9a-fA-F-]{36}$");
    /** http(s)://[user@]host[:port][/path?query#fragment], no white space or control characters anywhere. */
    private static final Pattern WEB_ADDRESS = Pattern.compile(
            "^(?i:https?)://(?:[^/?#\\s@]+@)?([^/?#\\s:@\\[\\]]+)(?::\\d{1,5})?(?:[/?#][^\\s\\p{Cntrl}]*)?$");
    private static final BigDecimal DECIMAL_LIMIT = new BigDecimal("1000000000000000");
    // MariaDB's documented DATE range; H2 stores more, but both databases must hold the same values.
    public static final LocalDate EARLIEST_DATE = LocalDate.of(1000, 1, 1);
    public static final LocalDate LATEST_DATE = LocalDate.of(9999, 12, 31);
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final String defaultPhoneRegion;

    public FieldValues(String defaultPhoneRegion) {
        this.defaultPhoneRegion = defaultPhoneRegion;
    }

    /** Returns the typed value, or null after adding a problem; {@code path} names the field to the client. */
    public Object coerce(FieldDefinition field, Object json, String path, List<ValidationProblem> problems) {
        if (json == null) {
            return null;
        }
        return switch (field.type()) {
            case TEXT -> text(field, json, path, problems);
            case EMAIL -> email(field, json, path, problems);
            case PHONE -> phone(json, path, problems);
            case NUMBER -> number(json, path, problems);
            case DECIMAL -> decimal(json, path, problems);
            case BOOLEAN -> json instanceof Boolean b ? b : fail(problems, path, "type", "field.boolean");
            case DATE -> date(json, path, problems);
            case ENUM -> option(field, json, path, problems);
            case LINK -> json instanceof String s && ID.matcher(s).matches()
                    ? s : fail(problems, path, "type", "field.link", field.link());
            case USER -> json instanceof String s && !s.isBlank() && s.length() <= 100
                    ? s.trim() : fail(problems, path, "type", "field.user");
            case LINKS -> ids(field, json, path, problems);
            case ROLLUP -> fail(problems, path, "readOnly", "field.rollup");
            case FILE -> json instanceof String s && ID.matcher(s).matches()
                    ? s : fail(problems, path, "type", "field.file");
            case LONGTEXT, ADDRESS -> text(field, json, path, problems);
            case URL -> url(field, json, path, problems);
            case MONEY -> Money.parse(field, json, path, problems);
            case PERCENT -> decimal(json, path, problems);
            case DATETIME -> dateTime(json, path, problems);
            case MULTIENUM -> OptionSet.parse(field, json, path, problems);
        };
    }

    /** Most ids one many-to-many value may hold: a bigger set is an import, not a form. */
    public static final int MAX_LINKS = 1000;

    /** A many-to-many value: distinct ids, sorted, so the same set always reads back the same. */
    private static Object ids(FieldDefinition field, Object json, String path, List<ValidationProblem> problems) {
        if (!(json instanceof Iterable<?> items)) {
            return fail(problems, path, "type", "field.links", field.link());
        }
        java.util.TreeSet<String> ids = new java.util.TreeSet<>();
        for (Object item : items) {
            if (!(item instanceof String s) || !ID.matcher(s).matches()) {
                return fail(problems, path, "type", "field.links", field.link());
            }
            ids.add(s);
            if (ids.size() > MAX_LINKS) {
                return fail(problems, path, "maxItems", "field.links.max", MAX_LINKS);
            }
        }
        return List.copyOf(ids);
    }

    private Object text(FieldDefinition field, Object json, String path, List<ValidationProblem> problems) {
        if (!(json instanceof String s)) {
            return fail(problems, path, "type", "field.text");
        }
        int max = maxLength(field);
        if (s.length() > max) {
            return fail(problems, path, "maxLength", "field.text.max", max);
        }
        return s;
    }

    /** The most characters a text-like field takes: its maxLength, else its type's default. */
    public static int maxLength(FieldDefinition field) {
        if (field.maxLength() != null) {
            return field.maxLength();
        }
        return switch (field.type()) {
            case LONGTEXT -> LONGTEXT_LENGTH;
            case ADDRESS -> ADDRESS_LENGTH;
            case URL -> URL_LENGTH;
            default -> DEFAULT_TEXT_LENGTH;
        };
    }

    /** A web address people can open: http or https, with a host, no spaces. */
    private static Object url(FieldDefinition field, Object json, String path, List<ValidationProblem> problems) {
        if (!(json instanceof String s) || s.isBlank() || s.trim().length() > maxLength(field)) {
            return fail(problems, path, "format", "field.url", maxLength(field));
        }
        String text = s.trim();
        var parts = WEB_ADDRESS.matcher(text);
        if (parts.matches()) {
            try {
                // Hosts may be written in any script (https://пример.рф); they must make a valid IDN.
                if (!java.net.IDN.toASCII(parts.group(1), java.net.IDN.ALLOW_UNASSIGNED).isEmpty()) {
                    return text;
                }
            } catch (IllegalArgumentException e) {
                // falls through to the problem below
            }
        }
        return fail(problems, path, "format", "field.url.scheme");
    }

    /** An instant with its offset (2026-11-24T09:30:00Z or ...+03:00), kept as UTC to the millisecond. */
    private static Object dateTime(Object json, String path, List<ValidationProblem> problems) {
        if (json instanceof String s && s.length() <= 40) {
            java.time.LocalDateTime utc;
            try {
                utc = java.time.OffsetDateTime.parse(s).atZoneSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime()
                        .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            } catch (DateTimeParseException e) {
                return fail(problems, path, "format", "field.datetime");
            }
            if (utc.toLocalDate().isBefore(EARLIEST_DATE) || utc.toLocalDate().isAfter(LATEST_DATE)) {
                return fail(problems, path, "range", "field.date.range", EARLIEST_DATE, LATEST_DATE);
            }
            return utc;
        }
        return fail(problems, path, "format", "field.datetime");
    }

    private Object email(FieldDefinition field, Object json, String path, List<ValidationProblem> problems) {
        if (!(json instanceof String s) || s.length() > 320 || !EMAIL.matcher(s.trim()).matches()) {
            return fail(problems, path, "format", "field.email");
        }
        return s.trim().toLowerCase(Locale.ROOT);
    }

    private Object phone(Object json, String path, List<ValidationProblem> problems) {
        if (!(json instanceof String s) || s.length() > 64) {
            return fail(problems, path, "type", "field.phone.text");
        }
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(s, defaultPhoneRegion);
            if (!PHONES.isPossibleNumber(number)) {
                return fail(problems, path, "format", "field.phone.impossible");
            }
            return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            return fail(problems, path, "format", "field.phone");
        }
    }

    /**
     * The E.164 form of a phone typed any way (+7 (912) 345-67-89, 89123456789, 912-345-67-89),
     * read as stored phones are; empty when the text is no possible phone number. Search uses it.
     */
    public java.util.Optional<String> phone(String text) {
        List<ValidationProblem> problems = new java.util.ArrayList<>();
        return java.util.Optional.ofNullable(phone(text, "phone", problems)).map(String.class::cast);
    }

    private static Object number(Object json, String path, List<ValidationProblem> problems) {
        if (json instanceof Integer || json instanceof Long) {
            return ((Number) json).longValue();
        }
        if (json instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 9e15) {
            return n.longValue();
        }
        return fail(problems, path, "type", "field.number");
    }

    private static Object decimal(Object json, String path, List<ValidationProblem> problems) {
        if (!(json instanceof Number n) || (n instanceof Double d && !Double.isFinite(d))) {
            return fail(problems, path, "type", "field.decimal");
        }
        BigDecimal value = new BigDecimal(n.toString());
        if (value.abs().compareTo(DECIMAL_LIMIT) >= 0) {
            return fail(problems, path, "range", "field.decimal.range");
        }
        if (value.scale() > 4) {
            return fail(problems, path, "scale", "field.decimal.scale");
        }
        return value;
    }

    private static Object date(Object json, String path, List<ValidationProblem> problems) {
        if (json instanceof String s && s.length() <= 32) {
            LocalDate date;
            try {
                date = LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                return fail(problems, path, "format", "field.date");
            }
            if (date.isBefore(EARLIEST_DATE) || date.isAfter(LATEST_DATE)) {
                return fail(problems, path, "range", "field.date.range", EARLIEST_DATE, LATEST_DATE);
            }
            return date;
        }
        return fail(problems, path, "format", "field.date");
    }

    private static Object option(FieldDefinition field, Object json, String path, List<ValidationProblem> problems) {
        if (json instanceof String s && field.allows(s)) {
            return s;
        }
        return fail(problems, path, "enum", "field.option", field.options().stream().map(FieldDefinition.Option::value).toList());
    }

    /** Adds the problem worded by the message bundle's {@code key} and returns null, the value there is not. */
    static Object fail(List<ValidationProblem> problems, String path, String rule, String key, Object... args) {
        problems.add(ValidationProblem.of(path, rule, key, args));
        return null;
    }

    /** The value as history and process variables show it. */
    public static String display(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof List<?> ids) {
            return String.join(", ", ids.stream().map(String::valueOf).toList());
        }
        if (value instanceof java.time.LocalDateTime utc) {
            return utc.toInstant(java.time.ZoneOffset.UTC).toString();
        }
        return value.toString();
    }
}
