package io.voronka.bulk;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's job runner: looks for a job without a live runner every second, or at once when one
 * is queued on this node, and runs it; on stop it finishes its step and gives its job up, so
 * another node goes on with it without waiting for the lease.
 */
final class BulkJobLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulkJobLoop.class);

    private final BulkRunner runner;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running = true;
    private Thread thread;

    BulkJobLoop(BulkRunner runner) {
        this.runner = runner;
        runner.stopWhen(() -> !running);
    }

    void start() {
        thread = Thread.ofVirtual().name("bulk-jobs").start(this::loop);
    }

    void wake() {
        wakeUp.release();
    }

    private void loop() {
        while (running) {
            boolean worked = false;
            try {
                worked = runner.runOne();
            } catch (RuntimeException e) {
                LOG.warn("a bulk job step keeps failing; its lease runs out and a runner tries again: {}", e.toString());
            }
            if (!worked) {
                try {
                    wakeUp.tryAcquire(1, TimeUnit.SECONDS);
                    wakeUp.drainPermits();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        wakeUp.release();
        if (thread != null) {
            thread.join(30_000); // not interrupted: an interrupted H2 commit closes the database file
        }
        runner.release();
    }
}
