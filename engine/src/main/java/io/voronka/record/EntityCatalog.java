package io.voronka.record;

import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voronka.kernel.rule.CheckedRule;
import io.voronka.kernel.rule.RuleRejected;
import io.voronka.kernel.rule.RuleSandbox;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The schema registry: every entity definition in force, checked when loaded. Identifiers in SQL
 * come only from here, never from a request.
 */
public final class EntityCatalog {

    private static final Pattern IDENTIFIER = Pattern.compile("^[a-z][a-z0-9_]{0,39}$");
    // Columns every record has, and the list parameters (?limit=...) a field of that name would shadow.
    private static final Set<String> RESERVED = Set.of("id", "version", "created_at", "updated_at", "created_by",
            "limit", "after", "sort", "count", "filter", "offset");

    private final Map<String, EntityDefinition> entities;
    private final Map<String, Map<String, CheckedRule>> computed;

    private EntityCatalog(Map<String, EntityDefinition> entities, Map<String, Map<String, CheckedRule>> computed) {
        this.entities = entities;
        this.computed = computed;
    }

    /**
     * Builds the catalog from the content of a forms folder: top-level {@code *.json} files are
     * entity definitions, {@code rules/*.mvel} the rules their computed fields name.
     */
    public static EntityCatalog load(Map<String, String> formsFolder, RuleSandbox sandbox) {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);
        Map<String, EntityDefinition> entities = new LinkedHashMap<>();
        formsFolder.forEach((path, text) -> {
            if (path.endsWith(".json") && !path.contains("/")) {
                try {
                    EntityDefinition definition = json.readValue(text, EntityDefinition.class);
                    check(path, definition);
                    entities.put(definition.name(), definition);
                } catch (IOException e) {
                    throw new IllegalStateException("forms/" + path + " is not a valid entity definition: " + e.getMessage(), e);
                }
            }
        });
        entities.values().forEach(e -> e.fields().stream().filter(f -> f.type() == FieldType.LINK).forEach(f -> {
            if (!entities.containsKey(f.link())) {
                throw new IllegalStateException("entity " + e.name() + " field " + f.name() + " links to unknown entity " + f.link());
            }
        }));
        Map<String, Map<String, CheckedRule>> computed = new LinkedHashMap<>();
        for (EntityDefinition entity : entities.values()) {
            EntityRuleSchema schema = new EntityRuleSchema(entity, entities, false);
            Map<String, CheckedRule> rules = new LinkedHashMap<>();
            for (FieldDefinition field : entity.fields()) {
                if (field.isComputed()) {
                    String source = formsFolder.get(field.computed());
                    if (source == null) {
                        throw new IllegalStateException("entity " + entity.name() + " field " + field.name()
                                + " names rule " + field.computed() + ", which is not in forms/");
                    }
                    CheckedRule rule = sandbox.compile(field.computed(), source, schema);
                    if (!rule.resultType().fits(EntityRuleSchema.valueType(field.type()))) {
                        throw new RuleRejected(field.computed(), 1, 1, "the rule gives " + rule.resultType().label()
                                + " but field " + entity.name() + "." + field.name() + " holds "
                                + EntityRuleSchema.valueType(field.type()).label());
                    }
                    rules.put(field.name(), rule);
                }
            }
            computed.put(entity.name(), rules);
        }
        return new EntityCatalog(Map.copyOf(entities), computed);
    }

    private static void check(String path, EntityDefinition definition) {
        if (definition.name() == null || !IDENTIFIER.matcher(definition.name()).matches()) {
            throw new IllegalStateException("forms/" + path + ": entity name must match " + IDENTIFIER.pattern());
        }
        Set<String> seen = new HashSet<>();
        for (FieldDefinition field : definition.fields()) {
            if (field.name() == null || !IDENTIFIER.matcher(field.name()).matches() || RESERVED.contains(field.name())) {
                throw new IllegalStateException("forms/" + path + ": field name '" + field.name()
                        + "' must match " + IDENTIFIER.pattern() + " and not be one of " + RESERVED);
            }
            if (!seen.add(field.name())) {
                throw new IllegalStateException("forms/" + path + ": field " + field.name() + " is defined twice");
            }
            if (field.type() == null) {
                throw new IllegalStateException("forms/" + path + ": field " + field.name() + " has no type");
            }
            if (field.type() == FieldType.ENUM && field.options().isEmpty()) {
                throw new IllegalStateException("forms/" + path + ": enum field " + field.name() + " has no options");
            }
            if (field.type() == FieldType.LINK && field.link() == null) {
                throw new IllegalStateException("forms/" + path + ": link field " + field.name() + " names no entity");
            }
        }
    }

    public Optional<EntityDefinition> find(String name) {
        return Optional.ofNullable(entities.get(name));
    }

    public Collection<EntityDefinition> all() {
        return entities.values();
    }

    /** Computed fields of an entity in definition order, each with its rule. */
    public Map<String, CheckedRule> computedFields(String entity) {
        return computed.getOrDefault(entity, Map.of());
    }

    /** What a rule over this entity may read: its fields, and with links the records around it. */
    public EntityRuleSchema ruleSchema(EntityDefinition entity, boolean withLinks) {
        return new EntityRuleSchema(entity, entities, withLinks);
    }

    public List<String> names() {
        return new ArrayList<>(entities.keySet());
    }
}
