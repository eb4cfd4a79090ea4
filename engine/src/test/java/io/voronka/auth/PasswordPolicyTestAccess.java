package io.voronka.auth;

/** Reads the size of the shipped list the way the policy loads it. */
final class PasswordPolicyTestAccess {

    private PasswordPolicyTestAccess() {
    }

    static long listSize() {
        try (var in = PasswordPolicy.class.getResourceAsStream("/auth/common-passwords.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
