package io.voronka.record;

import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.EntityIndex;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * The composite indexes a definition declares ({@code "indexes": [{"fields": [...]}]}), each
 * {@code ixc_<entity>_<field>_<field>...} over the fields' columns (a money field's amount):
 * built online (see {@link OnlineDdl}) when declared, dropped when the definition no longer
 * declares it. The name follows from the entity and the fields, so the same declaration always
 * means the same index and a changed one is a drop and a build.
 */
final class CompositeIndexes {

    static final int MAX_INDEXES = 10;
    static final int MAX_FIELDS = 5;
    /** MariaDB's limit on a key: 3072 bytes; a text character takes up to four in utf8mb4. */
    private static final int KEY_BYTES = 3072;
    private static final int NAME_LIMIT = 64;

    private CompositeIndexes() {
    }

    static String prefix(EntityDefinition entity) {
        return "ixc_" + entity.name() + "_";
    }

    static String indexName(EntityDefinition entity, EntityIndex index) {
        String plain = prefix(entity) + String.join("_", index.fields());
        return plain.length() <= NAME_LIMIT ? plain : plain.substring(0, NAME_LIMIT - 9) + "_" + IndexNames.hash(plain);
    }

    /** What is wrong with the declared indexes, each problem under its path ({@code indexes[0].fields[2]}). */
    static List<ValidationProblem> check(EntityDefinition definition) {
        List<ValidationProblem> problems = new ArrayList<>();
        List<EntityIndex> indexes = definition.indexes();
        if (indexes.size() > MAX_INDEXES) {
            problems.add(ValidationProblem.of("indexes", "maxItems", "definition.indexes.max", MAX_INDEXES));
            return problems;
        }
        Map<String, FieldDefinition> fields = new LinkedHashMap<>();
        definition.fields().stream().filter(f -> f != null && f.name() != null).forEach(f -> fields.putIfAbsent(f.name(), f));
        Set<List<String>> declared = new HashSet<>();
        for (int i = 0; i < indexes.size(); i++) {
            String path = "indexes[" + i + "]";
            EntityIndex index = indexes.get(i);
            if (index == null || index.fields() == null || index.fields().isEmpty()) {
                problems.add(ValidationProblem.of(path + ".fields", "required", "definition.index.fields", MAX_FIELDS));
                continue;
            }
            if (index.fields().size() > MAX_FIELDS) {
                problems.add(ValidationProblem.of(path + ".fields", "maxItems", "definition.index.max", MAX_FIELDS));
                continue;
            }
            int before = problems.size();
            Set<String> seen = new HashSet<>();
            int keyBytes = 0;
            for (int j = 0; j < index.fields().size(); j++) {
                String at = path + ".fields[" + j + "]";
                String name = index.fields().get(j);
                FieldDefinition field = name == null ? null : fields.get(name);
                if (field == null || field.type() == null) {
                    problems.add(ValidationProblem.of(at, "exists", name == null ? "definition.index.name"
                            : "definition.section.field"));
                } else if (!seen.add(name)) {
                    problems.add(ValidationProblem.of(at, "unique", "definition.index.twice", name));
                } else if (!indexable(field)) {
                    problems.add(ValidationProblem.of(at, "type", field.type() == FieldType.LINKS
                            ? "definition.index.links" : "definition.index.type", field.type().json()));
                } else {
                    keyBytes += keyBytes(field);
                }
            }
            if (problems.size() == before && keyBytes > KEY_BYTES) {
                problems.add(ValidationProblem.of(path + ".fields", "maxLength", "definition.index.wide", KEY_BYTES / 4));
            }
            if (problems.size() == before && !declared.add(index.fields())) {
                problems.add(ValidationProblem.of(path, "unique", "definition.index.duplicate"));
            }
        }
        return problems;
    }

    /** A field stored in one column of the entity's table, of a type both databases index. */
    private static boolean indexable(FieldDefinition field) {
        return switch (field.type()) {
            case LINKS, LONGTEXT, MULTIENUM -> false;
            default -> true;
        };
    }

    private static int keyBytes(FieldDefinition field) {
        boolean text = field.type().isText() || field.type() == FieldType.ENUM || field.type() == FieldType.LINK
                || field.type() == FieldType.FILE || field.type() == FieldType.USER;
        return text ? 4 * EntitySchema.columnType(field).length() + 2 : 16;
    }

    /** Builds the declared indexes {@code existing} lacks and drops the composite indexes no longer declared. */
    static void apply(OnlineDdl.Change ddl, EntityDefinition entity, Set<String> existing) {
        Set<String> wanted = new HashSet<>();
        for (EntityIndex index : entity.indexes()) {
            String name = indexName(entity, index);
            wanted.add(name);
            if (!existing.contains(name)) {
                ddl.createIndex(name, false, index.fields().toArray(String[]::new));
            }
        }
        for (String index : existing) {
            if (index.startsWith(prefix(entity)) && !wanted.contains(index)) {
                ddl.dropIndex(index);
            }
        }
    }
}
