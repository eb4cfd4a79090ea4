package io.voronka.record;

import io.voronka.kernel.error.Message;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.field.FieldValues;

import io.voronka.kernel.rule.CheckedRule;
import io.voronka.kernel.rule.RuleRejected;
import io.voronka.kernel.rule.RuleSandbox;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import io.voronka.kernel.error.ValidationProblem;
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
    private final Map<String, EntityDocument> documents;
    private final Map<String, List<RollupDefinitions.Rollup>> rollups;
    private final Set<String> linkedEnds;
    private final Map<String, StageRules> stageRules = new LinkedHashMap<>();

    private EntityCatalog(Map<String, EntityDocument> documents, RollupDefinitions.Resolved resolved,
                          Map<String, Map<String, CheckedRule>> computed) {
        this.entities = Collections.unmodifiableMap(new LinkedHashMap<>(resolved.entities()));
        this.documents = Map.copyOf(documents);
        this.computed = computed;
        this.rollups = resolved.bySource();
        this.linkedEnds = Set.copyOf(resolved.linkedEnds());
    }

    /**
     * Builds the catalog from the content of a forms folder: top-level {@code *.json} files are
     * entity definitions, {@code rules/*.mvel} the rules their computed fields name.
     */
    public static EntityCatalog load(Map<String, String> formsFolder, RuleSandbox sandbox) {
        return fromFiles(formsFolder, sandbox).catalog();
    }

    /** The catalog of a forms folder and, per entity, the file it came from. */
    record FromFiles(EntityCatalog catalog, Map<String, String> paths) {
    }

    static FromFiles fromFiles(Map<String, String> formsFolder, RuleSandbox sandbox) {
        Map<String, EntityDocument> documents = new LinkedHashMap<>();
        Map<String, String> paths = new LinkedHashMap<>();
        formsFolder.forEach((path, text) -> {
            if (path.endsWith(".json") && !path.contains("/")) {
                EntityDocument document = EntityDocument.fromFolder(formsFolder, path);
                if (document.name() != null && documents.put(document.name(), document) != null) {
                    throw new IllegalStateException("forms/" + path + " defines entity " + document.name() + " a second time");
                }
                paths.put(String.valueOf(document.name()), path);
            }
        });
        try {
            return new FromFiles(of(documents.values(), sandbox), paths);
        } catch (DefinitionRejected e) {
            if (e.rule() != null) {
                throw e.rule();
            }
            ValidationProblem first = e.problems().getFirst();
            throw new IllegalStateException("forms/" + paths.getOrDefault(e.entity(), e.entity() + ".json") + ": "
                    + first.field() + " " + first.message());
        }
    }

    /**
     * Checks the documents together (names, fields, links between them, every computed field's rule
     * through the sandbox) and builds the catalog; throws {@link DefinitionRejected} naming the first
     * entity at fault and each of its problems.
     */
    static EntityCatalog of(Collection<EntityDocument> documents, RuleSandbox sandbox) {
        Map<String, EntityDocument> byName = new LinkedHashMap<>();
        for (EntityDocument document : documents) {
            if (document.definition().isRetired()) {
                continue; // its table and history stay; its records are out of reach until it is defined again
            }
            List<ValidationProblem> problems = check(document.definition());
            if (!problems.isEmpty()) {
                throw new DefinitionRejected(String.valueOf(document.name()), problems, null);
            }
            byName.put(document.name(), document);
        }
        Map<String, EntityDefinition> entities = new LinkedHashMap<>();
        byName.forEach((name, document) -> entities.put(name, document.definition()));
        for (EntityDefinition entity : entities.values()) {
            List<ValidationProblem> problems = new ArrayList<>();
            for (int i = 0; i < entity.fields().size(); i++) {
                FieldDefinition f = entity.fields().get(i);
                if ((f.type() == FieldType.LINK || f.type() == FieldType.LINKS) && !entities.containsKey(f.link())) {
                    problems.add(ValidationProblem.of("fields[" + i + "].link", "exists",
                            "definition.link.unknown", f.name(), f.link()));
                } else if (f.inverse() != null && (f.inverse().name() == null || !IDENTIFIER.matcher(f.inverse().name()).matches())) {
                    problems.add(ValidationProblem.of("fields[" + i + "].inverse.name", "pattern",
                            "definition.inverse.pattern", IDENTIFIER.pattern()));
                } else if (f.inverse() != null && entities.containsKey(f.link())
                        && entities.get(f.link()).field(f.inverse().name()).isPresent()) {
                    problems.add(ValidationProblem.of("fields[" + i + "].inverse.name", "unique", "definition.inverse.taken",
                            f.link(), f.inverse().name()));
                }
            }
            if (!problems.isEmpty()) {
                throw new DefinitionRejected(entity.name(), problems, null);
            }
        }
        RollupDefinitions.Resolved resolved = RollupDefinitions.resolve(entities, sandbox);
        Map<String, Map<String, CheckedRule>> computed = new LinkedHashMap<>();
        Map<String, StageRules> stageRules = new LinkedHashMap<>();
        for (EntityDocument document : byName.values()) {
            computed.put(document.name(), computedRules(document, resolved.entities(), sandbox));
            stageRules.put(document.name(), StageRules.compile(document.definition(),
                    new EntityRuleSchema(document.definition(), resolved.entities(), false), sandbox));
        }
        EntityCatalog catalog = new EntityCatalog(byName, resolved, computed);
        catalog.stageRules.putAll(stageRules);
        RollupKeeper.checkFilters(catalog);
        return catalog;
    }

    private static Map<String, CheckedRule> computedRules(EntityDocument document, Map<String, EntityDefinition> entities,
                                                          RuleSandbox sandbox) {
        EntityDefinition entity = entities.get(document.name());
        EntityRuleSchema schema = new EntityRuleSchema(entity, entities, false);
        Map<String, CheckedRule> rules = new LinkedHashMap<>();
        for (int i = 0; i < entity.fields().size(); i++) {
            FieldDefinition field = entity.fields().get(i);
            if (!field.isComputed()) {
                continue;
            }
            String path = "fields[" + i + "].computed";
            String source = document.rule(field.computed());
            if (source == null) {
                throw new DefinitionRejected(entity.name(), List.of(ValidationProblem.of(path, "exists",
                        "definition.computed.unknown", field.name(), field.computed())), null);
            }
            try {
                CheckedRule rule = sandbox.compile(field.computed(), source, schema);
                if (!rule.resultType().fits(EntityRuleSchema.valueType(field.type()))) {
                    throw new RuleRejected(field.computed(), 1, 1, Message.of("definition.computed.type",
                            rule.resultType().text(), entity.name() + "." + field.name(),
                            EntityRuleSchema.valueType(field.type()).text()));
                }
                rules.put(field.name(), rule);
            } catch (RuleRejected rejected) {
                throw new DefinitionRejected(entity.name(), List.of(ValidationProblem.of(path, "sandbox", "definition.computed.rejected",
                        rejected.rule(), rejected.line(), rejected.column(), rejected.text())), rejected);
            }
        }
        return rules;
    }

    /** The checks one definition passes on its own; each problem names the field path. */
    static List<ValidationProblem> check(EntityDefinition definition) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (definition.name() == null || !IDENTIFIER.matcher(definition.name()).matches()) {
            problems.add(ValidationProblem.of("name", "pattern", "definition.name.pattern", IDENTIFIER.pattern()));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < definition.fields().size(); i++) {
            FieldDefinition field = definition.fields().get(i);
            String path = "fields[" + i + "]";
            if (field == null) {
                problems.add(ValidationProblem.of(path, "type", "definition.field.shape"));
                continue;
            }
            if (field.name() == null || !IDENTIFIER.matcher(field.name()).matches() || RESERVED.contains(field.name())) {
                problems.add(ValidationProblem.of(path + ".name", "pattern", "definition.field.name",
                        field.name(), IDENTIFIER.pattern(), RESERVED));
            } else if (!seen.add(field.name())) {
                problems.add(ValidationProblem.of(path + ".name", "unique", "definition.field.twice", field.name()));
            }
            if (field.type() == null) {
                problems.add(ValidationProblem.of(path + ".type", "required", "definition.field.type", field.name()));
            }
            if ((field.type() == FieldType.LINK || field.type() == FieldType.LINKS) && field.link() == null) {
                problems.add(ValidationProblem.of(path + ".link", "required", "definition.field.link", field.name()));
            }
            if (Boolean.TRUE.equals(field.indexed()) && field.type() == FieldType.TEXT
                    && (field.maxLength() == null ? FieldValues.DEFAULT_TEXT_LENGTH : field.maxLength()) > 255) {
                // MariaDB indexes at most 3072 bytes, 768 four-byte characters; a sort on a long text is no use anyway.
                problems.add(ValidationProblem.of(path + ".indexed", "maxLength", "definition.field.indexed"));
            }
            if (field.maxLength() != null && field.type() != FieldType.LONGTEXT
                    && (field.maxLength() < 1 || field.maxLength() > 10_000)) {
                problems.add(ValidationProblem.of(path + ".maxLength", "range", "definition.max-length", 10000));
            }
        }
        problems.addAll(DefinitionChecks.check(definition));
        for (int i = 0; i < definition.titleFields().size(); i++) {
            String title = definition.titleFields().get(i);
            if (!seen.contains(title)) {
                problems.add(ValidationProblem.of("titleFields[" + i + "]", "exists", "definition.section.field"));
            }
        }
        return problems;
    }

    /** The stored document of an entity: its definition and the sources of its rules. */
    public Optional<EntityDocument> document(String name) {
        return Optional.ofNullable(documents.get(name));
    }

    public Optional<EntityDefinition> find(String name) {
        return Optional.ofNullable(entities.get(name));
    }

    public Collection<EntityDefinition> all() {
        return entities.values();
    }

    /**
     * The rollups that changes to records of {@code source} can move: contact.ltv for deals, and a
     * rollup over a many-to-many field for both ends (tag counts for contacts, contact rollups over tags for tags).
     */
    List<RollupDefinitions.Rollup> rollupsFedBy(String source) {
        return rollups.getOrDefault(source, List.of());
    }

    /**
     * Where the rows of {@code entity} come in the order writers lock rollup rows: 0 for an entity a
     * rollup's many-to-many field links to (tags), 1 for the rest (the contacts holding them).
     */
    int lockRank(String entity) {
        return linkedEnds.contains(entity) ? 0 : 1;
    }

    /** Every rollup of the catalog. */
    List<RollupDefinitions.Rollup> rollups() {
        return rollups.values().stream().flatMap(List::stream).distinct().toList();
    }

    /** Computed fields of an entity in definition order, each with its rule. */
    public Map<String, CheckedRule> computedFields(String entity) {
        return computed.getOrDefault(entity, Map.of());
    }

    /** The entity's stage rules, compiled. */
    StageRules stageRules(String entity) {
        return stageRules.getOrDefault(entity, StageRules.NONE);
    }

    /** What a rule over this entity may read: its fields, and with links the records around it. */
    public EntityRuleSchema ruleSchema(EntityDefinition entity, boolean withLinks) {
        return new EntityRuleSchema(entity, entities, withLinks);
    }

    public List<String> names() {
        return new ArrayList<>(entities.keySet());
    }
}
