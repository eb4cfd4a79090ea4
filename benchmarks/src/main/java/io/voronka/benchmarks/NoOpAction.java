package io.voronka.benchmarks;

import io.vertx.core.Future;
import io.voronka.plugin.api.Action;
import io.voronka.plugin.api.ActionContext;
import io.voronka.plugin.api.ActionDefinition;
import io.voronka.plugin.api.Input;

/**
 * A plugin action that answers at once, with no I/O, so that a plugin step measures only what the
 * engine does around a call: journal, job, resumption. Found through {@code META-INF/services} like
 * any shipped plugin, because the benchmark jar is on the node's class path.
 */
@ActionDefinition(
        id = "bench.noop",
        label = "Do nothing",
        description = "Answers with its reference at once; for the async steps benchmark.",
        group = "Benchmark",
        input = NoOpAction.Request.class)
public final class NoOpAction implements Action<NoOpAction.Request, NoOpAction.Answer> {

    public record Request(@Input(label = "Reference", required = true) String reference) {
    }

    public record Answer(String reference) {
    }

    @Override
    public Future<Answer> execute(Request request, ActionContext context) {
        return Future.succeededFuture(new Answer(request.reference()));
    }
}
