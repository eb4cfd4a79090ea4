package io.voronka.kernel.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A nudge from a writer to the event consumers on this node: an outbox event just committed, look
 * now. Consumers poll anyway, so a lost nudge only costs latency; this is what lets the record
 * capability wake the process capability without knowing it exists.
 */
public final class OutboxSignal {

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void listen(Runnable listener) {
        listeners.add(listener);
    }

    public void written() {
        listeners.forEach(Runnable::run);
    }
}
