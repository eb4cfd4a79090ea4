package io.voronka.bulk;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.storage.Database;
import io.voronka.record.RecordService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs mass actions, one job at a time per node and one node at a time per job. A runner claims
 * a job whose lease ran out with a conditional UPDATE, then works in steps, each one transaction
 * that first extends the lease and locks the job's row (a runner that lost the job stops there):
 * while the selection is not fixed, a step writes the next {@value #SELECT_BATCH} ids a filter
 * matches, in id order; then a step applies the action to the next {@value #BATCH} selected
 * records, each through {@link RecordService} as the job's owner (validation, scopes, history,
 * events with origin {@code bulk}) under a savepoint, so a record that fails is rolled back alone,
 * listed, and the job goes on. Each step moves its cursor in its own transaction: a node killed
 * mid-step loses the step's uncommitted work, and the next runner redoes exactly that step.
 */
public final class BulkRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BulkRunner.class);
    static final int BATCH = 100;
    static final int SELECT_BATCH = 1_000;
    private static final int ATTEMPTS = 5;

    private enum Step { CONTINUE, FINISHED, LOST }

    private final Database database;
    private final RecordService records;
    private final BulkJobStore store;
    private final String runner;
    private final Duration lease;
    private final Clock clock;
    private final Consumer<BulkJob> progress;
    private final Runnable afterCommit;
    private volatile Consumer<String> beforeRecord = id -> {
    };
    private volatile java.util.function.BooleanSupplier stopping = () -> false;

    /**
     * {@code runner} names this node (a lease holder); {@code lease} is how long a silent runner
     * keeps its job; {@code progress} hears each committed step; {@code afterCommit} wakes the
     * event dispatcher for the step's record events.
     */
    public BulkRunner(Database database, RecordService records, String runner, Duration lease, Clock clock,
                      Consumer<BulkJob> progress, Runnable afterCommit) {
        this.database = database;
        this.records = records;
        this.store = new BulkJobStore(database.dialect());
        this.runner = runner;
        this.lease = lease;
        this.clock = clock;
        this.progress = progress;
        this.afterCommit = afterCommit;
    }

    /** The node is stopping: the runner ends after the step it is in, keeping its cursor. */
    void stopWhen(java.util.function.BooleanSupplier stopping) {
        this.stopping = stopping;
    }

    /** Tests stop a runner in the middle of a step through this: it runs before each record. */
    void beforeEachRecord(Consumer<String> hook) {
        this.beforeRecord = hook;
    }

    /** Claims one job that has no live runner and runs it to its end (or until it is lost); false when there was none. */
    public boolean runOne() {
        LocalDateTime now = now();
        List<String> candidates = database.withConnection(c -> store.claimable(c, now, 10));
        for (String id : candidates) {
            if (database.inTransaction(c -> store.claim(c, id, runner, now(), now().plus(lease)))) {
                run(id);
                return true;
            }
        }
        return false;
    }

    private void run(String id) {
        int attempts = 0;
        while (true) {
            Step step;
            try {
                step = database.inTransaction(c -> step(c, id));
                attempts = 0;
            } catch (DomainError e) {
                // The job itself cannot go on (its filter no longer fits the entity, its entity is gone).
                database.inTransaction(c -> {
                    store.finish(c, id, "failed", e.getMessage(), now());
                    return null;
                });
                step = Step.FINISHED;
            } catch (RuntimeException e) {
                // Not a record's fault (those are DomainErrors, listed above): the database, a bug. The
                // step rolled back whole; try it again a few times, then stop the job rather than loop on it.
                LOG.warn("bulk job {} step failed (attempt {} of {})", id, ++attempts, ATTEMPTS, e);
                if (attempts >= ATTEMPTS) {
                    database.inTransaction(c -> {
                        store.finish(c, id, "failed", "a step kept failing; the server log has the reason (job "
                                + id + ")", now());
                        return null;
                    });
                    database.withConnection(c -> store.find(c, id)).ifPresent(progress);
                    return;
                }
                pause(Duration.ofSeconds(1L << (attempts - 1)));
                continue;
            }
            afterCommit.run();
            if (step == Step.LOST) {
                return;
            }
            database.withConnection(c -> store.find(c, id)).ifPresent(progress);
            if (step == Step.FINISHED || stopping.getAsBoolean()) {
                return;
            }
        }
    }

    private Step step(Connection c, String id) {
        Optional<BulkJobStore.Work> held = store.hold(c, id, runner, now().plus(lease));
        if (held.isEmpty()) {
            return Step.LOST;
        }
        BulkJobStore.Work work = held.get();
        return work.selected() ? apply(c, work) : select(c, work);
    }

    /** Fixes the next part of a filter's selection, as the owner may read it now. */
    private Step select(Connection c, BulkJobStore.Work work) {
        List<String> ids = records.matchingIds(c, work.actor(), work.entity(), work.filter(), work.selectedAfter(),
                SELECT_BATCH);
        store.addItems(c, work.id(), ids);
        store.selected(c, work.id(), ids.isEmpty() ? work.selectedAfter() : ids.getLast(), ids.size() < SELECT_BATCH,
                work.total() + ids.size());
        return Step.CONTINUE;
    }

    private Step apply(Connection c, BulkJobStore.Work work) {
        List<String> ids = store.items(c, work.id(), work.appliedAfter(), BATCH);
        int done = work.done();
        int failed = work.failed();
        for (String recordId : ids) {
            beforeRecord.accept(recordId);
            Savepoint savepoint = savepoint(c);
            try {
                applyTo(c, work, recordId);
                done++;
            } catch (DomainError refused) {
                rollback(c, savepoint);
                store.failure(c, work.id(), recordId, refused.getMessage());
                failed++;
            }
        }
        if (!ids.isEmpty()) {
            store.applied(c, work.id(), ids.getLast(), done, failed);
        }
        if (ids.size() < BATCH) {
            store.finish(c, work.id(), "done", null, now());
            return Step.FINISHED;
        }
        return Step.CONTINUE;
    }

    private void applyTo(Connection c, BulkJobStore.Work work, String recordId) {
        if (work.action().equals("delete")) {
            records.delete(c, Origin.BULK, work.actor(), work.entity(), recordId, null);
        } else {
            records.update(c, Origin.BULK, work.actor(), work.entity(), recordId, null, work.values());
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to try a bulk step again", e);
        }
    }

    private static Savepoint savepoint(Connection c) {
        try {
            return c.setSavepoint();
        } catch (SQLException e) {
            throw new IllegalStateException("could not set a savepoint", e);
        }
    }

    private static void rollback(Connection c, Savepoint savepoint) {
        try {
            c.rollback(savepoint);
        } catch (SQLException e) {
            throw new IllegalStateException("could not roll back to a savepoint", e);
        }
    }

    /** Gives up the jobs this runner holds, so another node takes them at once rather than after the lease. */
    public void release() {
        database.inTransaction(c -> store.release(c, runner));
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }
}
