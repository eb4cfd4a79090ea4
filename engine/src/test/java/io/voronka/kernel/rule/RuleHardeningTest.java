package io.voronka.kernel.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test for each hole the escape corpus found in the rule package, so each stays closed. */
class RuleHardeningTest {

    final RuleSandbox sandbox = new RuleSandbox();

    @Test
    void aLocalAssignedOnAPathNotTakenIsNullNotTheCallersKey() {
        CheckedRule rule = sandbox.compile("leak.mvel", "if (false) { token = 'x'; }\ntoken", RuleSandboxTest.CONTACT);
        Map<String, Object> values = new HashMap<>(Map.of("token", "secret handed in by a process"));
        assertThat(rule.evaluate(values)).isNull();
    }

    @Test
    void anUnclosedCommentIsReportedWhereItOpens() {
        RuleRejected rejected = catchThrowableOfType(RuleRejected.class, () ->
                sandbox.compile("c.mvel", "x = 1;\n  /*\nRuntime.getRuntime()", RuleSandboxTest.CONTACT));
        assertThat(rejected.line()).isEqualTo(2);
        assertThat(rejected.column()).isEqualTo(3);
    }

    @Test
    void aThousandTermSumIsRefusedBeforeAnyWalkOfItsTreeCanOverflowTheStack() {
        assertThatThrownBy(() -> sandbox.compile("sum.mvel", "1 + ".repeat(999) + "1", RuleSandboxTest.CONTACT))
                .isInstanceOf(RuleRejected.class).hasMessageContaining("levels of operators");
        assertThatThrownBy(() -> sandbox.compile("chain.mvel", "email" + ".trim()".repeat(40), RuleSandboxTest.CONTACT))
                .isInstanceOf(RuleRejected.class).hasMessageContaining("32 levels");
        assertThat(sandbox.compile("sum.mvel", "1 + ".repeat(20) + "1", RuleSandboxTest.CONTACT).evaluate(Map.of()))
                .isEqualTo(BigDecimal.valueOf(21));
    }

    @Test
    void caseOfTenThousandSigmasOrSharpSsIsMappedInLinearTime() {
        String sigmas = "Σ".repeat(10_000);
        String sharpS = "ß".repeat(10_000);
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertThat(RuleFunctions.mapCase(sigmas, Character::toLowerCase)).hasSize(10_000);
            assertThat(RuleFunctions.mapCase(sharpS, Character::toUpperCase)).hasSize(10_000);
        }
        // String.toLowerCase took most of a second for one such text; forty mappings take far less.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(sandbox.compile("u.mvel", "upper('Straße') + lower('ΟΔΟΣ')", RuleSandboxTest.CONTACT)
                .evaluate(Map.of())).isEqualTo("STRAßEοδοσ");
    }

    @Test
    void searchingLongTextsIsChargedToTheBudget() {
        String source = "h = '" + "a".repeat(1000) + "'; h = h + h + h + h + h + h + h + h + h;\n"
                + "n = '" + "a".repeat(1000) + "'; n = n + n + n + n + 'b';\n" + "x = contains(h, n);\n".repeat(100) + "x";
        RuleLimits stepsOnly = RuleLimits.DEFAULT.withDeadline(Duration.ofHours(1));
        CheckedRule rule = new RuleSandbox(stepsOnly).compile("search.mvel", source, RuleSandboxTest.CONTACT);
        assertThatThrownBy(() -> rule.evaluate(Map.of(), stepsOnly, java.time.Clock.systemUTC()))
                .isInstanceOf(RuleFailed.class).hasMessageContaining("steps");
    }

    @Test
    void roundAndBirthdayWithinRefuseNumbersThatWouldWrapAround() {
        assertThatThrownBy(() -> sandbox.compile("r.mvel", "round(1, 4294967297)", RuleSandboxTest.CONTACT).evaluate(Map.of()))
                .isInstanceOf(RuleFailed.class).hasMessageContaining("0 to 10 digits");
        assertThatThrownBy(() -> sandbox.compile("b.mvel", "birthdayWithin(today(), 18446744073709551617)",
                RuleSandboxTest.CONTACT).evaluate(Map.of()))
                .isInstanceOf(RuleFailed.class).hasMessageContaining("0 to 366 days");
    }

    @Test
    void aDateOffTheCalendarFailsWithoutNamingAJavaClass() {
        assertThatThrownBy(() -> sandbox.compile("d.mvel", "addDays(date('+999999999-12-31'), 1)", RuleSandboxTest.CONTACT)
                .evaluate(Map.of()))
                .isInstanceOf(RuleFailed.class).hasMessage("the rule could not be evaluated on these values: a date went out of range");
    }

    @Test
    void anEmojiOutsideATextIsNamedWhole() {
        assertThatThrownBy(() -> sandbox.compile("e.mvel", "budget > 1 🙂", RuleSandboxTest.CONTACT))
                .isInstanceOf(RuleRejected.class).hasMessage("the character '🙂' is not part of the rule language");
    }
}
