package io.voronka.benchmarks;

/**
 * One side's async steps run: {@code steps} instances started (each call timed) in {@code startNanos},
 * then drained by the async executor in {@code drainNanos}, which completed {@code jobs} Flowable jobs
 * and saw {@code failedJobs} fail (a failed job is retried, so it costs time but is not a lost step), using
 * {@code cpuNanos} of this JVM's CPU time while draining.
 */
record DrainResult(int steps, long startNanos, Latencies starts, long drainNanos, long jobs, long failedJobs, long cpuNanos) {

    double cpuMillisPerStep() {
        return cpuNanos / 1e6 / steps;
    }

    double stepsPerSecond() {
        return steps / (drainNanos / 1e9);
    }

    double jobsPerSecond() {
        return jobs / (drainNanos / 1e9);
    }

    double startsPerSecond() {
        return steps / (startNanos / 1e9);
    }

    double drainSeconds() {
        return drainNanos / 1e9;
    }
}
