package io.voronka.kernel.access;

import java.util.Optional;

/** Turns a bearer token into the actor it was issued to; empty when unknown, expired or revoked. */
public interface Authenticator {

    Optional<Actor> authenticate(String token);

    /**
     * Whether a token still works, without counting as a use of it: a console's open stream checks
     * this now and then and must not keep an idle session alive.
     */
    default Optional<Actor> stillSignedIn(String token) {
        return authenticate(token);
    }
}
