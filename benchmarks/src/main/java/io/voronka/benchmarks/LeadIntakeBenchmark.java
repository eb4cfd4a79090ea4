package io.voronka.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowable.engine.HistoryService;

/**
 * Lead intake throughput: how many contacts per second Voronka takes from an HTTP create to a
 * started lead-intake process, beside how many lead-intake instances bare Flowable starts per second
 * on the same kind of database with the same variables.
 *
 * <p>Each side runs in a JVM of its own, started by this one, and is warmed up with the same number
 * of leads before it is measured: in one JVM the side measured second found Flowable, MyBatis and
 * the driver already compiled by the first, which more than doubled its rate (bare Flowable measured
 * first: 218/s; second: 470-570/s on the same machine).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.voronka.benchmarks.LeadIntakeBenchmark [N] [--db h2|mariadb] [--threads 4] [--warmup W]</pre>
 */
public final class LeadIntakeBenchmark {

    private static final int DEFAULT_COUNT = 500;
    private static final int DEFAULT_THREADS = 4;
    private static final int DEFAULT_WARMUP = 20_000;
    private static final int WARMUP_CHUNK = 500;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** How a side's JVM hands its figures to the one that started it. */
    private static final String RESULT = "SIDE-RESULT";

    private LeadIntakeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Before any logger exists: Flowable, Hikari and Flyway log every start at INFO.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options options = Options.parse(args);
        if (options.side() != null) {
            runSide(options);
            return;
        }
        System.out.printf("lead-intake: N=%d, %d threads, %s, each side in its own JVM, %d unmeasured leads first on each side%n",
                options.count(), options.threads(), options.db().description, options.warmup());
        SideResult flowable = inItsOwnJvm(options, "flowable");
        // Voronka turns Flowable's multi-row insert off on H2 (ProcessEngineFactory): a bare Flowable
        // set the same way shows how much of the ratio that setting makes.
        SideResult tuned = options.db() == ScratchDatabase.Kind.H2 ? inItsOwnJvm(options, "flowable-tuned") : null;
        SideResult voronka = inItsOwnJvm(options, "voronka");
        print(options, voronka, flowable, tuned);
    }

    private static void runSide(Options options) throws Exception {
        SideResult result;
        if (options.side().equals("voronka")) {
            try (ScratchDatabase db = ScratchDatabase.create(options.db(), "voronka")) {
                result = new VoronkaLeadIntake(db, options.threads(), TIMEOUT).run(options.warmup(), options.count());
            }
        } else {
            try (ScratchDatabase db = ScratchDatabase.create(options.db(), "flowable")) {
                result = new BareFlowableLeadIntake(db, options.threads(), options.side().equals("flowable-tuned"))
                        .run(options.warmup(), options.count());
            }
        }
        StringBuilder line = new StringBuilder(RESULT).append(' ').append(result.count()).append(' ')
                .append(result.elapsedNanos()).append(' ').append(result.callsNanos());
        for (long nanos : result.latencies().sortedNanos()) {
            line.append(' ').append(nanos);
        }
        System.out.println(line);
    }

    /** Runs one side in a fresh JVM with this JVM's class path and benchmark settings; its output passes through. */
    private static SideResult inItsOwnJvm(Options options, String side) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("voronka.bench."))
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LeadIntakeBenchmark.class.getName(),
                String.valueOf(options.count()), "--db", options.db().name().toLowerCase(Locale.ROOT),
                "--threads", String.valueOf(options.threads()), "--warmup", String.valueOf(options.warmup()), "--side", side));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        SideResult result = null;
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith(RESULT + " ")) {
                    result = parse(line);
                } else {
                    System.out.println(line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || result == null) {
            throw new IllegalStateException("the " + side + " side's JVM ended with " + exit + " and no result");
        }
        return result;
    }

    private static SideResult parse(String line) {
        String[] parts = line.split(" ");
        long[] nanos = new long[parts.length - 4];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = Long.parseLong(parts[i + 4]);
        }
        return new SideResult(Integer.parseInt(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]), Latencies.of(nanos));
    }

    /**
     * The unmeasured leads, in chunks whose rate is printed, so a reader sees whether a side had
     * reached its steady rate before the measured run began.
     */
    static void warmUp(String side, int first, int count, int threads, ConcurrentLoad.Call call) throws InterruptedException {
        for (int done = 0; done < count; done += WARMUP_CHUNK) {
            int chunk = Math.min(WARMUP_CHUNK, count - done);
            long begin = System.nanoTime();
            ConcurrentLoad.run(first + done, chunk, threads, call);
            System.out.printf(Locale.ROOT, "  warm-up, %s: leads %d-%d at %.1f/s%n", side, first + done,
                    first + done + chunk - 1, chunk / ((System.nanoTime() - begin) / 1e9));
        }
    }

    /** Both sides must have taken the warm lead's default path: every instance ended when it started. */
    static void requireAllEnded(HistoryService history, long expected) {
        long ended = history.createHistoricProcessInstanceQuery().processDefinitionKey("lead-intake").finished().count();
        if (ended != expected) {
            throw new IllegalStateException(ended + " of " + expected + " lead-intake instances ended; the lead did not take the default path");
        }
    }

    private static void print(Options options, SideResult voronka, SideResult flowable, SideResult tuned) {
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
        if (tuned != null) {
            print(row, "bare Flowable, multi-row insert off", tuned);
        }
        System.out.printf(Locale.ROOT, "Ratio Voronka / bare Flowable: %.3f%n", voronka.perSecond() / flowable.perSecond());
        if (tuned != null) {
            System.out.printf(Locale.ROOT, "Ratio Voronka / bare Flowable with Voronka's H2 setting: %.3f%n",
                    voronka.perSecond() / tuned.perSecond());
        }
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

    /** {@code side} is set only in a side's own JVM. */
    record Options(int count, ScratchDatabase.Kind db, int threads, int warmup, String side) {

        static Options parse(String[] args) {
            int count = DEFAULT_COUNT;
            int threads = DEFAULT_THREADS;
            Integer warmup = null;
            String side = null;
            ScratchDatabase.Kind db = ScratchDatabase.Kind.H2;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--db" -> db = ScratchDatabase.Kind.valueOf(value(args, ++i).toUpperCase(Locale.ROOT));
                    case "--threads" -> threads = Integer.parseInt(value(args, ++i));
                    case "--warmup" -> warmup = Integer.parseInt(value(args, ++i));
                    case "--side" -> side = value(args, ++i);
                    default -> count = Integer.parseInt(args[i]);
                }
            }
            // At least 20,000 unmeasured leads by default: on 2 cores the JIT compiles Voronka's path for
            // about 15,000 leads (its rate climbed from 157/s at lead 4,000 to 238/s at 16,000, and at
            // 6,000 the C2 compiler threads still took 2.3 ms of CPU per lead); bare Flowable's for fewer.
            int unmeasured = warmup == null ? Math.max(count, DEFAULT_WARMUP) : warmup;
            if (count < 1 || count > 1_000_000 || threads < 1 || threads > 64 || unmeasured < 1 || unmeasured > 1_000_000
                    || side != null && !List.of("voronka", "flowable", "flowable-tuned").contains(side)) {
                throw new IllegalArgumentException("N must be 1..1000000, --threads 1..64, --warmup 1..1000000");
            }
            return new Options(count, db, threads, unmeasured, side);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException("usage: LeadIntakeBenchmark [N] [--db h2|mariadb] [--threads 4] [--warmup W]");
            }
            return args[i];
        }
    }
}
