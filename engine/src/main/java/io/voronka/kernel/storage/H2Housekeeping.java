package io.voronka.kernel.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded database's file upkeep, done by us because H2 stops doing it. With WRITE_DELAY=0
 * (each commit in the file before it returns, see VoronkaConfig) H2 runs no background writer, and
 * that writer is also what rewrites half-dead chunks and moves chunks together. Without it every
 * commit appends a chunk, the pages it replaced stay in older chunks that are never rewritten, and
 * the file only grows: 10,000 commits of ten new rows made 1.36 GB (15 MB once closed), and a
 * million contacts with three million deals left 46 GB.
 * <p>
 * Every second this rewrites the live pages of mostly dead chunks older than H2's retention
 * time (their space is then reused) and moves chunks together when the file is mostly holes, a
 * bounded amount each time, through the MVStore's own compaction. H2's own writer does the same
 * when it runs; with a lazy URL (WRITE_DELAY above 0) this does nothing.
 */
final class H2Housekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);
    /** Below this share of live data, chunks are rewritten and the file is compacted (H2's own default is 90, 81 when busy). */
    private static final int TARGET_FILL_RATE = 80;
    /** At most this much is rewritten or moved per round, so a round never stalls commits for long. */
    private static final int BYTES_PER_ROUND = 16 << 20;
    private static final long PERIOD_MILLIS = 1_000;

    private final DataSource dataSource;
    private final ScheduledExecutorService timer;
    private MVStore store;

    private H2Housekeeping(DataSource dataSource) {
        this.dataSource = dataSource;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("h2-housekeeping").daemon().factory());
    }

    /** Starts the upkeep of the H2 database behind {@code dataSource}. */
    static H2Housekeeping start(DataSource dataSource) {
        H2Housekeeping housekeeping = new H2Housekeeping(dataSource);
        housekeeping.timer.scheduleWithFixedDelay(housekeeping::round, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return housekeeping;
    }

    /** One round: rewrite mostly dead chunks, then move chunks together if the file is mostly holes. */
    void round() {
        try {
            MVStore mv = store();
            if (mv == null || mv.getAutoCommitDelay() > 0 || !(mv.getFileStore() instanceof RandomAccessStore file)) {
                return;
            }
            if (file.getChunksFillRate() < TARGET_FILL_RATE) {
                mv.compact(TARGET_FILL_RATE, BYTES_PER_ROUND);
            }
            if (file.getFillRate() < TARGET_FILL_RATE) {
                file.compactMoveChunks(TARGET_FILL_RATE, BYTES_PER_ROUND, mv);
            }
        } catch (MVStoreException | IllegalStateException e) {
            // The database is closing (the pool shuts down first): the next round finds a new store or none.
            store = null;
            LOG.debug("H2 housekeeping skipped a round: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("H2 housekeeping failed a round", e);
        }
    }

    /** The store of the open database, found through a pooled connection that is returned at once. */
    private MVStore store() {
        if (store != null && !store.isClosed()) {
            return store;
        }
        try (Connection connection = dataSource.getConnection()) {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            var h2Store = session.getDatabase().getStore();
            store = h2Store == null ? null : h2Store.getMvStore();
            return store;
        } catch (SQLException e) {
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
