package io.voronka.record;

import io.voronka.kernel.error.DomainError;

import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.field.FieldValues;
import io.voronka.kernel.rule.CheckedRule;
import io.voronka.kernel.rule.RuleFailed;
import java.util.function.Supplier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fills the fields an entity computes by rules (score, warmth) from the values about to be stored. */
final class ComputedFields {

    private static final Logger LOG = LoggerFactory.getLogger(ComputedFields.class);

    private final Supplier<EntityCatalog> catalogs;
    private final FieldValues fieldValues;

    ComputedFields(Supplier<EntityCatalog> catalogs, FieldValues fieldValues) {
        this.catalogs = catalogs;
        this.fieldValues = fieldValues;
    }

    /** Fills computed fields in definition order; a later rule sees what an earlier one computed. */
    void fill(EntityDefinition entity, Map<String, Object> values) {
        EntityCatalog catalog = catalogs.get();
        EntityDefinition inForce = catalog.find(entity.name()).orElse(null);
        if (inForce != entity && !entity.equals(inForce)) {
            // The definition changed between reading it and computing: its rules may name other fields.
            throw DomainError.conflict("the definition of " + entity.name() + " changed while this was saved; try again");
        }
        for (Map.Entry<String, CheckedRule> e : catalog.computedFields(entity.name()).entrySet()) {
            FieldDefinition field = entity.field(e.getKey()).orElseThrow();
            try {
                Object raw = e.getValue().evaluate(values);
                if (field.type() == FieldType.NUMBER && raw instanceof Number n) {
                    raw = n.longValue(); // MVEL arithmetic on decimals yields BigDecimal; a score is whole
                }
                List<ValidationProblem> problems = new ArrayList<>();
                Object typed = fieldValues.coerce(field, raw, field.name(), problems);
                if (!problems.isEmpty()) {
                    LOG.warn("rule {} gave {} for {}.{}: {}", e.getValue().name(), raw, entity.name(), field.name(),
                            problems.getFirst().message());
                }
                values.put(field.name(), typed);
            } catch (RuleFailed ex) {
                // A rule over its budget must not lose the record the user is saving; the field stays empty.
                LOG.warn("rule {} failed for {}: {}", e.getValue().name(), entity.name(), ex.getMessage());
                values.put(field.name(), null);
            }
        }
    }
}
