package io.voronka.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.error.ValidationProblem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    static String rule(String password, String username) {
        return PasswordPolicy.check(password, username).map(ValidationProblem::rule).orElse("ok");
    }

    @Test
    void refusesCommonAndBreachedPasswordsInAnyCase() {
        assertThat(rule("password", "vera")).isEqualTo("common");
        assertThat(rule("PassWord", "vera")).isEqualTo("common");
        assertThat(rule("12345678", "vera")).isEqualTo("common");
        assertThat(rule("qwertyuiop", "vera")).isEqualTo("common");
        assertThat(rule("iloveyou1", "vera")).isEqualTo("common");
        assertThat(rule("voronka", "vera")).isEqualTo("length");
    }

    @Test
    void refusesEightSpacesAndOtherSingleCharacterRuns() {
        assertThat(rule("        ", "vera")).isEqualTo("repetitive");
        assertThat(rule("zzzzzzzzzzzz", "vera")).isEqualTo("repetitive");
    }

    @Test
    void refusesPasswordsThatContainTheUsername() {
        assertThat(rule("vera.petrova", "vera.petrova")).isEqualTo("username");
        assertThat(rule("my-Vera.Petrova-2026", "vera.petrova")).isEqualTo("username");
    }

    @Test
    void countsCharactersNotBytesAndAllowsLongPassphrasesWithSpacesAndUnicode() {
        assertThat(rule("short", "vera")).isEqualTo("length");
        assertThat(rule("\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02\uD83D\uDE03", "vera")).isEqualTo("length");
        assertThat(rule("\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02\uD83D\uDE03\uD83D\uDE04\uD83D\uDE05\uD83D\uDE06\uD83D\uDE07", "vera")).isEqualTo("ok");
        String passphrase = "correct horse battery staple — Жук в траве \uD83D\uDE00 and more words to pass 64 chars";
        assertThat(passphrase.codePointCount(0, passphrase.length())).isGreaterThan(64);
        assertThat(rule(passphrase, "vera")).isEqualTo("ok");
        assertThat(rule("x" + "y".repeat(256), "vera")).isEqualTo("length");
        assertThat(rule("no digits no capitals at all", "vera")).isEqualTo("ok");
    }

    @Test
    void shipsAtLeastTenThousandCommonPasswords() {
        assertThat(PasswordPolicyTestAccess.listSize()).isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void normalizesSoTheSameTextTypedTwoWaysIsOnePassword() {
        assertThat(PasswordPolicy.normalize("caf\u0065\u0301 au lait")).isEqualTo(PasswordPolicy.normalize("caf\u00e9 au lait"));
        assertThat(Optional.of(rule("pa\uFF53sword", "vera"))).contains("common");
    }
}
