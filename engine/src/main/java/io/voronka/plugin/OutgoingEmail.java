package io.voronka.plugin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.voronka.plugin.api.ActionContext;
import io.voronka.plugin.api.ActionFailure;
import io.voronka.plugin.api.IdempotencyKey;
import io.voronka.plugin.api.PluginConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Lets a core capability (reminders) send one email through the email plugin the operator
 * configured for process steps ({@code email.send}, keys {@code plugin.email.*}): same SMTP server,
 * same sender, same pooled client, same split of permanent and transient failures. Email counts as
 * configured when that action is on the class path and {@code plugin.email.smtp.host} is set.
 *
 * <p>A send outside a process has no step to key it; the caller names what it sends about instead
 * ({@code reminder:<id>}), and the plugin derives the Message-ID from that, so every attempt for
 * the same thing carries the same Message-ID.
 */
public final class OutgoingEmail {

    public static final String ACTION = "email.send";
    private static final String PLUGIN = "email";

    /** What became of one send: accepted by the server, refused for good, or worth trying again. */
    public enum Outcome { SENT, REJECTED, FAILED }

    /** The outcome, and for the last two the server's or the network's words. */
    public record Result(Outcome outcome, String detail) {
    }

    private final PluginHost host;
    private final Vertx vertx;

    public OutgoingEmail(PluginHost host, Vertx vertx) {
        this.host = host;
        this.vertx = vertx;
    }

    public boolean configured() {
        return host.find(ACTION).isPresent() && host.configFor(PLUGIN).get("smtp.host").filter(h -> !h.isBlank()).isPresent();
    }

    /**
     * Sends a plain-text email; {@code about} (e.g. {@code reminder:<id>}) keys its Message-ID. The
     * future never fails: what went wrong is in the result.
     */
    public Future<Result> send(String about, String to, String subject, String body) {
        Optional<ActionBinding> binding = host.find(ACTION);
        if (binding.isEmpty() || !configured()) {
            return Future.succeededFuture(new Result(Outcome.FAILED, "email is not configured on this node"));
        }
        IdempotencyKey key = new IdempotencyKey(about, "email", about, 0);
        PluginConfig config = host.configFor(PLUGIN);
        ActionContext context = new CallContext(key, config, vertx);
        Future<Object> sent;
        try {
            Record input = InputBinder.bind(binding.get().definition().input(),
                    Map.of("to", to, "subject", subject, "body", body));
            sent = binding.get().action().execute(input, context);
        } catch (InputBinder.InvalidInput e) {
            // The address or subject the plugin would refuse: no retry makes them valid.
            return Future.succeededFuture(new Result(Outcome.REJECTED, e.getMessage()));
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        return sent.map(answer -> new Result(Outcome.SENT, null))
                .otherwise(error -> error instanceof ActionFailure failure && failure.kind() == ActionFailure.Kind.BUSINESS
                        ? new Result(Outcome.REJECTED, failure.getMessage())
                        : new Result(Outcome.FAILED, error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage()));
    }
}
