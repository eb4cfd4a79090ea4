package io.voronka.kernel.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.db.Store;

/**
 * Durable commits on the embedded database, written together when they come together.
 *
 * <p>With WRITE_DELAY=0 (see VoronkaConfig) H2 writes the whole store to its file at the end of
 * every transaction that changed something: every changed page of every table and index, and the
 * path from each to its root, serialised under one lock. Four request threads then each write a
 * chunk of their own, one after the other, although each chunk holds the others' pages as well:
 * 55% of the node's CPU in LeadIntakeBenchmark went to those writes.
 *
 * <p>Here H2 is told not to write on its own at the end of a transaction (an auto-commit delay
 * below zero: no background writer either), and each commit that changed something waits, before
 * it returns to its caller, until a write that began after it has reached the file. Commits that
 * arrive while a write is under way wait for the next one together, and the first of them writes
 * for all. A commit still returns only once it is in the file, so a killed process loses nothing
 * it acknowledged, as with H2's own per-commit write (neither forces the file to the disk).
 *
 * <p>Only commits made through the pool's connections wait ({@link DeferredAutoCommit}); they are
 * all the node makes. A database whose delay is not zero when the pool starts was asked to write
 * lazily (WRITE_DELAY set in the URL, or {@code db.h2.durable=false}) and is left alone.
 */
final class H2GroupCommit {

    /** What H2's writes take the place of: none on its own, at transaction end or in the background. */
    private static final int NO_WRITES_OF_ITS_OWN = -1;

    /** Serialises the waiting commits, so that each looks again whether the write before it covered it. */
    private final ReentrantLock writer = new ReentrantLock(true);

    /**
     * Takes over the writes of the H2 database behind {@code pool} if H2 was told to write each
     * commit at once; null (nothing to wait for) when it writes lazily. Called before the pool
     * hands out its first connection, so every commit made through the pool waits.
     */
    static H2GroupCommit start(DataSource pool) {
        try (Connection connection = pool.getConnection()) {
            MVStore store = store(connection.unwrap(JdbcConnection.class));
            if (store == null || store.getAutoCommitDelay() != 0) {
                return null;
            }
            store.setAutoCommitDelay(NO_WRITES_OF_ITS_OWN);
            return new H2GroupCommit();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** True when the transaction open on {@code connection} (a driver connection) changed something. */
    static boolean changing(Connection connection) throws SQLException {
        return session(connection).hasPendingTransaction();
    }

    /**
     * Takes the writes over again if a new connection gave them back: H2 runs the URL's
     * WRITE_DELAY=0 as a SET on every connection it opens, for the whole database. Called as each
     * connection leaves the pool. Until then commits write themselves at once, as H2 does without
     * this class; and {@link #awaitWritten} does not trust the setting, so a commit made while it
     * changes still waits for its write.
     */
    void holdWrites(Connection connection) throws SQLException {
        MVStore store = store(connection);
        if (store != null && store.getAutoCommitDelay() == 0) {
            store.setAutoCommitDelay(NO_WRITES_OF_ITS_OWN);
        }
    }

    /** Returns once everything committed on {@code connection} (a driver connection) so far is in the database file. */
    void awaitWritten(Connection connection) throws SQLException {
        MVStore store = store(connection);
        if (store == null) {
            return;
        }
        // A write takes the next version and then the maps' current roots, so one that takes a
        // version above the present one begins after this commit and holds it.
        long needed = store.getCurrentVersion() + 1;
        if (written(store, needed)) {
            return;
        }
        writer.lock();
        try {
            if (!written(store, needed)) {
                // Writes everything unsaved (the other waiters' commits too), or nothing when a
                // write outside this lock (a compaction, H2 under memory pressure) already did.
                store.commit();
            }
        } catch (MVStoreException e) {
            throw new SQLException("the commit could not be written to the database file: " + e.getMessage(), e);
        } finally {
            writer.unlock();
        }
    }

    private static boolean written(MVStore store, long version) {
        return store.getFileStore() != null && store.getFileStore().lastChunkVersion() >= version;
    }

    /** The store of the database behind {@code connection} (a driver connection); null if it has none. */
    static MVStore store(Connection connection) throws SQLException {
        Store store = session(connection).getDatabase().getStore();
        return store == null ? null : store.getMvStore();
    }

    private static SessionLocal session(Connection connection) throws SQLException {
        return (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
    }
}
