package io.voronka.benchmarks;

import java.util.Arrays;

/** Call durations of one measured run, for percentiles. */
record Latencies(long[] sortedNanos) {

    static Latencies of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted);
    }

    /** Nearest-rank percentile in milliseconds. */
    double percentileMillis(double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1_000_000.0;
    }
}
