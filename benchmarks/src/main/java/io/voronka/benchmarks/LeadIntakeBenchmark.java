package io.voronka.benchmarks;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import org.flowable.engine.HistoryService;

/**
 * Lead intake throughput: how many contacts per second Voronka takes from an HTTP create to a
 * started lead-intake process, beside how many lead-intake instances bare Flowable starts per second
 * on the same kind of database with the same variables, measured one after the other in one run.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.voronka.benchmarks.LeadIntakeBenchmark [N] [--db h2|mariadb] [--threads 4]</pre>
 */
public final class LeadIntakeBenchmark {

    private static final int DEFAULT_COUNT = 500;
    private static final int DEFAULT_THREADS = 4;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private LeadIntakeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Before any logger exists: Flowable, Hikari and Flyway log every start at INFO.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options options = Options.parse(args);
        int warmup = Math.max(1, Math.min(100, options.count() / 5));
        System.out.printf("lead-intake: N=%d, %d threads, %s, %d unmeasured leads first on each side%n",
                options.count(), options.threads(), options.db().description, warmup);

        SideResult voronka;
        try (ScratchDatabase db = ScratchDatabase.create(options.db(), "voronka")) {
            voronka = new VoronkaLeadIntake(db, options.threads(), TIMEOUT).run(warmup, options.count());
        }
        SideResult flowable;
        try (ScratchDatabase db = ScratchDatabase.create(options.db(), "flowable")) {
            flowable = new BareFlowableLeadIntake(db, options.threads()).run(warmup, options.count());
        }
        print(options, voronka, flowable);
    }

    /** Both sides must have taken the warm lead's default path: every instance ended when it started. */
    static void requireAllEnded(HistoryService history, long expected) {
        long ended = history.createHistoricProcessInstanceQuery().processDefinitionKey("lead-intake").finished().count();
        if (ended != expected) {
            throw new IllegalStateException(ended + " of " + expected + " lead-intake instances ended; the lead did not take the default path");
        }
    }

    private static void print(Options options, SideResult voronka, SideResult flowable) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Lead intake, %s, N=%d, %d threads, pool %d, %s%n", LocalDate.now(), options.count(),
                options.threads(), ScratchDatabase.POOL_SIZE, options.db().description);
        System.out.printf("Contact: warm lead (score %d, warmth %s) -> default flow, every instance ends at once on both sides%n",
                WarmLead.SCORE, WarmLead.WARMTH);
        String row = "| %-42s | %10s | %9s | %9s | %8s |%n";
        System.out.printf(row, "side", "per second", "p50 ms", "p99 ms", "seconds");
        System.out.printf(row, "-".repeat(42), "-".repeat(10), "-".repeat(9), "-".repeat(9), "-".repeat(8));
        print(row, "Voronka: HTTP create -> process started", voronka);
        print(row, "bare Flowable: startProcessInstanceByKey", flowable);
        System.out.printf(Locale.ROOT, "Ratio Voronka / bare Flowable: %.3f%n", voronka.perSecond() / flowable.perSecond());
        System.out.println("(p50/p99: Voronka's HTTP create call; Flowable's start call.)");
        System.out.printf(Locale.ROOT, "Voronka: the last create answered after %.2f s (%.1f creates/s); the last process started %.2f s later.%n",
                voronka.callSeconds(), voronka.count() / voronka.callSeconds(), voronka.seconds() - voronka.callSeconds());
    }

    private static void print(String row, String name, SideResult result) {
        System.out.printf(Locale.ROOT, row, name,
                String.format(Locale.ROOT, "%.1f", result.perSecond()),
                String.format(Locale.ROOT, "%.2f", result.latencies().percentileMillis(50)),
                String.format(Locale.ROOT, "%.2f", result.latencies().percentileMillis(99)),
                String.format(Locale.ROOT, "%.2f", result.seconds()));
    }

    record Options(int count, ScratchDatabase.Kind db, int threads) {

        static Options parse(String[] args) {
            int count = DEFAULT_COUNT;
            int threads = DEFAULT_THREADS;
            ScratchDatabase.Kind db = ScratchDatabase.Kind.H2;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--db" -> db = ScratchDatabase.Kind.valueOf(value(args, ++i).toUpperCase(Locale.ROOT));
                    case "--threads" -> threads = Integer.parseInt(value(args, ++i));
                    default -> count = Integer.parseInt(args[i]);
                }
            }
            if (count < 1 || count > 1_000_000 || threads < 1 || threads > 64) {
                throw new IllegalArgumentException("N must be 1..1000000 and --threads 1..64");
            }
            return new Options(count, db, threads);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException("usage: LeadIntakeBenchmark [N] [--db h2|mariadb] [--threads 4]");
            }
            return args[i];
        }
    }
}
