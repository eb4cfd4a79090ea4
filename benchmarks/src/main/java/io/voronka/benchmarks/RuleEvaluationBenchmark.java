package io.voronka.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voronka.rule.CompiledRule;
import io.voronka.rule.RuleSandbox;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
 * What one evaluation of the shipped lead-score rule costs through the sandbox, beside plain MVEL
 * running the same compiled source and beside the same logic written in Java. All three read the
 * same contact map; both MVEL paths copy it first, as a rule must not change the caller's record.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar RuleEvaluation</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class RuleEvaluationBenchmark {

    private Map<String, Object> contact;
    private CompiledRule sandboxed;
    private Serializable plainMvel;

    @Setup
    public void compile() throws Exception {
        contact = WarmLead.fields(42);
        String source = ShippedContent.read(ShippedContent.LEAD_SCORE_RULE);
        sandboxed = new RuleSandbox().compile(ShippedContent.LEAD_SCORE_RULE, source, contactFieldNames());
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

    /** The names the engine lets a contact rule read: the fields of the shipped contact form. */
    private static Set<String> contactFieldNames() throws Exception {
        JsonNode form = new ObjectMapper().readTree(ShippedContent.read(ShippedContent.CONTACT_FORM));
        Set<String> names = new HashSet<>();
        form.get("fields").forEach(field -> names.add(field.get("name").asText()));
        return names;
    }

    private static void requireSameScore(Object... scores) {
        for (Object score : scores) {
            if (((Number) score).longValue() != WarmLead.SCORE) {
                throw new IllegalStateException("expected score " + WarmLead.SCORE + " from every path, got " + Arrays.toString(scores));
            }
        }
    }
}
