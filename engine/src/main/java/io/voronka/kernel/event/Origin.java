package io.voronka.kernel.event;

import java.util.Locale;

/**
 * Where a change came from, stored with its event so a consumer can tell a hand edit from an
 * import or from a process step (a segment may recount on import, a webhook may skip its own echo).
 */
public enum Origin {
    /** A person through the HTTP API or the console. */
    API,
    /** A process step (a deal created by lead intake). */
    PROCESS,
    /** A bulk import. */
    IMPORT,
    /** A mass action over many records (update a field, reassign, delete), run as a background job. */
    BULK,
    /** A plugin acting on a provider's message (a webhook). */
    PLUGIN,
    /** The node itself: migrations, sweeps, events from before origins were recorded. */
    SYSTEM;

    /** The lower-case name stored and sent to clients. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Origin fromWire(String text) {
        if (text == null) {
            return SYSTEM;
        }
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return SYSTEM;
        }
    }
}
