package io.voronka.live;

import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.kernel.access.Authenticator;
import io.voronka.kernel.access.RecordVisibility;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Live updates: the outbox consumer that announces record changes on the clustered event bus, and
 * the server-sent event streams that carry them (and task notices) to each signed-in console, on
 * whichever node it is connected to, filtered by what its user may see.
 */
public final class LiveCapability implements Capability {

    private LiveStreams streams;

    @Override
    public String name() {
        return "live updates";
    }

    @Override
    public List<String> eventConsumers() {
        return List.of(LiveUpdates.CONSUMER);
    }

    @Override
    public void start(Kernel kernel) {
        kernel.consumer(new LiveUpdates(kernel.vertx()));
        RecordVisibility visibility = kernel.require(RecordVisibility.class);
        streams = kernel.closeOnStop(new LiveStreams(kernel.vertx(), kernel.require(Authenticator.class), visibility));
        kernel.routes(streams::register);
    }

    @Override
    public void running(Kernel kernel) {
        try {
            streams.start().toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("live updates could not listen on the event bus: " + e.getCause().getMessage(), e);
        }
    }
}
