package io.voronka.kernel.http;

/** Who may call a route. */
public enum Access {
    PUBLIC, SIGNED_IN, ADMIN
}
