package io.voronka.kernel.storage;

/**
 * How the connection pool is shared, derived from its size so that the parts can never together
 * hold every connection while waiting for one more.
 *
 * <ul>
 *   <li>Flowable's job executor threads: a job holds one connection; when it fails, Flowable books
 *       the failure in a new transaction before it returns the first, so each thread may briefly
 *       hold two (the one place that nests).</li>
 *   <li>Event dispatcher workers (a delivery to any consumer) and plugin workers (journal a
 *       provider's answer, resume the step): one short transaction each, never nested.</li>
 *   <li>Flowable's acquisition threads (async jobs, timers, expired locks): one brief query each.</li>
 *   <li>HTTP requests: whatever is left; a request waits at most two seconds, then answers 503.</li>
 * </ul>
 *
 * Rule: {@code pool >= 2 * executorThreads + dispatchWorkers + pluginWorkers + 3 + requests}.
 *
 * <p>The executor's queue holds jobs this node has acquired (and locked) but not yet started; it
 * takes no connection. Acquisition fetches a page of at most a quarter of the queue and fetches the
 * next page at once while a page still fits; it sleeps only when the queue is three-quarters full or
 * no job is due. With a page as large as the queue (Flowable's default page is 512), every
 * acquisition came back short of a page, and Flowable then sleeps its whole acquire wait, so a
 * backlog drained at one queue per wait.
 */
public record PoolBudget(int poolSize, int executorThreads, int executorQueue, int dispatchWorkers, int pluginWorkers) {

    /** Flowable's acquisition threads: async jobs, timer jobs, expired-lock reset. */
    public static final int ACQUISITION_THREADS = 3;
    /** Jobs queued per executor thread: a few hundred milliseconds of work, far less than a job's lock. */
    public static final int QUEUE_PER_THREAD = 64;

    public static PoolBudget forPool(int poolSize) {
        int executor = Math.max(1, poolSize / 6);
        int dispatch = Math.max(1, poolSize / 6);
        int plugin = Math.max(1, poolSize / 10);
        return new PoolBudget(poolSize, executor, executor * QUEUE_PER_THREAD, dispatch, plugin);
    }

    /** Async jobs fetched and locked by one acquisition: a quarter of the queue, so a full page still fits. */
    public int acquirePage() {
        return Math.max(1, executorQueue / 4);
    }

    /** Connections the background parts may hold at the same moment. */
    public int background() {
        return 2 * executorThreads + dispatchWorkers + pluginWorkers + ACQUISITION_THREADS;
    }

    /** Connections left for HTTP requests when every background part is busy (may be negative on tiny pools). */
    public int requests() {
        return poolSize - background();
    }
}
