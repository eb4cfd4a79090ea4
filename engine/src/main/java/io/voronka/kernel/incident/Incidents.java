package io.voronka.kernel.incident;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Every open incident of every source, newest first, and retry by id. */
public final class Incidents {

    private final List<IncidentSource> sources;

    public Incidents(List<IncidentSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public List<Incident> open(int limit) {
        List<Incident> all = new ArrayList<>();
        sources.forEach(source -> all.addAll(source.open(limit)));
        all.sort(Comparator.comparing(Incident::at, Comparator.nullsLast(Comparator.reverseOrder())));
        return all.size() > limit ? all.subList(0, limit) : all;
    }

    /** Retries one incident; empty when the id names no source, false when nothing was open under it. */
    public Optional<Boolean> retry(String id) {
        return source(id).map(source -> source.retry(id.substring(id.indexOf(':') + 1)));
    }

    /** Skips one incident's failed step, recording who and why; as {@link #retry} for what it answers. */
    public Optional<Boolean> skip(String id, String actor, String reason) {
        return source(id).map(source -> source.skip(id.substring(id.indexOf(':') + 1), actor, reason));
    }

    private Optional<IncidentSource> source(String id) {
        int colon = id.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String prefix = id.substring(0, colon);
        return sources.stream().filter(s -> s.name().equals(prefix)).findFirst();
    }
}
