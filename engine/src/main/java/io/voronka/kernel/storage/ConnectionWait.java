package io.voronka.kernel.storage;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * How long the current thread may wait for a pooled connection. A client waiting on an HTTP
 * request is better served by a quick 503 than by a request that hangs while the pool is busy, so
 * request handlers run {@link #brief}; background work (Flowable's executor, the dispatcher) keeps
 * the pool's patient default, because for it a failed wait means a failed job.
 */
public final class ConnectionWait {

    public static final Duration REQUEST = Duration.ofSeconds(2);

    private static final ThreadLocal<Duration> CURRENT = new ThreadLocal<>();

    private ConnectionWait() {
    }

    /** Runs work whose connection waits are bounded by {@link #REQUEST}. */
    public static <T> T brief(Callable<T> work) throws Exception {
        Duration outer = CURRENT.get();
        CURRENT.set(REQUEST);
        try {
            return work.call();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** Whether this thread serves a request, whose connection waits are brief. */
    public static boolean isBrief() {
        return CURRENT.get() != null;
    }

    /** The bound for this thread, or null for the pool's default. */
    static Duration current() {
        return CURRENT.get();
    }
}
