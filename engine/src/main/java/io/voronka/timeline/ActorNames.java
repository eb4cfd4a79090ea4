package io.voronka.timeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.voronka.auth.UserStore;
import io.voronka.kernel.storage.Database;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names a card shows beside each entry: a user's display name; a process or the system as
 * history names it ({@code process:lead-intake}). One query for the users of a page not named in
 * the last half minute: a card read again and again (a manager on the phone) asks for no names, and
 * a renamed user shows under the new name on every card within 30 seconds.
 */
final class ActorNames {

    private static final Duration REMEMBERED = Duration.ofSeconds(30);

    private final Database database;
    private final UserStore users;
    /** Username to display name; a username no user has maps to itself (history may name a deleted one). */
    private final Cache<String, String> known = Caffeine.newBuilder().expireAfterWrite(REMEMBERED).maximumSize(10_000).build();

    ActorNames(Database database, UserStore users) {
        this.database = database;
        this.users = users;
    }

    Map<String, String> of(Set<String> actors) {
        Map<String, String> names = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String actor : actors) {
            String name = actor == null || actor.contains(":") ? actor : known.getIfPresent(actor);
            if (name == null && actor != null) {
                unknown.add(actor);
            } else {
                names.put(actor, name);
            }
        }
        if (!unknown.isEmpty()) {
            Map<String, String> found = database.withConnection(c -> users.displayNames(c, unknown));
            for (String username : unknown) {
                String name = found.getOrDefault(username, username);
                known.put(username, name);
                names.put(username, name);
            }
        }
        return names;
    }
}
