package io.voronka.kernel.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * The API reads JSON, and XML where a route takes a document (BPMN). A form or multipart body would
 * otherwise be decoded by Vert.x's body handler (which fails on a GET with such a type), so any other
 * declared body type answers 415 before the body is read; a JSON route given XML answers 415 from
 * {@link Call#body()}.
 */
public final class JsonOnly {

    private JsonOnly() {
    }

    /** Set by a multipart route's own body handler (see {@code Api.Route#uploads}): its body is read already. */
    static final String UPLOAD = "voronka.upload";

    public static void check(RoutingContext ctx) {
        if (ctx.get(UPLOAD) != null) {
            ctx.next();
            return;
        }
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || isJson(type) || isXml(type) || !(hasBody(ctx) || isForm(type))) {
            ctx.next();
            return;
        }
        Problems.status(ctx, 415);
    }

    private static boolean isJson(String type) {
        String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.endsWith("+json");
    }

    static boolean isXml(String type) {
        String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return media.equals("application/xml") || media.equals("text/xml") || media.endsWith("+xml");
    }

    private static boolean isForm(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.contains("multipart/") || lower.contains("application/x-www-form-urlencoded");
    }

    private static boolean hasBody(RoutingContext ctx) {
        String length = ctx.request().getHeader("Content-Length");
        return ctx.request().getHeader("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
    }
}
