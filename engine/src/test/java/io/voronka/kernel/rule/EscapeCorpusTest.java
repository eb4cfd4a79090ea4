package io.voronka.kernel.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.voronka.kernel.config.ContentFolder;
import io.voronka.record.EntityCatalog;
import io.voronka.kernel.rule.EscapeCorpus.Entry;
import io.voronka.kernel.rule.EscapeCorpus.Expected;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every attempt of the escape corpus through the sandbox on the shipped contact entity and
 * watches for what an escape would leave behind, not only for exceptions: a marker file the
 * payloads try to create, a connection to a loopback listener they target, a secret in a result,
 * MVEL's global state, new threads, the caller's values, CPU time over the deadline. A payload
 * that stopped the JVM would end this test run without a report, which fails the build.
 */
class EscapeCorpusTest {

    static final String SECRET_PROPERTY = "voronka.test.escape.secret";
    static final String SECRET = "s3cret-" + UUID.randomUUID();
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Ten times the default deadline: room for a cold JIT, never for a rule that ignores its budget. */
    static final long CPU_ALLOWANCE_NANOS = RuleLimits.DEFAULT.deadline().toNanos() * 10;

    @TempDir
    static Path tempDir;
    static Path marker;
    static ServerSocket listener;
    static final AtomicInteger connections = new AtomicInteger();
    static ExecutorService runner;
    static RuleSchema contact;
    static Set<String> threadsBefore;

