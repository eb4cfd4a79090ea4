package io.voronka.auth;

import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password must be, after NIST SP 800-63B: long enough, any characters at all (spaces
 * and Unicode included, no composition rules), and not one that attackers try first: a common or
 * breached password, the username, the product's name, or one character repeated.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;
    private static final String LIST = "/auth/common-passwords.txt";
    private static final Set<String> COMMON = load();
    private static final List<String> CONTEXT_WORDS = List.of("voronka");

    private PasswordPolicy() {
    }

    /** The form a password is hashed and compared in, so the same text typed two ways is one password. */
    public static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /** The first rule a password breaks, or empty when it may be used. */
    public static Optional<ValidationProblem> check(String password, String username) {
        if (password == null) {
            return problem("required", Message.of("record.required"));
        }
        String normalized = normalize(password);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            return problem("length", Message.of("login.password.length", MIN_LENGTH, MAX_LENGTH));
        }
        String lower = normalized.toLowerCase(Locale.ROOT);
        if (normalized.codePoints().distinct().count() == 1) {
            return problem("repetitive", Message.of("login.password.repetitive"));
        }
        if (COMMON.contains(lower) || COMMON.contains(lower.strip())) {
            return problem("common", Message.of("login.password.common"));
        }
        if (username != null && username.length() >= 3 && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return problem("username", Message.of("login.password.username"));
        }
        if (CONTEXT_WORDS.stream().anyMatch(lower::equals)) {
            return problem("common", Message.of("login.password.common"));
        }
        return Optional.empty();
    }

    private static Optional<ValidationProblem> problem(String rule, Message message) {
        return Optional.of(new ValidationProblem("password", rule, message));
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>(40_000);
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException(LIST + " is missing from the class path");
            }
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .forEach(words::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
