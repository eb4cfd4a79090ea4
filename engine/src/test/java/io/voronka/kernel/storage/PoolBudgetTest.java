package io.voronka.kernel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoolBudgetTest {

    @Test
    void backgroundPartsLeaveConnectionsForRequestsAtTheDefaultPool() {
        PoolBudget budget = PoolBudget.forPool(20);

        assertThat(budget.executorThreads()).isEqualTo(3);
        assertThat(budget.background()).isEqualTo(2 * 3 + 3 + 2 + PoolBudget.ACQUISITION_THREADS);
        assertThat(budget.requests()).isEqualTo(6);
    }

    @Test
    void aFullAcquisitionPageStillFitsTheQueueThreeTimesOver() {
        for (int pool : new int[] {2, 6, 10, 20, 50, 100}) {
            PoolBudget budget = PoolBudget.forPool(pool);

            assertThat(budget.executorQueue()).isEqualTo(budget.executorThreads() * PoolBudget.QUEUE_PER_THREAD);
            assertThat(budget.acquirePage()).isPositive().isLessThanOrEqualTo(budget.executorQueue() / 4);
        }
    }
}
