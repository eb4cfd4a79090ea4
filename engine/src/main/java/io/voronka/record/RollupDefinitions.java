package io.voronka.record;

import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.rule.CheckedRule;
import io.voronka.kernel.rule.RuleRejected;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.rule.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the rollup fields of a set of definitions against each other and works out what each
 * stores: {@code "rollup":{"via":"deal.contact_id","op":"sum","field":"amount","where":"stage == 'won'"}}
 * on a contact needs a deal entity whose link field contact_id points at contacts, a number field
 * amount (dates too for min, max and last), and a filter that checks over a deal.
 */
final class RollupDefinitions {

    /** One rollup ready to be kept: the field on {@code target}, fed by {@code source}'s records through {@code link}. */
    record Rollup(EntityDefinition target, FieldDefinition field, EntityDefinition source, FieldDefinition link,
                  FieldDefinition read, String op, CheckedRule where) {

        /** The source's fields whose change can move this rollup. */
        Set<String> inputs() {
            Set<String> inputs = new java.util.HashSet<>();
            inputs.add(link.name());
            if (read != null) {
                inputs.add(read.name());
            }
            if (where != null) {
                inputs.addAll(where.fieldsRead());
            }
            return inputs;
        }
    }

    /** The definitions with each rollup's stored type filled in, and the rollups by the entity that feeds them. */
    record Resolved(Map<String, EntityDefinition> entities, Map<String, List<Rollup>> bySource) {
    }

    private static final Set<FieldType> NUMBERS = Set.of(FieldType.NUMBER, FieldType.DECIMAL);

    private RollupDefinitions() {
    }

    /** Throws {@link DefinitionRejected} naming the first entity at fault and the path of each rollup problem. */
    static Resolved resolve(Map<String, EntityDefinition> entities, RuleSandbox sandbox) {
        Map<String, EntityDefinition> resolved = new LinkedHashMap<>();
        Map<String, List<Rollup>> bySource = new LinkedHashMap<>();
        for (EntityDefinition entity : entities.values()) {
            List<ValidationProblem> problems = new ArrayList<>();
            List<FieldDefinition> fields = new ArrayList<>();
            for (int i = 0; i < entity.fields().size(); i++) {
                FieldDefinition field = entity.fields().get(i);
                if (field.type() != FieldType.ROLLUP) {
                    fields.add(field);
                    continue;
                }
                Rollup rollup = check(entity, field, "fields[" + i + "].rollup", entities, sandbox, problems);
                if (rollup != null) {
                    fields.add(rollup.field());
                    bySource.computeIfAbsent(rollup.source().name(), k -> new ArrayList<>()).add(rollup);
                } else {
                    fields.add(field);
                }
            }
            if (!problems.isEmpty()) {
                throw new DefinitionRejected(entity.name(), problems, null);
            }
            // Everything else the definition says (currency, stage rules, layout, retired) stays as written.
            resolved.put(entity.name(), entity.withFields(fields));
        }
        // Rollups point at the resolved target, whose other rollups now carry their types too.
        Map<String, List<Rollup>> retargeted = new LinkedHashMap<>();
        bySource.forEach((source, rollups) -> retargeted.put(source, rollups.stream()
                .map(r -> new Rollup(resolved.get(r.target().name()), r.field(), resolved.get(source), r.link(), r.read(),
                        r.op(), r.where())).toList()));
        return new Resolved(resolved, retargeted);
    }

    /** A rollup field seen as a plain field of the type it stores, for parsing a value to compare with. */
    static FieldDefinition asStoredValue(FieldDefinition rollup) {
        FieldType stored = rollup.rollup() == null || rollup.rollup().of() == null ? FieldType.DECIMAL : rollup.rollup().of();
        return new FieldDefinition(rollup.name(), rollup.label(), stored, false, null, List.of(), null, null, null, null, null,
                null, null, null, null, null);
    }

    /**
     * Rollups of {@code next} whose stored type differs from the same field in {@code current}: its
     * column keeps the first type, so the change is refused (a new field instead), as for any field.
     */
    static List<ValidationProblem> retyped(EntityDefinition next, EntityDefinition current) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (current == null) {
            return problems;
        }
        for (int i = 0; i < next.fields().size(); i++) {
            FieldDefinition field = next.fields().get(i);
            FieldDefinition before = current.field(field.name()).orElse(null);
            if (field.type() == FieldType.ROLLUP && before != null && before.type() == FieldType.ROLLUP
                    && field.rollup() != null && before.rollup() != null && field.rollup().of() != before.rollup().of()) {
                problems.add(ValidationProblem.of("fields[" + i + "].rollup", "unchangeable", "definition.rollup.retyped",
                        field.name(), before.rollup().of().json(), field.rollup().of().json()));
            }
        }
        return problems;
    }

    private static Rollup check(EntityDefinition entity, FieldDefinition field, String path,
                                Map<String, EntityDefinition> entities, RuleSandbox sandbox, List<ValidationProblem> problems) {
        FieldDefinition.Rollup spec = field.rollup();
        if (spec == null) {
            problems.add(ValidationProblem.of(path, "required", "definition.rollup.shape", field.name()));
            return null;
        }
        EntityDefinition source = spec.viaEntity() == null ? null : entities.get(spec.viaEntity());
        FieldDefinition link = source == null ? null : source.field(spec.viaField()).orElse(null);
        if (link == null || link.type() != FieldType.LINK || !entity.name().equals(link.link())
                || source.name().equals(entity.name())) {
            problems.add(ValidationProblem.of(path + ".via", "exists", "definition.rollup.via", entity.name()));
            return null;
        }
        if (spec.op() == null || !FieldDefinition.Rollup.OPS.contains(spec.op())) {
            problems.add(ValidationProblem.of(path + ".op", "enum", "definition.rollup.op"));
            return null;
        }
        FieldDefinition read = null;
        if (!spec.op().equals("count")) {
            read = spec.field() == null ? null : source.field(spec.field()).orElse(null);
            boolean dates = Set.of("min", "max", "last").contains(spec.op());
            if (read == null || !(NUMBERS.contains(read.type()) || dates && read.type() == FieldType.DATE)) {
                problems.add(ValidationProblem.of(path + ".field", "exists",
                        dates ? "definition.rollup.field.dates" : "definition.rollup.field", source.name(), spec.op()));
                return null;
            }
        }
        CheckedRule where = null;
        if (spec.where() != null) {
            try {
                where = sandbox.expression(field.name() + ".where", spec.where(),
                        new EntityRuleSchema(source, entities, false));
                if (where.resultType() != ValueType.BOOLEAN) {
                    throw new RuleRejected(field.name() + ".where", 1, 1, Message.of("field.boolean"));
                }
            } catch (RuleRejected rejected) {
                problems.add(ValidationProblem.of(path + ".where", "sandbox", "definition.computed.rejected",
                        rejected.rule(), rejected.line(), rejected.column(), rejected.text()));
                return null;
            }
        }
        FieldType stored = switch (spec.op()) {
            case "count" -> FieldType.NUMBER;
            case "avg" -> FieldType.DECIMAL;
            default -> read.type();
        };
        FieldDefinition typed = field.withRollup(spec.withType(stored));
        return new Rollup(entity, typed, source, link, read, spec.op(), where);
    }
}
