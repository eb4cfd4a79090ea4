package io.voronka.kernel.access;

import java.util.Locale;

/** What an actor wants to do with a record; each has its own scope. */
public enum Operation {
    READ, WRITE;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
