package io.voronka.timeline;

import io.voronka.auth.User;
import io.voronka.auth.UserStore;
import io.voronka.kernel.storage.Database;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The names a card shows beside each entry: a user's display name; a process or the system as
 * history names it ({@code process:lead-intake}). One lookup per distinct user on the page.
 */
final class ActorNames {

    private final Database database;
    private final UserStore users;

    ActorNames(Database database, UserStore users) {
        this.database = database;
        this.users = users;
    }

    Map<String, String> of(Set<String> actors) {
        Map<String, String> names = new HashMap<>();
        database.withConnection(c -> {
            for (String actor : actors) {
                String name = actor == null || actor.contains(":") ? null
                        : users.findByUsername(c, actor).map(User::displayName).orElse(null);
                names.put(actor, name == null ? actor : name);
            }
            return null;
        });
        return names;
    }
}
