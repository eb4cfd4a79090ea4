package io.voronka.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voronka.config.ContentFolder;
import io.voronka.record.EntityCatalog;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleSandboxTest {

    final RuleSandbox sandbox = new RuleSandbox();
    final Set<String> fields = Set.of("budget", "email", "decision_maker", "score");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Runtime.getRuntime().exec('touch /tmp/x')      | Runtime",
            "System.exit(0)                                  | System",
            "Class.forName('java.lang.Runtime')              | Class",
            "email.getClass()                                | getClass",
            "email.class                                     | class",
            "java.lang.Runtime.getRuntime()                  | Java packages",
            "new java.io.File('/etc/passwd')                 | creating objects",
            "x = 0; while (true) { x = x + 1; }              | loops",
            "for (i = 0; i < 10; i++) { score = i; }         | loops",
            "foreach (c : email) { score = 1; }              | loops",
            "do { score = 1; } until (false)                 | loops",
            "(email in email)                                | projections",
            "import java.io.File; 1                          | imports",
            "def f() { 1 }; f()                              | defining functions",
            "email.getBytes()                                | not an allowed method",
            "Thread.sleep(100000)                            | Thread",
            "unknownThing + 1                                | unknown name",
            "@foreach{email}                                 | symbol",
            "''.getClass().forName('java.lang.Runtime')      | getClass",
    })
    void rejectsEscapingRules(String source, String reason) {
        assertThatThrownBy(() -> sandbox.compile("bad.mvel", source, fields))
                .isInstanceOf(RuleRejected.class)
                .hasMessageContaining(reason);
    }

    @Test
    void rejectionNamesTheLineAndColumnOfTheOffendingPart() {
        RuleRejected rejected = (RuleRejected) org.assertj.core.api.Assertions.catchThrowable(() ->
                sandbox.compile("lead-score.mvel", "score = 0;\nif (budget > 10) { score = Runtime.getRuntime(); }", fields));
        assertThat(rejected.line()).isEqualTo(2);
        assertThat(rejected.column()).isEqualTo(28);
        assertThat(rejected.describe()).isEqualTo("lead-score.mvel:2:28: access to Runtime is not allowed");
    }

    @Test
    void forbiddenWordsInStringsAndCommentsAreHarmlessText() {
        CompiledRule rule = sandbox.compile("ok.mvel",
                "// Runtime and System are only words here\nemail == 'Runtime.getRuntime() new for while' ? 1 : 2", fields);
        assertThat(rule.evaluate(Map.of("email", "x@y.z"))).isEqualTo(2);
    }

    @Test
    void allowsFieldArithmeticConditionsAndWhitelistedMethods() {
        CompiledRule rule = sandbox.compile("ok.mvel", """
                s = 0;
                if (decision_maker == true) { s = s + 30; }
                if (budget != null && budget >= 100000) { s = s + 40; }
                if (email != null && email.endsWith('@corp.ru')) { s = s + 5; }
                return s;
                """, fields);
        Map<String, Object> vars = new HashMap<>();
        vars.put("decision_maker", true);
        vars.put("budget", new BigDecimal("150000"));
        vars.put("email", "boss@corp.ru");
        vars.put("score", null);
        assertThat(rule.evaluate(vars)).isEqualTo(75);
    }

    @Test
    void evaluatingDoesNotChangeTheCallersVariables() {
        CompiledRule rule = sandbox.compile("ok.mvel", "score = 99; score", fields);
        Map<String, Object> vars = new HashMap<>();
        vars.put("score", 1);
        assertThat(rule.evaluate(vars)).isEqualTo(99);
        assertThat(vars.get("score")).isEqualTo(1);
    }

    @Test
    void shippedRulesPassTheSandbox() {
        EntityCatalog catalog = EntityCatalog.load(ContentFolder.read(null, "forms"), sandbox);
        assertThat(catalog.computedFields("contact")).containsKeys("score", "warmth");
    }

    @Test
    void escapingRuleIsRejectedWhenLoaded() {
        Map<String, String> forms = new HashMap<>(ContentFolder.read(null, "forms"));
        forms.put("rules/lead-score.mvel", "score = 0;\nRuntime.getRuntime().exec('rm -rf /'); return score;");
        assertThatThrownBy(() -> EntityCatalog.load(forms, sandbox))
                .isInstanceOf(RuleRejected.class)
                .hasMessageContaining("Runtime")
                .satisfies(e -> assertThat(((RuleRejected) e).describe()).startsWith("rules/lead-score.mvel:2:1"));
    }
}
