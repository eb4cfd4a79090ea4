package io.voronka.kernel.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every answer carries, set before any route runs and settled just before the headers
 * leave: no framing, no sniffing, no referrer, a content policy that allows only our own scripts,
 * and caching that fits what is sent. API answers are never stored (a sign-in answer holds a
 * token); the console's hashed assets never change under their name, so they are cached for
 * good, while {@code index.html} is revalidated so a new release shows at the next load.
 */
public final class SecurityHeaders {

    // Inline styles stay allowed: React and the charts set style attributes. Scripts come only from us.
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private SecurityHeaders() {
    }

    public static void apply(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin");
        // The raw path: normalizing it decodes escapes, and a broken one ("%zz") would throw here.
        String path = ctx.request().path();
        response.headersEndHandler(v -> response.putHeader("Cache-Control", cacheControl(path, response.getStatusCode())));
        ctx.next();
    }

    static String cacheControl(String path, int status) {
        if ((status == 200 || status == 304) && path.startsWith("/assets/")) {
            return IMMUTABLE;
        }
        if (path.startsWith("/api/") || path.startsWith("/health/") || path.equals("/metrics") || status >= 400) {
            return "no-store";
        }
        return "no-cache";
    }
}
