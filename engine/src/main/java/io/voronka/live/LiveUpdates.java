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
 * costs one extra read. Changes made through {@link io.voronka.kernel.event.InlineReactions} (an
 * HTTP create or update) are announced right after their commit instead, with no delivery: a
 * crash in between loses the hint, never the change.
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

    /** A notice is a hint: one lost to a crash right after the commit costs a reader nothing it cannot read again. */
    @Override
    public boolean reactsAfterCommit() {
        return true;
    }

    @Override
    public void handle(Connection connection, RecordEvent event) {
        vertx.eventBus().publish(LiveNotice.ADDRESS, LiveNotice.of(event));
    }
}
