package io.voronka.benchmarks;

import io.voronka.kernel.config.ContentFolder;
import io.voronka.record.EntityCatalog;
import io.voronka.kernel.rule.CheckedRule;
import io.voronka.kernel.rule.RuleSandbox;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mvel2.MVEL;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one evaluation of the shipped lead-score rule costs through the sandbox (our grammar's
 * checked tree, run by our interpreter within the rule budget), beside plain MVEL running the same
 * source compiled by MVEL, and beside the same logic written in Java. All three read the same
 * contact map; plain MVEL copies it first, as a rule must not change the caller's record.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar RuleEvaluation</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class RuleEvaluationBenchmark {

    private Map<String, Object> contact;
    private CheckedRule sandboxed;
    private Serializable plainMvel;

    @Setup
    public void compile() throws Exception {
        contact = WarmLead.fields(42);
        String source = ShippedContent.read(ShippedContent.LEAD_SCORE_RULE);
        // The engine's own path: the shipped forms loaded into the catalog, the rule checked there.
        sandboxed = EntityCatalog.load(ContentFolder.read(null, "forms"), new RuleSandbox())
                .computedFields("contact").get("score");
        plainMvel = MVEL.compileExpression(source);
        requireSameScore(sandboxedRule(), plainMvel(), handWrittenJava());
    }

    @Benchmark
    public Object sandboxedRule() {
        return sandboxed.evaluate(contact);
    }

    @Benchmark
    public Object plainMvel() {
        return MVEL.executeExpression(plainMvel, new HashMap<>(contact));
    }

    @Benchmark
    public int handWrittenJava() {
        return LeadScoreInJava.score(contact);
    }

    private static void requireSameScore(Object... scores) {
        for (Object score : scores) {
            if (((Number) score).longValue() != WarmLead.SCORE) {
                throw new IllegalStateException("expected score " + WarmLead.SCORE + " from every path, got " + Arrays.toString(scores));
            }
        }
    }
}
