package io.voronka.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/** Argon2id with OWASP's second recommended setting (19 MiB, 2 passes, 1 lane). */
public final class PasswordHasher {

    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public boolean matches(String password, String hash) {
        return Password.check(password, hash).with(ARGON2ID);
    }
}
