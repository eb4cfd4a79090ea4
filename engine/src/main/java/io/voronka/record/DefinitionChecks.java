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
            problems.add(ValidationProblem.of("currency", "currency", "definition.currency"));
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
                problems.add(ValidationProblem.of(path + ".currency", "currency", "definition.field.currency"));
            }
            if (field.type() == FieldType.MONEY && names.contains(FieldColumns.currencyName(field))) {
                problems.add(ValidationProblem.of(path + ".name", "unique", "definition.currency-column",
                        field.name(), FieldColumns.currencyName(field)));
            }
            if (field.isUnique() && (!UniqueIndexes.indexable(field) || field.isComputed())) {
                problems.add(ValidationProblem.of(path + ".unique", "type",
                        field.isComputed() ? "definition.unique.computed" : field.type().isText()
                                ? "definition.unique.text" : "definition.unique", field.type().json()));
            }
            if (field.type() == FieldType.MULTIENUM && field.isComputed()) {
                problems.add(ValidationProblem.of(path + ".computed", "type", "definition.multienum.computed"));
            }
            if (field.type() == FieldType.LONGTEXT && field.maxLength() != null
                    && (field.maxLength() < 1 || field.maxLength() > LONGTEXT_MAX)) {
                problems.add(ValidationProblem.of(path + ".maxLength", "range", "definition.max-length", LONGTEXT_MAX));
            }
            problems.addAll(FieldConstraints.definitionProblems(field, path));
        }
        layout(definition.layout(), names, problems);
        problems.addAll(CompositeIndexes.check(definition));
        if (definition.rules().size() > 50) {
            problems.add(ValidationProblem.of("rules", "maxItems", "definition.rules.max"));
        }
        return problems;
    }

    private static void options(FieldDefinition field, String path, List<ValidationProblem> problems) {
        boolean choice = field.type() == FieldType.ENUM || field.type() == FieldType.MULTIENUM;
        if (!choice) {
            return;
        }
        if (field.options().isEmpty()) {
            problems.add(ValidationProblem.of(path + ".options", "required", "definition.options.none",
                    field.type().json(), field.name()));
            return;
        }
        Set<String> values = new HashSet<>();
        int stored = 1;
        for (int j = 0; j < field.options().size(); j++) {
            FieldDefinition.Option option = field.options().get(j);
            String at = path + ".options[" + j + "]";
            if (option == null || option.value() == null || option.value().isEmpty() || option.value().length() > 64) {
                problems.add(ValidationProblem.of(at + ".value", "maxLength", "definition.option.length"));
                continue;
            }
            if (!values.add(option.value())) {
                problems.add(ValidationProblem.of(at + ".value", "unique", "definition.option.twice", option.value()));
            }
            if (field.type() == FieldType.MULTIENUM && (option.value().contains(OptionSet.SEPARATOR) || option.value().contains(","))) {
                problems.add(ValidationProblem.of(at + ".value", "pattern", "definition.option.separator"));
            }
            Labels.check(option.labels(), at + ".labels", problems);
            if (option.color() != null && !COLOR.matcher(option.color()).matches()) {
                problems.add(ValidationProblem.of(at + ".color", "pattern", "definition.option.color"));
            }
            stored += option.value().length() + 1;
        }
        if (field.type() == FieldType.MULTIENUM && stored > OptionSet.COLUMN_LENGTH) {
            problems.add(ValidationProblem.of(path + ".options", "maxLength", "definition.options.length",
                    OptionSet.COLUMN_LENGTH));
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
                problems.add(ValidationProblem.of(path, "type", "definition.section.shape"));
                continue;
            }
            if (section.columns() != null && section.columns() != 1 && section.columns() != 2) {
                problems.add(ValidationProblem.of(path + ".columns", "enum", "definition.section.columns"));
            }
            Labels.check(section.labels(), path + ".labels", problems);
            if (section.title() != null && section.title().length() > 200) {
                problems.add(ValidationProblem.of(path + ".title", "maxLength", "field.text.max", 200));
            }
            for (int f = 0; f < section.fields().size(); f++) {
                String name = section.fields().get(f);
                if (!names.contains(name)) {
                    problems.add(ValidationProblem.of(path + ".fields[" + f + "]", "exists", "definition.section.field"));
                } else if (!placed.add(name)) {
                    problems.add(ValidationProblem.of(path + ".fields[" + f + "]", "unique",
                            "definition.section.twice", name));
                }
            }
        }
    }
}
