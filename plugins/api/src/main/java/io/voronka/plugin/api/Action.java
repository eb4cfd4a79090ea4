package io.voronka.plugin.api;

import io.vertx.core.Future;

/**
 * One thing a process can ask an integration to do: send an email, take a payment, book a courier.
 *
 * <p>An action is a single class. Its input is a Java record whose components carry {@link Input}
 * annotations; the engine builds the designer's form and validates values from those annotations,
 * so the integrator writes no UI and no parsing. The engine may call {@code execute} again for the
 * same step after a crash or a retry; {@link ActionContext#idempotencyKey()} is the same on every
 * such call and should be passed to providers that accept one.
 *
 * @param <I> the input record
 * @param <O> the output, stored in the process as the step's result
 */
@FunctionalInterface
public interface Action<I extends Record, O> {

    Future<O> execute(I input, ActionContext context);
}
