package io.voronka.record;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.field.Money;
import io.voronka.kernel.field.OptionSet;
import java.util.List;
import java.util.Map;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.SQLDataType;

/**
 * The column or columns a field's value lives in, and the conversions between the value a
 * service holds and what the columns store. Most fields are one column named after them; money is
 * two (the amount under the field's name, the currency in {@code <name>_currency}), so filters and
 * sums read the amount as a plain number; a multiple choice is one text {@code |a|b|}.
 */
final class FieldColumns {

    static final String CURRENCY_SUFFIX = "_currency";

    private FieldColumns() {
    }

    /** Column names with their types, the value's own column first. */
    static Map<String, DataType<?>> of(FieldDefinition f) {
        Map<String, DataType<?>> columns = new java.util.LinkedHashMap<>();
        if (!f.hasColumn()) {
            return columns; // a many-to-many link lives in a link table of its own (LinkSets)
        }
        columns.put(f.name(), EntitySchema.columnType(f));
        if (f.type() == FieldType.MONEY) {
            columns.put(currencyName(f), SQLDataType.VARCHAR(3));
        }
        return columns;
    }

    static String currencyName(FieldDefinition f) {
        return f.name() + CURRENCY_SUFFIX;
    }

    /** The column holding the value, or a money field's amount: what filters and indexes use. */
    static Field<?> main(FieldDefinition f) {
        return field(name(f.name()), EntitySchema.columnType(f));
    }

    static List<Field<?>> all(FieldDefinition f) {
        if (!f.hasColumn()) {
            return List.of();
        }
        if (f.type() == FieldType.MONEY) {
            return List.of(main(f), currency(f));
        }
        return List.of(main(f));
    }

    private static Field<String> currency(FieldDefinition f) {
        return field(name(currencyName(f)), SQLDataType.VARCHAR(3));
    }

    /** Puts {@code value} into {@code row} under the field's columns. */
    static void write(FieldDefinition f, Object value, Map<Field<?>, Object> row) {
        switch (f.type()) {
            case MONEY -> {
                Money money = (Money) value;
                row.put(main(f), money == null ? null : money.amount());
                row.put(currency(f), money == null ? null : money.currency());
            }
            case MULTIENUM -> row.put(main(f), value == null ? null : ((OptionSet) value).stored());
            default -> row.put(main(f), value);
        }
    }

    /** The field's value from a row read with {@link #all} among its columns. */
    static Object read(FieldDefinition f, Record row) {
        Object raw = row.get(main(f));
        return switch (f.type()) {
            case MONEY -> {
                String code = row.get(currency(f));
                // An amount stored before the field was money (or without a currency) reads in the field's default.
                String currency = code != null ? code : f.currency();
                yield raw == null || currency == null ? null : new Money((java.math.BigDecimal) raw, currency);
            }
            case MULTIENUM -> OptionSet.fromStored((String) raw);
            default -> raw;
        };
    }
}
