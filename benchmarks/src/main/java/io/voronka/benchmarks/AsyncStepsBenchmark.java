package io.voronka.benchmarks;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Async plugin steps drained per second: N instances of a process with one asynchronous plugin step
 * (a no-op action) started with the async executor stopped, then timed until the executor has run
 * every step and every instance has ended; beside bare Flowable draining the same number of async
 * service tasks with a no-op JavaDelegate and default executor settings, in the same run.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.voronka.benchmarks.AsyncStepsBenchmark [N] [--db h2|mariadb] [--pool 20] [--threads 4]</pre>
 */
public final class AsyncStepsBenchmark {

    private static final int DEFAULT_COUNT = 100_000;
    /** Voronka's default {@code db.pool.size}. */
    private static final int DEFAULT_POOL = 20;
    private static final int DEFAULT_THREADS = 4;

    private AsyncStepsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options options = Options.parse(args);
        int warmup = Math.max(1, Math.min(500, options.count() / 20));
        // Generous: an untuned executor was reported at 72 jobs/s.
        Duration timeout = Duration.ofMinutes(10).plusMillis(options.count() * 20L);
        System.out.printf("async-steps: N=%d, pool %d, %d starting threads, %s, %d unmeasured instances first on each side%n",
                options.count(), options.pool(), options.threads(), options.db().description, warmup);

        double loadBefore = loadAverage();
        DrainResult voronka;
        try (ScratchDatabase db = ScratchDatabase.create(options.db(), "voronka")) {
            voronka = new VoronkaAsyncSteps(db, options.pool(), options.threads(), timeout).run(warmup, options.count());
        }
        System.out.printf(Locale.ROOT, "Voronka: %.1f steps/s, %.1f jobs/s over %.1f s, %.2f CPU ms/step%n",
                voronka.stepsPerSecond(), voronka.jobsPerSecond(), voronka.drainSeconds(), voronka.cpuMillisPerStep());
        System.out.printf(Locale.ROOT, "(1-minute load average %.1f at the start, %.1f now)%n", loadBefore, loadAverage());
        if (!Boolean.parseBoolean(System.getProperty("voronka.bench.baseline", "true"))) {
            // -Dvoronka.bench.baseline=false: a tuning run of Voronka's side alone; it prints no ratio.
            return;
        }
        DrainResult flowable;
        try (ScratchDatabase db = ScratchDatabase.create(options.db(), "flowable")) {
            flowable = new BareFlowableAsyncSteps(db, options.pool(), options.threads(), timeout).run(warmup, options.count());
        }
        print(options, voronka, flowable);
        System.out.printf(Locale.ROOT, "Machine: %d cores, 1-minute load average %.1f at the start, %.1f at the end%n",
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void print(Options options, DrainResult voronka, DrainResult flowable) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Async steps drained, %s, N=%d, pool %d, %s%n", LocalDate.now(), options.count(),
                options.pool(), options.db().description);
        String row = "| %-44s | %9s | %9s | %9s | %11s | %11s | %9s |%n";
        System.out.printf(row, "side", "steps/s", "jobs/s", "drain s", "jobs failed", "CPU ms/step", "starts/s");
        System.out.printf(row, "-".repeat(44), "-".repeat(9), "-".repeat(9), "-".repeat(9), "-".repeat(11), "-".repeat(11),
                "-".repeat(9));
        print(row, "Voronka: async plugin step (no-op action)", voronka);
        print(row, "bare Flowable: async service task (no-op)", flowable);
        System.out.printf(Locale.ROOT, "Ratio Voronka / bare Flowable, steps/s: %.3f%n", voronka.stepsPerSecond() / flowable.stepsPerSecond());
        System.out.println("(A step is one instance's async task run and the instance ended. Each side runs one Flowable job"
                + " per step; Voronka resumes the step in the transaction that journals its answer, and needs a second"
                + " job (a trigger job) only when that transaction fails. starts/s: instances started"
                + " beforehand from the starting threads, not in the clock. CPU ms/step: this JVM's CPU time while draining,"
                + " per step; on H2 it includes the database, on MariaDB not.)");
    }

    private static void print(String row, String name, DrainResult result) {
        System.out.printf(Locale.ROOT, row, name,
                String.format(Locale.ROOT, "%.1f", result.stepsPerSecond()),
                String.format(Locale.ROOT, "%.1f", result.jobsPerSecond()),
                String.format(Locale.ROOT, "%.1f", result.drainSeconds()),
                String.valueOf(result.failedJobs()),
                String.format(Locale.ROOT, "%.2f", result.cpuMillisPerStep()),
                String.format(Locale.ROOT, "%.1f", result.startsPerSecond()));
    }

    record Options(int count, ScratchDatabase.Kind db, int pool, int threads) {

        static Options parse(String[] args) {
            int count = DEFAULT_COUNT;
            int pool = DEFAULT_POOL;
            int threads = DEFAULT_THREADS;
            ScratchDatabase.Kind db = ScratchDatabase.Kind.MARIADB;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--db" -> db = ScratchDatabase.Kind.valueOf(value(args, ++i).toUpperCase(Locale.ROOT));
                    case "--pool" -> pool = Integer.parseInt(value(args, ++i));
                    case "--threads" -> threads = Integer.parseInt(value(args, ++i));
                    default -> count = Integer.parseInt(args[i]);
                }
            }
            if (count < 1 || count > 1_000_000 || pool < 4 || pool > 200 || threads < 1 || threads > 64) {
                throw new IllegalArgumentException("N must be 1..1000000, --pool 4..200 and --threads 1..64");
            }
            return new Options(count, db, pool, threads);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(
                        "usage: AsyncStepsBenchmark [N] [--db h2|mariadb] [--pool 20] [--threads 4]");
            }
            return args[i];
        }
    }
}
