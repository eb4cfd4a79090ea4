package io.voronka.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AnswerBatchesTest {

    @Test
    void answersArrivingWhileABatchIsWrittenShareTheNextBatch() throws Exception {
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<List<Integer>> written = java.util.Collections.synchronizedList(new ArrayList<>());
        AnswerBatches<Integer> batches = new AnswerBatches<>(1, 3, batch -> {
            written.add(List.copyOf(batch));
            if (written.size() == 1) {
                firstWriting.countDown();
                await(releaseFirst);
            }
        });
        ExecutorService worker = Executors.newFixedThreadPool(2);
        try {
            batches.add(1, worker);
            assertThat(firstWriting.await(5, TimeUnit.SECONDS)).isTrue();
            for (int answer = 2; answer <= 6; answer++) {
                batches.add(answer, worker);
            }
            releaseFirst.countDown();
            worker.shutdown();
            assertThat(worker.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            worker.shutdownNow();
        }

        assertThat(written).containsExactly(List.of(1), List.of(2, 3, 4), List.of(5, 6));
    }

    @Test
    void everyAnswerIsWrittenOnceWhenManyArriveAtOnce() throws Exception {
        List<Integer> written = java.util.Collections.synchronizedList(new ArrayList<>());
        AnswerBatches<Integer> batches = new AnswerBatches<>(2, 32, written::addAll);
        ExecutorService worker = Executors.newFixedThreadPool(4);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            for (int answer = 0; answer < 10_000; answer++) {
                int number = answer;
                callers.execute(() -> batches.add(number, worker));
            }
            callers.shutdown();
            assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> written.size() >= 10_000);
        } finally {
            callers.shutdownNow();
            worker.shutdownNow();
        }

        assertThat(written).hasSize(10_000).doesNotHaveDuplicates();
    }

    @Test
    void asManyBatchesAsThereAreWritersAreWrittenAtOnceAndNoMore() throws Exception {
        CountDownLatch twoWriting = new CountDownLatch(2);
        java.util.concurrent.atomic.AtomicInteger writing = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> written = java.util.Collections.synchronizedList(new ArrayList<>());
        AnswerBatches<Integer> batches = new AnswerBatches<>(2, 1, batch -> {
            mostAtOnce.accumulateAndGet(writing.incrementAndGet(), Math::max);
            twoWriting.countDown();
            await(twoWriting);
            writing.decrementAndGet();
            written.addAll(batch);
        });
        ExecutorService worker = Executors.newFixedThreadPool(4);
        try {
            for (int answer = 0; answer < 6; answer++) {
                batches.add(answer, worker);
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> written.size() >= 6);
        } finally {
            worker.shutdownNow();
        }

        assertThat(twoWriting.getCount()).isZero();
        assertThat(mostAtOnce.get()).isEqualTo(2);
        assertThat(written).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
