package io.voronka.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldDefinition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entity definition as stored and exchanged: the definition and the source of every rule its
 * computed fields name ({@code "rules": {"rules/lead-score.mvel": "..."}}), so a stored version is
 * complete on its own. The checksum is over a canonical rendering, so a file whose only change is
 * white space is not a change.
 */
public record EntityDocument(EntityDefinition definition, Map<String, String> rules) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public EntityDocument {
        rules = new TreeMap<>(rules);
    }

    public String name() {
        return definition.name();
    }

    /** The entity file at {@code path} of a forms folder, with the rule files its computed fields name. */
    static EntityDocument fromFolder(Map<String, String> formsFolder, String path) {
        try {
            EntityDefinition definition = JSON.readValue(formsFolder.get(path), EntityDefinition.class);
            Map<String, String> rules = new TreeMap<>();
            definition.fields().stream().filter(FieldDefinition::isComputed).forEach(f -> {
                String source = formsFolder.get(f.computed());
                if (source != null) {
                    rules.put(f.computed(), source);
                }
            });
            return new EntityDocument(definition, rules);
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("forms/" + path + " is not a valid entity definition: " + e.getMessage(), e);
        }
    }

    /** Reads a document a client sent or the database holds; a 422 names the field that does not fit. */
    static EntityDocument parse(String text) {
        try {
            ObjectNode tree = JSON.readValue(text, ObjectNode.class);
            Map<String, String> rules = new TreeMap<>();
            // Rule sources travel under "sources"; documents from before stage rules carry them as the object "rules".
            var rulesNode = tree.get("rules") != null && tree.get("rules").isObject() ? tree.remove("rules") : null;
            var sourcesNode = tree.remove("sources");
            for (var node : java.util.Arrays.asList(rulesNode, sourcesNode)) {
                if (node == null || node.isNull()) {
                    continue;
                }
                if (!node.isObject()) {
                    throw DomainError.invalid("sources", "type", "must be an object of rule name to rule source");
                }
                for (var entry : node.properties()) {
                    if (!entry.getValue().isTextual()) {
                        throw DomainError.invalid("sources." + entry.getKey(), "type", "must be the rule's source text");
                    }
                    rules.put(entry.getKey(), entry.getValue().textValue());
                }
            }
            if (tree.get("rules") != null && !tree.get("rules").isArray() && !tree.get("rules").isNull()) {
                throw DomainError.invalid("rules", "type", "must be a list of {\"when\", \"require\", \"field\", \"message\"}");
            }
            if (!(tree.get("fields") instanceof com.fasterxml.jackson.databind.node.ArrayNode)) {
                throw DomainError.invalid("fields", tree.has("fields") ? "type" : "required", "must be a list of fields");
            }
            tree.remove("version");
            return new EntityDocument(JSON.treeToValue(tree, EntityDefinition.class), rules);
        } catch (JsonMappingException e) {
            String path = path(e);
            throw DomainError.invalid(path, "type", expected(path));
        } catch (JsonProcessingException e) {
            throw DomainError.malformed("body", "json", "is not valid JSON");
        } catch (IllegalArgumentException | NullPointerException e) {
            throw DomainError.invalid("fields", "type", "a field is missing or malformed");
        }
    }

    /** What the part at {@code path} must be, in the client's terms (Jackson's own text names Java classes). */
    private static String expected(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        if (path.matches("fields\\[\\d+]")) {
            return "must be a field: {\"name\", \"type\", ...}";
        }
        return switch (last.replaceAll("\\[\\d+]$", "")) {
            case "type" -> "must be one of " + java.util.Arrays.stream(io.voronka.kernel.field.FieldType.values())
                    .map(io.voronka.kernel.field.FieldType::json).toList();
            case "required" -> "must be true or false";
            case "maxLength" -> "must be a whole number";
            case "options" -> "must be a list of {\"value\", \"label\", \"color\", \"order\"}";
            case "unique", "retired" -> "must be true or false";
            case "pattern", "currency", "when", "require", "field", "message", "title" -> "must be text";
            case "rules" -> "must be a list of {\"when\", \"require\", \"field\", \"message\"}";
            case "layout" -> "must be {\"sections\": [{\"title\", \"columns\", \"fields\"}]}";
            case "sections" -> "must be a list of {\"title\", \"columns\", \"fields\"}";
            case "columns" -> "must be 1 or 2";
            case "fields" -> "must be a list";
            case "titleFields" -> "must be a list of field names";
            case "indexes" -> "must be a list of {\"fields\": [field names]}";
            case "labels", "labelsPlural" -> "must be an object of language tag to label, such as {\"ru\": \"Контакт\", \"en\": \"Contact\"}";
            default -> "has the wrong type for an entity definition";
        };
    }

    /** Jackson's path to the offending part as the API names fields: {@code fields[3].type}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** The stored form: definition fields in record order (stage rules among them), then the rule sources sorted by name. */
    public String canonicalJson() {
        try {
            ObjectNode tree = JSON.valueToTree(definition);
            tree.set("sources", JSON.valueToTree(rules));
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Over the form documents had before stage rules (sources under "rules") when the document has
     * none, so a definition nobody changed keeps its checksum across the upgrade: a file is not
     * taken for changed, and does not override a console edit, only because the rendering moved.
     */
    public String checksum() {
        try {
            ObjectNode tree = JSON.valueToTree(definition);
            tree.set(definition.rules().isEmpty() ? "rules" : "sources", JSON.valueToTree(rules));
            String rendered = JSON.writeValueAsString(tree);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rendered.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rule source named by a computed field, if the document carries it. */
    String rule(String name) {
        return rules.get(name);
    }
}
