package io.voronka.kernel.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Prometheus metrics, which name routes, pools and load: not for everyone. On the main port they
 * answer only to {@code Authorization: Bearer <metrics.token>}; on the management port (bound to
 * loopback unless told otherwise) the token is asked for only when one is configured.
 */
public final class MetricsEndpoint {

    private final Vertx vertx;
    private final PrometheusMeterRegistry metrics;
    private final byte[] tokenDigest;

    public MetricsEndpoint(Vertx vertx, PrometheusMeterRegistry metrics, String token) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.tokenDigest = token == null ? null : sha256(token);
    }

    public void register(Router router) {
        router.get("/metrics").handler(this::scrape);
    }

    private void scrape(RoutingContext ctx) {
        if (tokenDigest != null && !tokenMatches(ctx.request().getHeader("Authorization"))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
            Problems.write(ctx, 401, "Unauthorized", "send Authorization: Bearer <metrics.token>", java.util.List.of());
            return;
        }
        vertx.executeBlocking(metrics::scrape, false)
                .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text))
                .onFailure(ctx::fail);
    }

    /** Compares digests in constant time, so the answer's timing tells nothing about the token. */
    private boolean tokenMatches(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).trim()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
