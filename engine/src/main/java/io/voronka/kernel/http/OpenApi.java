package io.voronka.kernel.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the OpenAPI 3.1 document from the routes the server actually registered, with the
 * schemas each routes block declared. The same document is checked in as {@code docs/openapi.json}
 * and the console's types are generated from it.
 */
public final class OpenApi {

    private static final Pattern PARAM = Pattern.compile(":([A-Za-z0-9_]+)");
    private static final String PROBLEM_JSON = "application/problem+json";
    /** A problem status as one entry of components/responses, which operations list by {@code $ref}. */
    private record ProblemAnswer(String name, String description) {
    }

    private static final Map<Integer, ProblemAnswer> PROBLEMS = Map.of(
            400, new ProblemAnswer("BadRequest", "Malformed body or query; errors[] names the field"),
            401, new ProblemAnswer("Unauthorized", "Not signed in, or the token is unknown or expired"),
            403, new ProblemAnswer("Forbidden", "The caller's role may not do this"),
            404, new ProblemAnswer("NotFound", "No such thing, or not the caller's to see"),
            409, new ProblemAnswer("Conflict", "A stale version, a taken name, or something still linked"),
            422, new ProblemAnswer("Invalid", "Well-formed input that breaks a rule; errors[] names each field and rule"),
            413, new ProblemAnswer("TooLarge", "Larger than the limit; errors[] names the field"),
            415, new ProblemAnswer("UnsupportedType", "A body or an upload of a type not accepted; errors[] names the field"),
            429, new ProblemAnswer("TooManyRequests", "Too many failed sign-ins; wait Retry-After seconds"),
            503, new ProblemAnswer("Unavailable",
                    "No free database connection in time; nothing changed, send it again after Retry-After"));
    private static final ProblemAnswer ANY_PROBLEM =
            new ProblemAnswer("Problem", "Any other problem; a server fault answers 500 with an incident id");

    private OpenApi() {
    }

    /** Serves the document of every route registered on {@code api}, this one included. */
    public static void register(Api api, String version) {
        api.route(HttpMethod.GET, "/api/v1/openapi.json").tag("meta").summary("This document")
                .answers(Schema.mapOf(Schema.any()).description("OpenAPI 3.1"))
                .signedIn(call -> Reply.ok(document(api.docs(), version)));
    }

    public static JsonObject document(List<Api.Doc> docs, String version) {
        JsonObject paths = new JsonObject();
        List<Schema> used = new ArrayList<>(List.of(Problems.PROBLEM));
        for (Api.Doc doc : docs) {
            String path = PARAM.matcher(doc.path()).replaceAll("{$1}");
            JsonObject item = paths.getJsonObject(path);
            if (item == null) {
                item = new JsonObject();
                paths.put(path, item);
            }
            item.put(doc.method().name().toLowerCase(Locale.ROOT), operation(doc));
            if (doc.request() != null) {
                used.add(doc.request());
            }
            if (doc.response() != null) {
                used.add(doc.response());
            }
            doc.query().forEach(q -> used.add(q.schema()));
        }
        JsonObject schemas = new JsonObject();
        new TreeMap<>(Schema.components(used)).forEach(schemas::put);
        JsonObject responses = new JsonObject();
        docs.stream().flatMap(doc -> problems(doc).stream()).distinct().sorted().map(PROBLEMS::get)
                .forEach(p -> responses.put(p.name(), problem(p.description())));
        responses.put(ANY_PROBLEM.name(), problem(ANY_PROBLEM.description()));
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", "Voronka API").put("version", version)
                        .put("description", "CRM records, processes and tasks. Errors are RFC 9457 problem+json."))
                .put("paths", paths)
                .put("components", new JsonObject()
                        .put("securitySchemes", new JsonObject().put("bearer",
                                new JsonObject().put("type", "http").put("scheme", "bearer")))
                        .put("schemas", schemas)
                        .put("responses", responses));
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
        doc.query().forEach(q -> parameters.add(new JsonObject().put("name", q.name()).put("in", "query")
                .put("required", q.required()).put("schema", q.schema().reference())));
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        if (doc.request() != null) {
            op.put("requestBody", new JsonObject().put("required", true).put("content",
                    new JsonObject().put(doc.requestType(), new JsonObject().put("schema", doc.request().reference()))));
        }
        if (doc.access() != Access.PUBLIC) {
            op.put("security", new JsonArray().add(new JsonObject().put("bearer", new JsonArray())));
        }
        JsonObject success = new JsonObject().put("description", "Success");
        if (doc.response() != null) {
            success.put("content", new JsonObject().put(doc.responseType(),
                    new JsonObject().put("schema", doc.response().reference())));
        }
        if (doc.stream()) {
            // Server-sent events: the answer never ends on its own; clients read it as it comes.
            op.put("x-stream", true);
        }
        JsonObject responses = new JsonObject().put(String.valueOf(doc.successStatus()), success);
        for (int status : problems(doc)) {
            responses.put(String.valueOf(status), responseRef(PROBLEMS.get(status)));
        }
        responses.put("default", responseRef(ANY_PROBLEM));
        op.put("responses", responses);
        return op;
    }

    /** The problems a route can answer: those its shape implies, and those it declared ({@link Api.Route#fails}). */
    static Set<Integer> problems(Api.Doc doc) {
        Set<Integer> statuses = new TreeSet<>(doc.problems());
        if (doc.request() != null || !doc.query().isEmpty()) {
            statuses.add(400);
        }
        if (doc.request() != null) {
            statuses.add(422);
        }
        if (doc.access() != Access.PUBLIC) {
            statuses.add(401);
        }
        if (doc.access() == Access.ADMIN) {
            statuses.add(403);
        }
        if (PARAM.matcher(doc.path()).find()) {
            statuses.add(404);
        }
        statuses.add(503);
        return statuses;
    }

    private static JsonObject responseRef(ProblemAnswer answer) {
        return new JsonObject().put("$ref", "#/components/responses/" + answer.name());
    }

    static boolean describes(int status) {
        return PROBLEMS.containsKey(status);
    }

    private static JsonObject problem(String description) {
        return new JsonObject().put("description", description).put("content", new JsonObject().put(PROBLEM_JSON,
                new JsonObject().put("schema", Problems.PROBLEM.reference())));
    }

    /**
     * @deprecated names without types, from before request bodies had schemas; declare the body
     * with {@link Schema#object()} instead. The contract test lists the routes still using this.
     */
    @Deprecated
    public static JsonObject object(String... required) {
        JsonObject props = new JsonObject();
        for (String name : required) {
            props.put(name, new JsonObject());
        }
        return new JsonObject().put("type", "object").put("properties", props)
                .put("required", new JsonArray(List.of((Object[]) required)));
    }
}
