package io.voronka.kernel.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.voronka.kernel.config.ContentFolder;
import io.voronka.record.EntityCatalog;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleSandboxTest {

    static final RuleSchema CONTACT = new RuleSchema() {
        final Map<String, RuleSchema.Field> fields = Map.of(
                "budget", RuleSchema.Field.of("budget", ValueType.NUMBER),
                "email", RuleSchema.Field.of("email", ValueType.TEXT),
                "decision_maker", RuleSchema.Field.of("decision_maker", ValueType.BOOLEAN),
                "birth_date", RuleSchema.Field.of("birth_date", ValueType.DATE),
                "source", new RuleSchema.Field("source", ValueType.TEXT, List.of("site_form", "referral")));

        @Override
        public Optional<Field> field(String name) {
            return Optional.ofNullable(fields.get(name));
        }

        @Override
        public List<String> fieldNames() {
            return fields.keySet().stream().sorted().toList();
        }
    };

    final RuleSandbox sandbox = new RuleSandbox();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Runtime.getRuntime().exec('touch /tmp/x')      | unknown name 'Runtime'",
            "System.exit(0)                                  | unknown name 'System'",
            "Class.forName('java.lang.Runtime')              | unknown name 'Class'",
            "email.getClass()                                | unknown function 'getClass'",
            "email.class                                     | classes are not part",
            "java.lang.Runtime.getRuntime()                  | only a link field",
            "new java.io.File('/etc/passwd')                 | creating objects",
            "x = 0; while (true) { x = x + 1; }              | loops",
            "for (i = 0; i < 10; i++) { x = i; }             | loops",
            "(email in email)                                | projections",
            "import java.io.File; 1                          | imports",
            "def f() { 1 }; f()                              | defining functions",
            "email.getBytes()                                | unknown function 'getBytes'",
            "unknownThing + 1                                | unknown name 'unknownThing'",
            "@foreach{email}                                 | '@' is not part",
            "budget > 'abc'                                  | cannot order a number and a text",
            "budget = 5                                      | is a field of the record",
            "source == 'refferal'                            | not an option of source",
            "email.?getClass()                               | '?'",
            "budget > ٣                                      | not part of the rule language",
    })
    void rejectsWhatIsOutsideTheGrammar(String source, String reason) {
        assertThatThrownBy(() -> sandbox.compile("bad.mvel", source, CONTACT))
                .isInstanceOf(RuleRejected.class)
                .hasMessageContaining(reason);
    }

    @Test
    void rejectionNamesTheLineAndColumnOfTheOffendingPart() {
        RuleRejected rejected = catchThrowableOfType(RuleRejected.class, () ->
                sandbox.compile("lead-score.mvel", "points = 0;\nif (budget > 10) { points = Runtime.getRuntime(); }", CONTACT));
        assertThat(rejected.line()).isEqualTo(2);
        assertThat(rejected.column()).isEqualTo(29);
        assertThat(rejected.describe()).startsWith("lead-score.mvel:2:29: unknown name 'Runtime'");
    }

    @Test
    void forbiddenWordsInTextsAndCommentsAreHarmlessText() {
        CheckedRule rule = sandbox.compile("ok.mvel",
                "// Runtime and System are only words here\nemail == 'Runtime.getRuntime() new for while' ? 1 : 2", CONTACT);
        assertThat(rule.evaluate(Map.of("email", "x@y.z"))).isEqualTo(BigDecimal.valueOf(2));
    }

    @Test
    void invisibleCharactersOutsideTextsAreRejected() {
        assertThatThrownBy(() -> sandbox.compile("bad.mvel", "budget\u200B > 1", CONTACT))
                .isInstanceOf(RuleRejected.class).hasMessageContaining("U+200B");
        assertThatThrownBy(() -> sandbox.compile("bad.mvel", "// \u202E hidden\nbudget > 1", CONTACT))
                .isInstanceOf(RuleRejected.class).hasMessageContaining("U+202E");
    }

    @Test
    void scoresWithLocalsConditionsAndLibraryMethods() {
        CheckedRule rule = sandbox.compile("ok.mvel", """
                s = 0;
                if (decision_maker == true) { s += 30; }
                if (budget != null && budget >= 100000) { s = s + 40; }
                if (email != null && email.endsWith('@corp.ru')) { s = s + 5; }
                return s;
                """, CONTACT);
        Map<String, Object> vars = new HashMap<>();
        vars.put("decision_maker", true);
        vars.put("budget", new BigDecimal("150000"));
        vars.put("email", "boss@corp.ru");
        assertThat(rule.evaluate(vars)).isEqualTo(BigDecimal.valueOf(75));
        assertThat(rule.resultType()).isEqualTo(ValueType.NUMBER);
    }

    @Test
    void evaluatingNeverChangesTheCallersValues() {
        CheckedRule rule = sandbox.compile("ok.mvel", "n = budget; n = n + 1; n", CONTACT);
        Map<String, Object> vars = new HashMap<>();
        vars.put("budget", 1);
        assertThat(rule.evaluate(vars)).isEqualTo(BigDecimal.valueOf(2));
        assertThat(vars).containsExactly(Map.entry("budget", 1));
    }

    @Test
    void birthdayWithinSevenDaysAsSeed001Asks() {
        CheckedRule rule = sandbox.compile("ok.mvel", "birthdayWithin(birth_date, 7)", CONTACT);
        Clock nov24 = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
        assertThat(rule.evaluate(Map.of("birth_date", LocalDate.of(1990, 11, 30)), RuleLimits.DEFAULT, nov24)).isEqualTo(true);
        assertThat(rule.evaluate(Map.of("birth_date", LocalDate.of(1990, 12, 2)), RuleLimits.DEFAULT, nov24)).isEqualTo(false);
        assertThat(rule.evaluate(Map.of("birth_date", LocalDate.of(1990, 11, 23)), RuleLimits.DEFAULT, nov24)).isEqualTo(false);
    }

    @Test
    void textThatDoublesEachStatementStopsAtTheTextCap() {
        StringBuilder source = new StringBuilder("t = 'xxxxxxxxxx';\n");
        for (int i = 0; i < 30; i++) {
            source.append("t = t + t;\n");
        }
        source.append("t");
        CheckedRule rule = sandbox.compile("greedy.mvel", source.toString(), CONTACT);
        assertThatThrownBy(() -> rule.evaluate(Map.of()))
                .isInstanceOf(RuleFailed.class).hasMessageContaining("longer than 10000 characters");
    }

    @Test
    void numbersThatSquareEachStatementStopAtTheDigitCap() {
        StringBuilder source = new StringBuilder("n = 99;\n");
        for (int i = 0; i < 30; i++) {
            source.append("n = n * n;\n");
        }
        source.append("n");
        CheckedRule rule = sandbox.compile("greedy.mvel", source.toString(), CONTACT);
        assertThatThrownBy(() -> rule.evaluate(Map.of()))
                .isInstanceOf(RuleFailed.class).hasMessageContaining("digits");
    }

    @Test
    void aRuleOverItsStepBudgetFails() {
        RuleLimits tight = new RuleLimits(10_000, 2_000, 32, 10_000, 38, Duration.ofMillis(5), 20);
        CheckedRule rule = new RuleSandbox(tight).compile("long.mvel", "a = 1; b = a + 1; c = b + 1; d = c + 1; e = d + 1; f = e + 1; f", CONTACT);
        assertThatThrownBy(() -> rule.evaluate(Map.of(), tight, Clock.systemUTC()))
                .isInstanceOf(RuleFailed.class).hasMessageContaining("steps");
    }

    @Test
    void deepNestingIsRejectedBeforeItCanOverflowTheStack() {
        String source = "(".repeat(900) + "1" + ")".repeat(900);
        assertThatThrownBy(() -> sandbox.compile("deep.mvel", source, CONTACT))
                .isInstanceOf(RuleRejected.class).hasMessageContaining("nests deeper");
        assertThatThrownBy(() -> sandbox.compile("deep.mvel", "!".repeat(1500) + "true", CONTACT))
                .isInstanceOf(RuleRejected.class).hasMessageContaining("nests deeper");
    }

    @Test
    void shippedRulesPassTheSandbox() {
        EntityCatalog catalog = EntityCatalog.load(ContentFolder.read(null, "forms"), sandbox);
        assertThat(catalog.computedFields("contact")).containsKeys("score", "warmth");
    }

    @Test
    void escapingRuleIsRejectedWhenLoaded() {
        Map<String, String> forms = new HashMap<>(ContentFolder.read(null, "forms"));
        forms.put("rules/lead-score.mvel", "points = 0;\nRuntime.getRuntime().exec('rm -rf /'); return points;");
        assertThatThrownBy(() -> EntityCatalog.load(forms, sandbox))
                .isInstanceOf(RuleRejected.class)
                .hasMessageContaining("Runtime")
                .satisfies(e -> assertThat(((RuleRejected) e).describe()).startsWith("rules/lead-score.mvel:2:1"));
    }
}
