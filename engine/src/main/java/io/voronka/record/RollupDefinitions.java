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
 * amount (dates too for min, max and last), and a filter that checks over a deal. {@code via} takes
 * a many-to-many field too, from either side: {@code "contact.tags"} on a tag (the contacts
 * carrying it) and {@code "tags"}, without an entity, on the contact itself (the tags it carries).
 */
final class RollupDefinitions {

    /** How a rollup's source records reach its target. */
    enum Path {
        /** A many-to-one link column of the source points at the target (deal.contact_id on a contact). */
        COLUMN,
        /** A many-to-many field of the source holds the target (contact.tags on a tag). */
        SOURCE_LINKS,
        /** A many-to-many field of the target holds the source records (tags on a contact). */
        TARGET_LINKS
    }

    /**
     * One rollup ready to be kept: the field on {@code target}, fed by {@code source}'s records
     * through {@code link}, a field of the source (COLUMN, SOURCE_LINKS) or of the target (TARGET_LINKS).
     */
    record Rollup(EntityDefinition target, FieldDefinition field, EntityDefinition source, FieldDefinition link,
                  FieldDefinition read, String op, CheckedRule where, Path path) {

        /** The source's fields whose change can move this rollup (the link too when the source holds it). */
        Set<String> inputs() {
            Set<String> inputs = new java.util.HashSet<>(readInputs());
            if (path != Path.TARGET_LINKS) {
                inputs.add(link.name());
            }
            return inputs;
        }

        /** The source's fields the aggregate reads: the field and the filter's. */
        Set<String> readInputs() {
            Set<String> inputs = new java.util.HashSet<>();
            if (read != null) {
                inputs.add(read.name());
            }
            if (where != null) {
                inputs.addAll(where.fieldsRead());
            }
            return inputs;
        }

        /** The entity whose records hold the link (a link table's from side). */
        EntityDefinition holder() {
            return path == Path.TARGET_LINKS ? target : source;
        }

        boolean manyToMany() {
            return path != Path.COLUMN;
        }
    }

    /**
     * The definitions with each rollup's stored type filled in, and the rollups by the entity whose
     * changes move them: the source, and for {@link Path#TARGET_LINKS} the target too.
     */
    record Resolved(Map<String, EntityDefinition> entities, Map<String, List<Rollup>> bySource) {

        /**
         * Entities at the linked end of a many-to-many field some rollup follows (tag for contact.tags):
         * their rows are locked before the holders' (see RollupLocks#lockTargets).
         */
        Set<String> linkedEnds() {
            Set<String> ends = new java.util.HashSet<>();
            bySource.values().forEach(rollups -> rollups.stream().filter(Rollup::manyToMany)
                    .forEach(r -> ends.add(r.link().link())));
            return ends;
        }
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
                    if (rollup.path() == Path.TARGET_LINKS) {
                        // The target's own link set feeds it as well: a contact tagged anew recounts itself.
                        bySource.computeIfAbsent(entity.name(), k -> new ArrayList<>()).add(rollup);
                    }
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
        bySource.forEach((fedBy, rollups) -> retargeted.put(fedBy, rollups.stream()
                .map(r -> new Rollup(resolved.get(r.target().name()), r.field(), resolved.get(r.source().name()), r.link(),
                        r.read(), r.op(), r.where(), r.path())).toList()));
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
        Via via = via(entity, spec.via(), entities);
        if (via.problem() != null) {
            problems.add(new ValidationProblem(path + ".via", "exists", via.problem()));
            return null;
        }
        EntityDefinition source = via.source();
        FieldDefinition link = via.link();
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
        return new Rollup(entity, typed, source, link, read, spec.op(), where, via.path());
    }

    /** What a rollup's {@code via} names, or why it names nothing a rollup can follow. */
    private record Via(EntityDefinition source, FieldDefinition link, Path path, Message problem) {
        static Via refused(Message problem) {
            return new Via(null, null, null, problem);
        }
    }

    /**
     * {@code <entity>.<field>}: a link or links field of another entity pointing at {@code target};
     * a bare {@code <field>}: a links field of {@code target} itself, whose linked records are the source.
     */
    private static Via via(EntityDefinition target, String via, Map<String, EntityDefinition> entities) {
        Message forms = Message.of("definition.rollup.via.forms", target.name());
        if (via == null || via.isBlank()) {
            return Via.refused(Message.of("definition.rollup.via.none", forms));
        }
        if (via.indexOf('.') < 0) {
            FieldDefinition own = target.field(via).orElse(null);
            if (own == null || own.type() != FieldType.LINKS) {
                return Via.refused(Message.of("definition.rollup.via.own-missing", target.name(), via, forms));
            }
            EntityDefinition source = entities.get(own.link());
            if (source == null || source.name().equals(target.name())) {
                return Via.refused(Message.of("definition.rollup.via.own-self", via, target.name(), own.link()));
            }
            return new Via(source, own, Path.TARGET_LINKS, null);
        }
        String entityName = via.substring(0, via.indexOf('.'));
        String fieldName = via.substring(via.indexOf('.') + 1);
        EntityDefinition source = entities.get(entityName);
        if (source == null) {
            return Via.refused(Message.of("definition.rollup.via.no-entity", entityName, forms));
        }
        if (source.name().equals(target.name())) {
            return Via.refused(Message.of("definition.rollup.via.same-entity", via, target.name(), forms));
        }
        FieldDefinition link = source.field(fieldName).orElse(null);
        if (link == null || !(link.type() == FieldType.LINK || link.type() == FieldType.LINKS)
                || !target.name().equals(link.link())) {
            return Via.refused(Message.of("definition.rollup.via.no-link", entityName, fieldName, target.name(), forms));
        }
        return new Via(source, link, link.type() == FieldType.LINK ? Path.COLUMN : Path.SOURCE_LINKS, null);
    }
}
