package io.voronka.kernel.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.voronka.kernel.config.ContentFolder;
import io.voronka.record.EntityCatalog;
import io.voronka.kernel.rule.RuleTree.Assign;
import io.voronka.kernel.rule.RuleTree.Binary;
import io.voronka.kernel.rule.RuleTree.Call;
import io.voronka.kernel.rule.RuleTree.Conditional;
import io.voronka.kernel.rule.RuleTree.Evaluate;
import io.voronka.kernel.rule.RuleTree.Expr;
import io.voronka.kernel.rule.RuleTree.If;
import io.voronka.kernel.rule.RuleTree.Literal;
import io.voronka.kernel.rule.RuleTree.Member;
import io.voronka.kernel.rule.RuleTree.Name;
import io.voronka.kernel.rule.RuleTree.Return;
import io.voronka.kernel.rule.RuleTree.Stmt;
import io.voronka.kernel.rule.RuleTree.Unary;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Generated rules, mutations of accepted rules and random text, including non-ASCII, control and
 * invisible characters: whatever the sandbox accepts names only the schema's fields, its own locals
 * and the library, returns a plain value or fails with RuleFailed within its budget, and leaves the
 * caller's values as they were; whatever it refuses, it refuses with a position inside the source.
 * Seeded, so a failure is reproduced by running it again.
 */
class RuleProperties {

