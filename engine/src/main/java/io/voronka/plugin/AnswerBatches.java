package io.voronka.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Providers' answers waiting to be journaled, written a batch at a time by at most {@code writers}
 * workers at once: answers that arrive while batches are being written share the next transaction,
 * so under load each answer no longer pays a commit of its own, and when answers are few each is
 * written at once, alone. Since a batch also runs what follows each answered step, more than one
 * writer keeps the database busy while another batch waits on it.
 *
 * @param <A> an answer
 */
final class AnswerBatches<A> {

    private final Queue<A> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger writing = new AtomicInteger();
    private final int writers;
    private final int maxBatch;
    private final Consumer<List<A>> writer;

    /** {@code writer} journals one batch; it is called on up to {@code writers} threads at a time and must not throw. */
    AnswerBatches(int writers, int maxBatch, Consumer<List<A>> writer) {
        this.writers = writers;
        this.maxBatch = maxBatch;
        this.writer = writer;
    }

    /** Queues an answer; if no worker is writing, {@code worker} starts one. */
    void add(A answer, Executor worker) {
        waiting.add(answer);
        startWriting(worker);
    }

    private void startWriting(Executor worker) {
        int now = writing.get();
        while (now < writers) {
            if (writing.compareAndSet(now, now + 1)) {
                try {
                    worker.execute(() -> writeAll(worker));
                } catch (RuntimeException refused) {
                    writing.decrementAndGet();
                    throw refused;
                }
                return;
            }
            now = writing.get();
        }
    }

    private void writeAll(Executor worker) {
        try {
            for (List<A> batch = next(); !batch.isEmpty(); batch = next()) {
                writer.accept(batch);
            }
        } finally {
            writing.decrementAndGet();
        }
        // An answer added after the last poll but before the count dropped found every writer busy.
        if (!waiting.isEmpty()) {
            startWriting(worker);
        }
    }

    private List<A> next() {
        List<A> batch = new ArrayList<>();
        A answer;
        while (batch.size() < maxBatch && (answer = waiting.poll()) != null) {
            batch.add(answer);
        }
        return batch;
    }
}
