package io.voronka.record;

import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.CardLayout;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldConstraints;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.field.Labels;
import io.voronka.kernel.field.Money;
import io.voronka.kernel.field.OptionSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks a definition passes for the field types, constraints and card layout of issue 8:
 * options of choices (values, colours, room in a multiple choice's column), currencies, unique
 * fields that can have an index, patterns and ranges, a layout that places each field at most
 * once, composite indexes over fields that can be indexed together, and labels in other
 * languages keyed by language tags. Each problem names its path in the document.
 */
final class DefinitionChecks {

    private static final Pattern COLOR = Pattern.compile("^#[0-9a-fA-F]{6}$");
    static final int LONGTEXT_MAX = 1_000_000;

    private DefinitionChecks() {
    }

    static List<ValidationProblem> check(EntityDefinition definition) {
        List<ValidationProblem> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        definition.fields().stream().filter(f -> f != null && f.name() != null).forEach(f -> names.add(f.name()));
        if (definition.currency() != null && !Money.knownCurrency(definition.currency())) {
            problems.add(new ValidationProblem("currency", "currency", "must be an ISO 4217 code in capitals, such as RUB"));
        }
        Labels.check(definition.labels(), "labels", problems);
        Labels.check(definition.labelsPlural(), "labelsPlural", problems);
        for (int i = 0; i < definition.fields().size(); i++) {
            FieldDefinition field = definition.fields().get(i);
            if (field == null || field.type() == null) {
                continue;
            }
            String path = "fields[" + i + "]";
            Labels.check(field.labels(), path + ".labels", problems);
            if (field.inverse() != null) {
                Labels.check(field.inverse().labels(), path + ".inverse.labels", problems);
            }
            options(field, path, problems);
            if (field.currency() != null && (field.type() != FieldType.MONEY || !Money.knownCurrency(field.currency()))) {
                problems.add(new ValidationProblem(path + ".currency", "currency",
                        "a money field's default currency: an ISO 4217 code in capitals, such as RUB"));
            }
            if (field.type() == FieldType.MONEY && names.contains(FieldColumns.currencyName(field))) {
                problems.add(new ValidationProblem(path + ".name", "unique", "money field " + field.name() + " keeps its currency in "
                        + FieldColumns.currencyName(field) + ", which another field is called"));
            }
            if (field.isUnique() && (!UniqueIndexes.indexable(field) || field.isComputed())) {
                problems.add(new ValidationProblem(path + ".unique", "type", "a " + field.type().json()
                        + (field.isComputed() ? " computed" : "") + " field cannot be unique"
                        + (field.type().isText() ? " (at most 768 characters long)" : "")));
            }
            if (field.type() == FieldType.MULTIENUM && field.isComputed()) {
                problems.add(new ValidationProblem(path + ".computed", "type", "a multiple choice cannot be computed by a rule"));
            }
            if (field.type() == FieldType.LONGTEXT && field.maxLength() != null
                    && (field.maxLength() < 1 || field.maxLength() > LONGTEXT_MAX)) {
                problems.add(new ValidationProblem(path + ".maxLength", "range", "must be between 1 and " + LONGTEXT_MAX));
            }
            problems.addAll(FieldConstraints.definitionProblems(field, path));
        }
        layout(definition.layout(), names, problems);
        problems.addAll(CompositeIndexes.check(definition));
        if (definition.rules().size() > 50) {
            problems.add(new ValidationProblem("rules", "maxItems", "at most 50 rules per entity"));
        }
        return problems;
    }

    private static void options(FieldDefinition field, String path, List<ValidationProblem> problems) {
        boolean choice = field.type() == FieldType.ENUM || field.type() == FieldType.MULTIENUM;
        if (!choice) {
            return;
        }
        if (field.options().isEmpty()) {
            problems.add(new ValidationProblem(path + ".options", "required", field.type().json() + " field " + field.name()
                    + " has no options"));
            return;
        }
        Set<String> values = new HashSet<>();
        int stored = 1;
        for (int j = 0; j < field.options().size(); j++) {
            FieldDefinition.Option option = field.options().get(j);
            String at = path + ".options[" + j + "]";
            if (option == null || option.value() == null || option.value().isEmpty() || option.value().length() > 64) {
                problems.add(new ValidationProblem(at + ".value", "maxLength", "each option needs a value of 1 to 64 characters"));
                continue;
            }
            if (!values.add(option.value())) {
                problems.add(new ValidationProblem(at + ".value", "unique", "option " + option.value() + " is listed twice"));
            }
            if (field.type() == FieldType.MULTIENUM && (option.value().contains(OptionSet.SEPARATOR) || option.value().contains(","))) {
                problems.add(new ValidationProblem(at + ".value", "pattern", "an option of a multiple choice may not contain | or ,"));
            }
            Labels.check(option.labels(), at + ".labels", problems);
            if (option.color() != null && !COLOR.matcher(option.color()).matches()) {
                problems.add(new ValidationProblem(at + ".color", "pattern", "must be a colour like #2f80ed"));
            }
            stored += option.value().length() + 1;
        }
        if (field.type() == FieldType.MULTIENUM && stored > OptionSet.COLUMN_LENGTH) {
            problems.add(new ValidationProblem(path + ".options", "maxLength", "all options of a multiple choice together"
                    + " may take at most " + OptionSet.COLUMN_LENGTH + " characters"));
        }
    }

    private static void layout(CardLayout layout, Set<String> names, List<ValidationProblem> problems) {
        if (layout == null) {
            return;
        }
        Set<String> placed = new HashSet<>();
        for (int s = 0; s < layout.sections().size(); s++) {
            CardLayout.Section section = layout.sections().get(s);
            String path = "layout.sections[" + s + "]";
            if (section == null) {
                problems.add(new ValidationProblem(path, "type", "must be {\"title\", \"columns\", \"fields\"}"));
                continue;
            }
            if (section.columns() != null && section.columns() != 1 && section.columns() != 2) {
                problems.add(new ValidationProblem(path + ".columns", "enum", "must be 1 or 2"));
            }
            Labels.check(section.labels(), path + ".labels", problems);
            if (section.title() != null && section.title().length() > 200) {
                problems.add(new ValidationProblem(path + ".title", "maxLength", "must be at most 200 characters"));
            }
            for (int f = 0; f < section.fields().size(); f++) {
                String name = section.fields().get(f);
                if (!names.contains(name)) {
                    problems.add(new ValidationProblem(path + ".fields[" + f + "]", "exists", "names no field of this entity"));
                } else if (!placed.add(name)) {
                    problems.add(new ValidationProblem(path + ".fields[" + f + "]", "unique",
                            "field " + name + " is placed twice on the card"));
                }
            }
        }
    }
}
