package io.voronka.kernel.incident;

import java.util.List;

/** One place incidents come from; a capability contributes one and retries its own. */
public interface IncidentSource {

    /** The prefix of this source's incident ids, e.g. {@code event}. */
    String name();

    List<Incident> open(int limit);

    /** Gives the incident its attempts back; false when there is no such open incident. */
    boolean retry(String reference);

    /**
     * Moves past what failed without doing it, recording who and why; false when there is no such
     * open incident. A source whose failures cannot be passed over refuses (the default).
     */
    default boolean skip(String reference, String actor, String reason) {
        throw io.voronka.kernel.error.DomainError.conflict(name() + " incidents cannot be skipped; retry them instead");
    }
}
