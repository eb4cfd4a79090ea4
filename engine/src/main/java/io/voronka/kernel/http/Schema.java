package io.voronka.kernel.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON Schema (2020-12, the dialect of OpenAPI 3.1), built in code next to the route that reads
 * or answers it. A {@link #named named} schema becomes a component of the OpenAPI document, and
 * each use of it a {@code $ref}, so the console's generated types get one name per shape.
 * Immutable: every method answers a new schema, so constants can be shared between routes.
 *
 * <pre>{@code
 * static final Schema USER = Schema.object()
 *         .required("id", Schema.string())
 *         .required("roles", Schema.arrayOf(Schema.string()))
 *         .named("User");
 * }</pre>
 *
 * Objects are closed ({@code additionalProperties: false}): the contract test then catches a field
 * the server answers but the document does not describe. {@link #mapOf} is the open kind.
 */
public final class Schema {

    private static final String COMPONENTS = "#/components/schemas/";

    private final String name;
    private final JsonObject json;
    private final List<Schema> uses;

    private Schema(String name, JsonObject json, List<Schema> uses) {
        this.name = name;
        this.json = json;
        this.uses = List.copyOf(uses);
    }

    private static Schema of(JsonObject json, List<Schema> uses) {
        return new Schema(null, json, uses);
    }

    public static Schema string() {
        return of(new JsonObject().put("type", "string"), List.of());
    }

    /** An instant as the API writes it: ISO-8601 in UTC. */
    public static Schema dateTime() {
        return of(new JsonObject().put("type", "string").put("format", "date-time"), List.of());
    }

    public static Schema integer() {
        return of(new JsonObject().put("type", "integer"), List.of());
    }

    public static Schema number() {
        return of(new JsonObject().put("type", "number"), List.of());
    }

    public static Schema bool() {
        return of(new JsonObject().put("type", "boolean"), List.of());
    }

    /** JSON null, as one option of {@link #anyOf}. */
    public static Schema nullValue() {
        return of(new JsonObject().put("type", "null"), List.of());
    }

    /** Any JSON value: a rule's result, a field's value of any type. */
    public static Schema any() {
        return of(new JsonObject(), List.of());
    }

    public static Schema enumOf(String... values) {
        return of(new JsonObject().put("type", "string").put("enum", new JsonArray(List.of((Object[]) values))), List.of());
    }

    /** One of several shapes, e.g. a field value that is text, a number or a boolean. */
    public static Schema anyOf(Schema... options) {
        JsonArray list = new JsonArray();
        List<Schema> uses = new ArrayList<>();
        for (Schema option : options) {
            list.add(option.reference());
            uses.add(option);
        }
        return of(new JsonObject().put("anyOf", list), uses);
    }

    public static Schema arrayOf(Schema items) {
        return of(new JsonObject().put("type", "array").put("items", items.reference()), List.of(items));
    }

    /** An object whose keys are free (field names) and whose values all have one shape. */
    public static Schema mapOf(Schema values) {
        return of(new JsonObject().put("type", "object").put("additionalProperties", values.reference()), List.of(values));
    }

    /** A closed object with no properties yet; add them with {@link #required} and {@link #optional}. */
    public static Schema object() {
        return of(new JsonObject().put("type", "object").put("properties", new JsonObject())
                .put("additionalProperties", false), List.of());
    }

    /** A property that is always present (its value may still be null if its schema is {@link #nullable}). */
    public Schema required(String property, Schema schema) {
        Schema added = optional(property, schema);
        JsonArray required = added.json.getJsonArray("required", new JsonArray()).copy().add(property);
        added.json.put("required", required);
        return added;
    }

    /** A property that may be absent. */
    public Schema optional(String property, Schema schema) {
        if (!json.containsKey("properties") || name != null) {
            throw new IllegalStateException("add properties to an object() schema before naming it");
        }
        JsonObject copy = json.copy();
        copy.getJsonObject("properties").put(property, schema.reference());
        List<Schema> more = new ArrayList<>(uses);
        more.add(schema);
        return new Schema(name, copy, more);
    }

    /** The same schema, also allowing JSON null. */
    public Schema nullable() {
        if (name != null || !json.containsKey("type")) {
            return anyOf(this, nullValue());
        }
        JsonObject copy = json.copy();
        copy.put("type", new JsonArray().add(json.getString("type")).add("null"));
        if (copy.containsKey("enum")) {
            copy.put("enum", copy.getJsonArray("enum").copy().addNull());
        }
        return new Schema(null, copy, uses);
    }

    public Schema description(String text) {
        return with("description", text);
    }

    /** Bounds for an integer (inclusive). */
    public Schema between(long minimum, long maximum) {
        return with("minimum", minimum).with("maximum", maximum);
    }

    /** Bounds for an array's length (inclusive). */
    public Schema itemsBetween(int minimum, int maximum) {
        return with("minItems", minimum).with("maxItems", maximum);
    }

    public Schema maxLength(int length) {
        return with("maxLength", length);
    }

    /** This schema as a named component: {@code #/components/schemas/<name>} wherever it is used. */
    public Schema named(String componentName) {
        if (!componentName.matches("[A-Z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("a component name is a TypeName: " + componentName);
        }
        return new Schema(componentName, json, uses);
    }

    /** A keyword on a named schema annotates this use of it ({@code $ref} with siblings), not the component. */
    private Schema with(String keyword, Object value) {
        if (name != null) {
            return of(reference().put(keyword, value), List.of(this));
        }
        return new Schema(null, json.copy().put(keyword, value), uses);
    }

    /** How this schema appears where it is used: a {@code $ref} if named, else inline. */
    public JsonObject reference() {
        return name == null ? json.copy() : new JsonObject().put("$ref", COMPONENTS + name);
    }

    /** The schema's own body, as its component (if named) holds it. */
    public JsonObject definition() {
        return json.copy();
    }

    public String name() {
        return name;
    }

    /**
     * Every named schema this one reaches, itself included, by name. Two different schemas under
     * one name are a mistake two routes blocks made independently: fail loudly at boot.
     */
    public static Map<String, JsonObject> components(List<Schema> roots) {
        Map<String, JsonObject> found = new LinkedHashMap<>();
        List<Schema> pending = new ArrayList<>(roots);
        while (!pending.isEmpty()) {
            Schema next = pending.removeLast();
            if (next.name != null) {
                JsonObject known = found.putIfAbsent(next.name, next.json);
                if (known != null) {
                    if (!known.equals(next.json)) {
                        throw new IllegalStateException("two different schemas are named " + next.name
                                + ": give one another name, or share one constant");
                    }
                    continue;
                }
            }
            pending.addAll(next.uses);
        }
        return found;
    }
}