    static final RuleSchema CONTACT;
    static final List<String> CORPUS;
    static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("rule-properties").unstarted(r));
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static {
        EntityCatalog catalog = EntityCatalog.load(ContentFolder.read(null, "forms"), new RuleSandbox());
        CONTACT = catalog.ruleSchema(catalog.find("contact").orElseThrow(), true);
        CORPUS = EscapeCorpus.load(Map.of("MARKER", "/nonexistent/escaped", "PORT", "9", "SECRET_PROPERTY", "secret"))
                .stream().map(EscapeCorpus.Entry::source).filter(s -> s.length() < 400).toList();
    }

    @AfterContainer
    static void stopRunner() {
        RUNNER.shutdownNow();
    }

    @Property(tries = 1500, seed = "20261124")
    void generatedRulesAreAcceptedAndStayInside(@ForAll("wellFormedRules") String source, @ForAll Random random) {
        CheckedRule rule = compileOrReject(source);
        assertThat(rule).as("a well-formed, well-typed rule is accepted:\n%s", source).isNotNull();
        assertStaysInside(rule, random);
    }

    @Property(tries = 2000, seed = "20261124")
    void mutatedRulesAreRejectedWithAPositionOrStayInside(@ForAll("mutatedRules") String source, @ForAll Random random) {
        CheckedRule rule = compileOrReject(source);
        if (rule != null) {
            assertStaysInside(rule, random);
        }
    }

    @Property(tries = 1000, seed = "20261124")
    void randomTextIsRejectedWithAPositionOrStaysInside(@ForAll("strangeText") String source, @ForAll Random random) {
        CheckedRule rule = compileOrReject(source);
        if (rule != null) {
            assertStaysInside(rule, random);
        }
    }

    /** The rule, or null when it was rejected with a position inside the source; anything else fails. */
    static CheckedRule compileOrReject(String source) {
        try {
            return RUNNER.submit(() -> new RuleSandbox().compile("generated.mvel", source, CONTACT)).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuleRejected rejected) {
                EscapeCorpusTest.assertPositionInside(source, rejected);
                assertThat(rejected.getMessage()).isNotBlank();
                return null;
            }
            throw new AssertionError("compiling threw " + e.getCause() + " for:\n" + source, e.getCause());
        } catch (Exception e) {
            throw new AssertionError("compiling did not finish for:\n" + source, e);
        }
    }

    static void assertStaysInside(CheckedRule rule, Random random) {
        assertNamesOnlyWhatItMay(rule);
        Map<String, Object> values = RuleGenerator.values(CONTACT, random);
        Map<String, Object> untouched = EscapeCorpusTest.deepCopy(values);
        Object outcome;
        long[] cpu = new long[1];
        try {
            outcome = RUNNER.submit(() -> {
                long start = THREADS.getCurrentThreadCpuTime();
                try {
                    return rule.evaluate(values);
                } catch (RuleFailed failed) {
                    return failed;
                } finally {
                    cpu[0] = THREADS.getCurrentThreadCpuTime() - start;
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("evaluation threw " + e.getCause() + " for:\n" + rule.source(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("evaluation did not finish for:\n" + rule.source(), e);
        }
        if (!(outcome instanceof RuleFailed)) {
            assertThat(outcome).as("result of\n%s", rule.source()).satisfiesAnyOf(
                    v -> assertThat(v).isNull(),
                    v -> assertThat(v).isInstanceOfAny(String.class, BigDecimal.class, Boolean.class, LocalDate.class,
                            LocalDateTime.class));
        }
        assertThat(cpu[0]).as("CPU time of\n%s", rule.source()).isLessThan(EscapeCorpusTest.CPU_ALLOWANCE_NANOS);
        assertThat(values).as("the caller's values after\n%s", rule.source()).isEqualTo(untouched);
    }

    /** Walks the tree: fields of the schema, locals the rule assigns, library functions; nothing else. */
    static void assertNamesOnlyWhatItMay(CheckedRule rule) {
        Set<String> locals = new HashSet<>();
        collectLocals(rule.program().statements(), locals);
        for (Stmt statement : rule.program().statements()) {
            walk(statement, locals);
        }
    }

    private static void collectLocals(List<Stmt> statements, Set<String> locals) {
        for (Stmt statement : statements) {
            if (statement instanceof Assign assign) {
                assertThat(CONTACT.field(assign.local())).as("a rule assigns the field " + assign.local()).isEmpty();
                locals.add(assign.local());
            } else if (statement instanceof If branch) {
                collectLocals(branch.then(), locals);
                collectLocals(branch.otherwise(), locals);
            }
        }
    }

    private static void walk(Stmt statement, Set<String> locals) {
        switch (statement) {
            case Assign assign -> walk(assign.value(), CONTACT, locals);
            case If branch -> {
                walk(branch.condition(), CONTACT, locals);
                branch.then().forEach(s -> walk(s, locals));
                branch.otherwise().forEach(s -> walk(s, locals));
            }
            case Return ret -> walk(ret.value(), CONTACT, locals);
            case Evaluate evaluate -> walk(evaluate.value(), CONTACT, locals);
        }
    }

    private static void walk(Expr expr, RuleSchema schema, Set<String> locals) {
        switch (expr) {
            case Literal literal -> assertThat(literal.value()).satisfiesAnyOf(v -> assertThat(v).isNull(),
                    v -> assertThat(v).isInstanceOfAny(String.class, BigDecimal.class, Boolean.class));
            case Name name -> assertThat(locals.contains(name.name()) || schema.field(name.name()).isPresent())
                    .as("'%s' is a field or a local", name.name()).isTrue();
            case Member member -> assertThat(schema.link(member.link().name()).flatMap(l -> l.field(member.field())))
                    .as("%s.%s is a field of a linked record", member.link().name(), member.field()).isPresent();
            case Unary unary -> walk(unary.operand(), schema, locals);
            case Binary binary -> {
                walk(binary.left(), schema, locals);
                walk(binary.right(), schema, locals);
            }
            case Conditional conditional -> {
                walk(conditional.condition(), schema, locals);
                walk(conditional.then(), schema, locals);
                walk(conditional.otherwise(), schema, locals);
            }
            case Call call when RuleFunctions.OVER_RECORDS.containsKey(call.function()) -> {
                Name list = (Name) call.args().getFirst();
                RuleSchema linked = schema.collection(list.name()).orElseThrow(
                        () -> new AssertionError("'" + list.name() + "' is not a list of linked records"));
                call.args().stream().skip(1).forEach(condition -> walk(condition, linked, Set.of()));
            }
            case Call call -> {
                assertThat(RuleFunctions.find(call.function())).as("function %s", call.function()).isPresent();
                call.args().forEach(arg -> walk(arg, schema, locals));
            }
        }
    }

    @Provide
    Arbitrary<String> wellFormedRules() {
        return Arbitraries.randomValue(random -> new RuleGenerator(CONTACT, random).rule());
    }

    @Provide
    Arbitrary<String> mutatedRules() {
        return Arbitraries.randomValue(random -> {
            String rule = random.nextInt(4) == 0 ? CORPUS.get(random.nextInt(CORPUS.size()))
                    : new RuleGenerator(CONTACT, random).rule();
            return RuleMutations.mutate(rule, random, CORPUS);
        });
    }

    @Provide
    Arbitrary<String> strangeText() {
        return Arbitraries.randomValue(random -> {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i >= 0; i--) {
                text.append(random.nextInt(3) == 0 ? RuleMutations.token(random) : RuleMutations.character(random));
            }
            return text.toString();
        });
    }

    static {
        if (RuleLimits.DEFAULT.maxDepth() < 16) {
            fail("the generator assumes nesting of at least 16 levels");
        }
    }
}
