package io.voronka.kernel.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the OpenAPI 3.1 document from the routes the server actually registered. */
public final class OpenApi {

    private static final Pattern PARAM = Pattern.compile(":([A-Za-z0-9_]+)");

    private OpenApi() {
    }

    public static JsonObject document(List<Api.Doc> docs, String version) {
        JsonObject paths = new JsonObject();
        for (Api.Doc doc : docs) {
            String path = PARAM.matcher(doc.path()).replaceAll("{$1}");
            JsonObject item = paths.getJsonObject(path);
            if (item == null) {
                item = new JsonObject();
                paths.put(path, item);
            }
            item.put(doc.method().name().toLowerCase(Locale.ROOT), operation(doc));
        }
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", "Voronka API").put("version", version)
                        .put("description", "CRM records, processes and tasks. Errors are RFC 9457 problem+json."))
                .put("paths", paths)
                .put("components", new JsonObject()
                        .put("securitySchemes", new JsonObject().put("bearer",
                                new JsonObject().put("type", "http").put("scheme", "bearer")))
                        .put("schemas", new JsonObject().put("Problem", problemSchema())));
    }

    private static JsonObject operation(Api.Doc doc) {
        JsonObject op = new JsonObject()
                .put("summary", doc.summary())
                .put("tags", new JsonArray().add(doc.tag()))
                .put("operationId", doc.method().name().toLowerCase(Locale.ROOT) + doc.path().replaceAll("[^A-Za-z0-9]+", "_"));
        JsonArray parameters = new JsonArray();
        Matcher m = PARAM.matcher(doc.path());
        while (m.find()) {
            parameters.add(new JsonObject().put("name", m.group(1)).put("in", "path").put("required", true)
                    .put("schema", new JsonObject().put("type", "string")));
        }
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        if (doc.requestSchema() != null) {
            op.put("requestBody", new JsonObject().put("required", true).put("content",
                    new JsonObject().put("application/json", new JsonObject().put("schema", doc.requestSchema()))));
        }
        if (doc.access() != Access.PUBLIC) {
            op.put("security", new JsonArray().add(new JsonObject().put("bearer", new JsonArray())));
        }
        JsonObject problem = new JsonObject().put("description", "Problem").put("content",
                new JsonObject().put("application/problem+json",
                        new JsonObject().put("schema", new JsonObject().put("$ref", "#/components/schemas/Problem"))));
        JsonObject success = new JsonObject().put("description", "Success");
        if (doc.stream()) {
            // Server-sent events: the answer never ends on its own; clients read it as it comes.
            success.put("content", new JsonObject().put("text/event-stream",
                    new JsonObject().put("schema", new JsonObject().put("type", "string"))));
            op.put("x-stream", true);
        }
        op.put("responses", new JsonObject()
                .put(String.valueOf(doc.successStatus()), success)
                .put("default", problem));
        return op;
    }

    private static JsonObject problemSchema() {
        JsonObject error = new JsonObject().put("type", "object").put("properties", new JsonObject()
                .put("field", new JsonObject().put("type", "string"))
                .put("rule", new JsonObject().put("type", "string"))
                .put("message", new JsonObject().put("type", "string")));
        return new JsonObject().put("type", "object").put("properties", new JsonObject()
                .put("type", new JsonObject().put("type", "string"))
                .put("title", new JsonObject().put("type", "string"))
                .put("status", new JsonObject().put("type", "integer"))
                .put("detail", new JsonObject().put("type", "string"))
                .put("instance", new JsonObject().put("type", "string"))
                .put("errors", new JsonObject().put("type", "array").put("items", error)));
    }

    /** Small helper for request schemas: an object with the given required properties. */
    public static JsonObject object(String... required) {
        JsonObject props = new JsonObject();
        for (String name : required) {
            props.put(name, new JsonObject());
        }
        return new JsonObject().put("type", "object").put("properties", props)
                .put("required", new JsonArray(List.of((Object[]) required)));
    }
}
