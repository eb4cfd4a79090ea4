package io.voronka.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a real answer against the OpenAPI document the server publishes: the route and status
 * must be declared, the media type must match, and the body must validate against the declared
 * JSON Schema (2020-12, with formats such as date-time asserted).
 */
public final class ContractCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final JsonObject document;
    private final List<String> violations = new ArrayList<>();
    private int checked;

    public ContractCheck(JsonObject document) {
        this.document = document;
    }

    /**
     * Checks one exchange: the answer always, and the request body when the server accepted it
     * (a 2xx), so a request schema stricter than the server is caught too.
     */
    public ApiClient.Response check(String method, String path, Object requestBody, ApiClient.Response response) {
        if (requestBody != null && response.status() < 300) {
            template(path).map(t -> document.getJsonObject("paths").getJsonObject(t)
                            .getJsonObject(method.toLowerCase(Locale.ROOT)))
                    .map(op -> op.getJsonObject("requestBody"))
                    .ifPresentOrElse(body -> validate(body.getJsonObject("content").getJsonObject("application/json")
                                    .getJsonObject("schema"), requestBody.toString())
                                    .forEach(e -> violations.add(method + " " + path + " request: "
                                            + e.getInstanceLocation() + " " + e.getMessage())),
                            () -> violations.add(method + " " + path + ": accepted a body the document does not declare"));
        }
        return check(method, path, response);
    }

    /** Checks one answer to {@code method path} and notes what disagrees with the document. */
    public ApiClient.Response check(String method, String path, ApiClient.Response response) {
        checked++;
        String where = method + " " + path + " -> " + response.status();
        Optional<String> template = template(path);
        JsonObject operation = template.map(t -> document.getJsonObject("paths").getJsonObject(t)
                .getJsonObject(method.toLowerCase(Locale.ROOT))).orElse(null);
        if (operation == null) {
            violations.add(where + ": the document has no such route");
            return response;
        }
        JsonObject declared = operation.getJsonObject("responses").getJsonObject(String.valueOf(response.status()));
        if (declared == null) {
            violations.add(where + ": status " + response.status() + " is not declared for " + template.get());
            return response;
        }
        if (declared.containsKey("$ref")) {
            String name = declared.getString("$ref").substring("#/components/responses/".length());
            declared = document.getJsonObject("components").getJsonObject("responses").getJsonObject(name);
        }
        JsonObject content = declared.getJsonObject("content");
        if (content == null) {
            if (!response.body().isEmpty()) {
                violations.add(where + ": declared without a body, answered " + response.body());
            }
            return response;
        }
        String mediaType = response.contentType().split(";")[0].trim();
        JsonObject media = content.getJsonObject(mediaType);
        if (media == null) {
            violations.add(where + ": answered " + mediaType + ", declared " + content.fieldNames());
            return response;
        }
        for (Error error : validate(media.getJsonObject("schema"), response.body())) {
            violations.add(where + ": " + error.getInstanceLocation() + " " + error.getMessage() + " in " + abbreviate(response.body()));
        }
        return response;
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    public int checked() {
        return checked;
    }

    /** What is wrong with {@code body} as an instance of the document's component schema {@code name}; empty when it fits. */
    public List<String> violationsOf(String name, String body) {
        JsonObject schema = new JsonObject().put("$ref", "#/components/schemas/" + name);
        return validate(schema, body).stream().map(e -> e.getInstanceLocation() + " " + e.getMessage()).toList();
    }

    /** The response schema validated as a root whose {@code #/components/...} refs find the document's. */
    private List<Error> validate(JsonObject schema, String body) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(schema.encode());
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.set("components", JSON.readTree(document.getJsonObject("components").encode()));
            Schema validator = SCHEMAS.getSchema(root);
            JsonNode instance = JSON.readTree(body);
            return validator.validate(instance, context -> context.executionConfig(c -> c.formatAssertionsEnabled(true)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    /** The document's path template that matches a concrete path; literal segments win over parameters. */
    private Optional<String> template(String path) {
        String bare = path.split("\\?")[0];
        return document.getJsonObject("paths").fieldNames().stream()
                .filter(t -> Pattern.compile("^" + t.replaceAll("\\{[^}]+}", "[^/]+") + "$").matcher(bare).matches())
                .min(Comparator.comparingLong(t -> t.chars().filter(ch -> ch == '{').count()));
    }
}
