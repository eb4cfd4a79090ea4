package io.voronka.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEvent;
import org.flowable.common.engine.api.delegate.event.FlowableEventListener;
import org.flowable.common.engine.impl.cfg.TransactionState;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.RuntimeService;
import org.flowable.job.service.impl.asyncexecutor.AsyncExecutor;

/**
 * One side of the async steps benchmark, the same for Voronka and for bare Flowable: instances of
 * {@code async-step} are started while the engine's async executor is stopped, so their jobs wait in
 * the database; then the executor starts and the clock runs until every instance has ended.
 * Instances ended and jobs done are counted by listeners that fire after their transaction commits.
 */
final class JobDrain {

    static final String PROCESS_KEY = "async-step";

    private final ProcessEngine engine;
    private final int threads;
    private final Duration timeout;
    private final Counter ended = new Counter(FlowableEngineEventType.PROCESS_COMPLETED);
    private final Counter jobsDone = new Counter(FlowableEngineEventType.JOB_EXECUTION_SUCCESS);
    private final Counter jobsFailed = new Counter(FlowableEngineEventType.JOB_EXECUTION_FAILURE);

    JobDrain(ProcessEngine engine, int threads, Duration timeout) {
        this.engine = engine;
        this.threads = threads;
        this.timeout = timeout;
        RuntimeService runtime = engine.getRuntimeService();
        runtime.addEventListener(ended, FlowableEngineEventType.PROCESS_COMPLETED);
        runtime.addEventListener(jobsDone, FlowableEngineEventType.JOB_EXECUTION_SUCCESS);
        runtime.addEventListener(jobsFailed, FlowableEngineEventType.JOB_EXECUTION_FAILURE);
    }

    /** {@code warmup} instances run through with the executor on, unmeasured; then {@code count} are measured. */
    DrainResult run(int warmup, int count) throws Exception {
        startInstances(0, warmup);
        awaitEnded(warmup);

        AsyncExecutor executor = engine.getProcessEngineConfiguration().getAsyncExecutor();
        executor.shutdown();
        long startBegin = System.nanoTime();
        Latencies starts = startInstances(warmup, count);
        long startNanos = System.nanoTime() - startBegin;
        long waiting = engine.getManagementService().createJobQuery().processDefinitionKey(PROCESS_KEY).count();
        if (waiting != count) {
            throw new IllegalStateException(waiting + " jobs wait after starting " + count + " instances; expected one each");
        }

        long jobsBefore = jobsDone.value();
        long failedBefore = jobsFailed.value();
        long cpuBegin = processCpuNanos();
        long drainBegin = System.nanoTime();
        executor.start();
        awaitEnded(warmup + count);
        long drainNanos = System.nanoTime() - drainBegin;
        long cpuNanos = processCpuNanos() - cpuBegin;
        requireAllEnded(warmup + count);
        return new DrainResult(count, startNanos, starts, drainNanos, jobsDone.value() - jobsBefore,
                jobsFailed.value() - failedBefore, cpuNanos);
    }

    /** CPU time of this JVM (on H2 the database's work too): a cost per step that other load on the machine does not inflate as much as time. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private Latencies startInstances(int first, int count) throws InterruptedException {
        RuntimeService runtime = engine.getRuntimeService();
        return ConcurrentLoad.run(first, count, threads, number -> {
            String recordId = UUID.randomUUID().toString();
            runtime.startProcessInstanceByKey(PROCESS_KEY, recordId, Map.of("recordId", recordId));
        });
    }

    /** Waits on the committed-end counter, so that polling takes no connection from the pool being measured. */
    private void awaitEnded(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ended.value() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + ended.value() + " of " + expected + " instances ended within "
                        + timeout + "; " + jobsFailed.value() + " jobs failed");
            }
            Thread.sleep(5);
        }
    }

    private void requireAllEnded(long expected) {
        long finished = engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(PROCESS_KEY)
                .finished().count();
        long left = engine.getManagementService().createJobQuery().count()
                + engine.getManagementService().createDeadLetterJobQuery().count();
        if (finished != expected || left != 0) {
            throw new IllegalStateException(finished + " of " + expected + " instances ended in history, " + left
                    + " jobs left over");
        }
    }

    /** Counts one kind of event once its transaction has committed. */
    private static final class Counter implements FlowableEventListener {

        private final FlowableEngineEventType type;
        private final AtomicLong count = new AtomicLong();

        Counter(FlowableEngineEventType type) {
            this.type = type;
        }

        long value() {
            return count.get();
        }

        @Override
        public void onEvent(FlowableEvent event) {
            if (event.getType() == type) {
                count.incrementAndGet();
            }
        }

        @Override
        public boolean isFailOnException() {
            return false;
        }

        @Override
        public boolean isFireOnTransactionLifecycleEvent() {
            return true;
        }

        @Override
        public String getOnTransaction() {
            return TransactionState.COMMITTED.name();
        }
    }
}
