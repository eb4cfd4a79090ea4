package io.voronka.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Makes {@code count} calls from a fixed number of threads, each taking the next number, and times each call. */
final class ConcurrentLoad {

    @FunctionalInterface
    interface Call {
        void make(int number) throws Exception;
    }

    private ConcurrentLoad() {
    }

    /** Calls {@code call} with first .. first + count - 1; fails on the first call that throws. */
    static Latencies run(int first, int count, int threads, Call call) throws InterruptedException {
        long[] nanos = new long[count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        call.make(first + i);
                        nanos[i] = System.nanoTime() - start;
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a benchmark call failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return Latencies.of(nanos);
    }
}
