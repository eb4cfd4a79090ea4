package io.voronka.live;

import io.vertx.core.Vertx;
import io.voronka.kernel.event.EventConsumer;
import io.voronka.kernel.event.LiveNotice;
import io.voronka.kernel.event.RecordEvent;
import java.sql.Connection;

/**
 * The event consumer behind live updates: the node that claims an event's delivery publishes a
 * change notice on the clustered event bus, so every node hears of it once, whichever node made the
 * change. A notice is a hint to read again; sent twice (a commit that failed after publishing) it
 * costs one extra read.
 */
public final class LiveUpdates implements EventConsumer {

    public static final String CONSUMER = "live-updates";

    private final Vertx vertx;

    public LiveUpdates(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public String name() {
        return CONSUMER;
    }

    @Override
    public void handle(Connection connection, RecordEvent event) {
        vertx.eventBus().publish(LiveNotice.ADDRESS, LiveNotice.of(event));
    }
}
