package io.voronka.benchmarks;

/**
 * One side's measured run: how many leads went through, how long until the last process had started,
 * how long until the last call had answered (the same for a synchronous start), and each call's time.
 */
record SideResult(int count, long elapsedNanos, long callsNanos, Latencies latencies) {

    double perSecond() {
        return count / (elapsedNanos / 1e9);
    }

    double seconds() {
        return elapsedNanos / 1e9;
    }

    double callSeconds() {
        return callsNanos / 1e9;
    }
}
