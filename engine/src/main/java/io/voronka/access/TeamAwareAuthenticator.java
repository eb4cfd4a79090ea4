package io.voronka.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.Authenticator;
import java.time.Duration;
import java.util.Optional;

/**
 * Adds the user's teams to the actor a token names. Memberships are cached like tokens: a change
 * here is seen at once, one on another node within {@link #CACHE}. Record scopes do not depend on
 * it: their "team" condition reads team_member in the query itself.
 */
final class TeamAwareAuthenticator implements Authenticator {

    static final Duration CACHE = Duration.ofSeconds(10);

    private final Authenticator tokens;
    private final Teams teams;
    private final Cache<String, TeamStore.Memberships> memberships = Caffeine.newBuilder()
            .expireAfterWrite(CACHE).maximumSize(10_000).build();

    TeamAwareAuthenticator(Authenticator tokens, Teams teams) {
        this.tokens = tokens;
        this.teams = teams;
    }

    @Override
    public Optional<Actor> authenticate(String token) {
        return tokens.authenticate(token).map(actor -> {
            TeamStore.Memberships of = memberships.get(actor.id(), teams::membershipsOf);
            return actor.inTeams(of.teams(), of.heads());
        });
    }

    /** A stream's periodic check must not count as a use of the token (it would keep idle sessions alive). */
    @Override
    public Optional<Actor> stillSignedIn(String token) {
        return tokens.stillSignedIn(token).map(actor -> {
            TeamStore.Memberships of = memberships.get(actor.id(), teams::membershipsOf);
            return actor.inTeams(of.teams(), of.heads());
        });
    }

    void forget() {
        memberships.invalidateAll();
    }
}
