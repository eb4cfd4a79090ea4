package io.voronka.kernel.http;

import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import java.util.LinkedHashMap;
import java.util.Map;

/** One API request as a route sees it: the signed-in user, parameters and a JSON body. */
public final class Call {

    private final RoutingContext context;
    private final Actor actor;

    Call(RoutingContext context, Actor actor) {
        this.context = context;
        this.actor = actor;
    }

    public Actor actor() {
        return actor;
    }

    /** The acting user's name as history records it. */
    public String actorName() {
        return actor == null ? "anonymous" : actor.username();
    }

    public String path(String name) {
        return context.pathParam(name);
    }

    public String query(String name) {
        return queryParams().get(name);
    }

    /** Every query parameter except the named ones, for free-form filters. */
    public Map<String, String> queryExcept(String... names) {
        Map<String, String> result = new LinkedHashMap<>();
        queryParams().forEach((k, v) -> result.put(k, v));
        for (String n : names) {
            result.remove(n);
        }
        return result;
    }

    /** Vert.x decodes the query lazily and throws on a broken escape such as {@code %zz}: the client's fault. */
    private MultiMap queryParams() {
        try {
            return context.queryParams();
        } catch (IllegalArgumentException | HttpException e) {
            throw DomainError.malformed("query", "encoding", Message.of("problem.query.encoding"));
        }
    }

    /** An integer query parameter within bounds, or a 400 naming it. */
    public int intQuery(String name, int fallback, int min, int max) {
        String raw = query(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw DomainError.malformed(name, "range", Message.of("problem.query.range", min, max));
            }
            return value;
        } catch (NumberFormatException e) {
            throw DomainError.malformed(name, "type", Message.of("field.number"));
        }
    }

    /** The request body as a JSON object, or a 400 that says why it is not one. */
    public JsonObject body() {
        String type = header("Content-Type");
        if (type != null && JsonOnly.isXml(type)) {
            throw new HttpException(415);
        }
        String text = context.body() == null ? null : context.body().asString();
        if (text == null || text.isBlank()) {
            throw DomainError.malformed("body", "required", Message.of("problem.body.json.required"));
        }
        try {
            Object parsed = io.vertx.core.json.Json.decodeValue(text);
            if (parsed instanceof JsonObject object) {
                return object;
            }
        } catch (DecodeException e) {
            throw DomainError.malformed("body", "json", Message.of("problem.body.json"));
        }
        throw DomainError.malformed("body", "type", Message.of("problem.body.json.object"));
    }

    /** An XML document body (Content-Type application/xml, text/xml or *+xml, or none), or a 415/400 saying why not. */
    public String xmlBody() {
        String type = header("Content-Type");
        if (type != null && !JsonOnly.isXml(type)) {
            throw new HttpException(415);
        }
        String text = context.body() == null ? null : context.body().asString();
        if (text == null || text.isBlank()) {
            throw DomainError.malformed("body", "required", Message.of("problem.body.xml.required"));
        }
        return text;
    }

    /** The files a multipart request carried (see {@code Api.Route#uploads}); none for any other request. */
    public java.util.List<Upload> uploads() {
        return context.fileUploads().stream().map(u -> new Upload(u.name(), u.fileName(), u.contentType(), u.size(),
                java.nio.file.Path.of(u.uploadedFileName()))).toList();
    }

    /**
     * An XML document body as the exact bytes sent (a model is stored byte for byte), or a 415/400
     * saying why not.
     */
    public byte[] xmlBytes() {
        String type = header("Content-Type");
        if (type != null && !JsonOnly.isXml(type)) {
            throw new HttpException(415);
        }
        byte[] bytes = context.body() == null || context.body().buffer() == null ? new byte[0]
                : context.body().buffer().getBytes();
        if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw DomainError.malformed("body", "required", Message.of("problem.body.xml.required"));
        }
        return bytes;
    }

    /** The peer's address. Forwarded headers are not trusted: anyone can write them. */
    public String clientAddress() {
        return context.request().remoteAddress() == null ? null : context.request().remoteAddress().hostAddress();
    }

    public String header(String name) {
        return context.request().getHeader(name);
    }

    /** The language the reader asked for (Accept-Language), for words put in a successful answer. */
    public java.util.Locale language() {
        return Languages.of(context);
    }

    public String bearerToken() {
        return Api.bearer(context);
    }
}
