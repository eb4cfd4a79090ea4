package io.voronka.kernel.access;

import java.util.Optional;

/** Turns a bearer token into the actor it was issued to; empty when unknown, expired or revoked. */
public interface Authenticator {

    Optional<Actor> authenticate(String token);
}
