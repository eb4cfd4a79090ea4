package io.voronka.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Providers' answers waiting to be journaled, written a batch at a time by one worker: answers that
 * arrive while a batch is being written share the next transaction, so under load each answer no
 * longer pays a commit of its own, and when answers are few each is written at once, alone.
 *
 * @param <A> an answer
 */
final class AnswerBatches<A> {

    private final Queue<A> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final int maxBatch;
    private final Consumer<List<A>> writer;

    /** {@code writer} journals one batch; it is called on one thread at a time and must not throw. */
    AnswerBatches(int maxBatch, Consumer<List<A>> writer) {
        this.maxBatch = maxBatch;
        this.writer = writer;
    }

    /** Queues an answer; if no worker is writing, {@code worker} starts one. */
    void add(A answer, Executor worker) {
        waiting.add(answer);
        startWriting(worker);
    }

    private void startWriting(Executor worker) {
        if (writing.compareAndSet(false, true)) {
            try {
                worker.execute(() -> writeAll(worker));
            } catch (RuntimeException refused) {
                writing.set(false);
                throw refused;
            }
        }
    }

    private void writeAll(Executor worker) {
        try {
            for (List<A> batch = next(); !batch.isEmpty(); batch = next()) {
                writer.accept(batch);
            }
        } finally {
            writing.set(false);
        }
        // An answer added after the last poll but before the flag dropped found a writer busy.
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