    @BeforeAll
    static void watchForEffects() throws Exception {
        marker = tempDir.resolve("escaped-" + UUID.randomUUID());
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("escape-listener").start(() -> {
            while (!listener.isClosed()) {
                try (Socket ignored = listener.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        System.setProperty(SECRET_PROPERTY, SECRET);
        runner = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("escape-runner").unstarted(r));
        runner.submit(() -> null).get();
        RuleSandbox sandbox = new RuleSandbox();
        EntityCatalog catalog = EntityCatalog.load(ContentFolder.read(null, "forms"), sandbox);
        contact = catalog.ruleSchema(catalog.find("contact").orElseThrow(), true);
        warmUp(sandbox);
        threadsBefore = threadNames();
    }

    /**
     * The first call of a JDK path (special casing in upper(), BigDecimal division) runs cold and
     * loads classes; that one-off cost belongs to the JVM, not to the rule measured against its deadline.
     */
    private static void warmUp(RuleSandbox sandbox) throws Exception {
        CheckedRule everyFunction = sandbox.compile("warm-up.mvel", """
                t = upper('ßa') + lower('A') + trim(' a ') + concat('a', 'b');
                b = contains(t, 'a') && startsWith(t, 'a') && endsWith(t, 'a') && equalsIgnoreCase(t, 'a') && isEmpty(t);
                n = length(t) + round(1 / 3, 2) + floor(1.5) + ceil(1.5) + abs(-1) + min(1, 2) + max(1, 2) + 7 % 3;
                d = addDays(date('2026-01-01'), 1);
                n = n + daysSince(d) + daysUntil(d) + age(d) + year(d) + month(d) + day(d) + count(deals, amount > 1);
                birthdayWithin(d, 7) || any(deals, stage == 'won') || coalesce(t, 'x') == '' || now() == null || today() == d
                """, contact);
        for (int i = 0; i < 200; i++) {
            runner.submit(() -> everyFunction.evaluate(sampleValues())).get();
        }
    }

    @AfterAll
    static void stopWatching() throws IOException {
        runner.shutdownNow();
        listener.close();
        System.clearProperty(SECRET_PROPERTY);
    }

    static List<Entry> corpus() {
        return EscapeCorpus.load(Map.of(
                "MARKER", marker.toString(),
                "PORT", String.valueOf(listener.getLocalPort()),
                "SECRET_PROPERTY", SECRET_PROPERTY));
    }

    @Test
    void corpusHoldsAtLeastTwoHundredAttemptsOfEveryKind() {
        List<Entry> entries = corpus();
        assertThat(entries).hasSizeGreaterThanOrEqualTo(200);
        assertThat(entries.stream().map(Entry::category).collect(Collectors.toSet()))
                .contains("mvel", "ognl", "spel", "el", "juel", "lexer", "number", "text", "nesting", "locals", "call");
        assertThat(entries.stream().map(Entry::toString).distinct()).hasSize(entries.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void attemptIsRejectedOrRunsWithinItsBudgetWithoutEffect(Entry entry) throws Exception {
        Map<String, Object> values = sampleValues();
        Map<String, Object> untouched = deepCopy(values);

        Outcome outcome = runner.submit(() -> attempt(entry.source(), values)).get(10, TimeUnit.SECONDS);

        assertThat(outcome.kind()).as("what the sandbox did with %s (%s)", entry, outcome.detail()).isEqualTo(entry.expected());
        if (outcome.kind() == Expected.REJECTED) {
            assertPositionInside(entry.source(), outcome.rejected());
        }
        assertThat(outcome.cpuNanos()).as("CPU time of the evaluation").isLessThan(CPU_ALLOWANCE_NANOS);
        if (outcome.kind() == Expected.VALUE) {
            assertThat(outcome.value()).as("result kind")
                    .satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(v).isInstanceOfAny(
                            String.class, BigDecimal.class, Boolean.class, LocalDate.class, LocalDateTime.class));
        }
        assertNoSecretIn(String.valueOf(outcome.value()) + outcome.detail());
        assertThat(values).as("the caller's values").isEqualTo(untouched);
        assertThat(Files.exists(marker)).as("marker file created").isFalse();
        assertThat(connections.get()).as("connections to the loopback listener").isZero();
        assertThat(System.getProperty(SECRET_PROPERTY)).isEqualTo(SECRET);
        assertThat(threadNames()).as("threads").isSubsetOf(threadsBefore);
    }

    /**
     * The attacks in the issue changed MVEL's process-wide state for every later rule. The engine no
     * longer has MVEL at all: rules are read by our grammar and run by our interpreter, so there is
     * no MVEL state for a rule to reach.
     */
    @org.junit.jupiter.api.Test
    void mvelIsNotOnTheEnginesClassPath() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Class.forName("org.mvel2.MVEL"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    record Outcome(Expected kind, Object value, RuleRejected rejected, String detail, long cpuNanos) {
    }

    /** Compiles and evaluates on the runner thread, so that its CPU time is the rule's alone. */
    private static Outcome attempt(String source, Map<String, Object> values) {
        CheckedRule rule;
        try {
            rule = new RuleSandbox().compile("corpus.mvel", source, contact);
        } catch (RuleRejected rejected) {
            return new Outcome(Expected.REJECTED, null, rejected, rejected.describe(), 0);
        }
        long start = THREADS.getCurrentThreadCpuTime();
        try {
            Object value = rule.evaluate(values);
            return new Outcome(Expected.VALUE, value, null, "value " + value, THREADS.getCurrentThreadCpuTime() - start);
        } catch (RuleFailed failed) {
            Expected kind = failed.reason() == RuleFailed.Reason.BUDGET ? Expected.BUDGET : Expected.FAILED;
            return new Outcome(kind, null, null, failed.getMessage(), THREADS.getCurrentThreadCpuTime() - start);
        }
    }

    static void assertPositionInside(String source, RuleRejected rejected) {
        String[] lines = source.split("\n", -1);
        assertThat(rejected.line()).as("line of " + rejected.describe()).isBetween(1, lines.length);
        assertThat(rejected.column()).as("column of " + rejected.describe())
                .isBetween(1, lines[rejected.line() - 1].length() + 1);
    }

    static void assertNoSecretIn(String text) {
        assertThat(text).doesNotContain(SECRET);
        for (String name : List.of("PATH", "HOME", "JAVA_HOME", "USER")) {
            String env = System.getenv(name);
            if (env != null && env.length() >= 6) {
                assertThat(text).as("environment variable " + name).doesNotContain(env);
            }
        }
    }

    /** A contact as computed fields see it, with its deals, and a key that is not a field. */
    static Map<String, Object> sampleValues() {
        Map<String, Object> values = new HashMap<>();
        values.put("first_name", "Ivan");
        values.put("last_name", "Petrov");
        values.put("email", "ivan@example.com");
        values.put("phone", "+79123456789");
        values.put("budget", new BigDecimal("150000"));
        values.put("decision_maker", true);
        values.put("consent_email", true);
        values.put("source", "referral");
        values.put("birth_date", LocalDate.of(1990, 11, 30));
        values.put("secret_key", SECRET);
        List<Object> deals = new ArrayList<>();
        deals.add(new HashMap<>(Map.of("title", "Phones", "amount", new BigDecimal("800"), "stage", "won")));
        deals.add(new HashMap<>(Map.of("title", "Cases", "amount", new BigDecimal("100"), "stage", "lost",
                "loss_reason", "price")));
        values.put("deals", deals);
        return values;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, Object> values) {
        Map<String, Object> copy = new HashMap<>();
        values.forEach((k, v) -> copy.put(k, v instanceof List<?> list
                ? list.stream().map(d -> (Object) new HashMap<>((Map<String, Object>) d)).toList() : v));
        return copy;
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }
}
