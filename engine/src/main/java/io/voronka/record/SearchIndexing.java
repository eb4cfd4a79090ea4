package io.voronka.record;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps search terms complete in the background: once at start, then every ten seconds (an admin
 * may have made another field searchable on any node), {@link SearchBackfill} indexes what lacks
 * terms. A check of an entity that is up to date is one read of its progress row.
 */
final class SearchIndexing implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexing.class);
    private static final long PERIOD_MILLIS = 10_000;

    private final SearchBackfill backfill;
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private Thread thread;

    SearchIndexing(SearchBackfill backfill) {
        this.backfill = backfill;
    }

    void start() {
        thread = Thread.ofVirtual().name("search-indexing").start(this::loop);
    }

    private void loop() {
        try {
            do {
                try {
                    backfill.run(() -> stopped.getCount() > 0);
                } catch (RuntimeException e) {
                    if (stopped.getCount() > 0) {
                        LOG.warn("search terms could not be brought up to date, trying again shortly: {}", e.getMessage());
                    }
                }
            } while (!stopped.await(PERIOD_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped.countDown();
        if (thread != null) {
            // Not interrupted: an interrupted H2 commit would close the database file (see architecture.md);
            // a batch in progress finishes, the loop then sees the stop.
            thread.join(30_000);
        }
    }
}
