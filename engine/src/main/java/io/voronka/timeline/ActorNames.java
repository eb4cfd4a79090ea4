package io.voronka.timeline;

import io.voronka.auth.UserStore;
import io.voronka.kernel.storage.Database;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The names a card shows beside each entry: a user's display name; a process or the system as
 * history names it ({@code process:lead-intake}). One query for the users of a page.
 */
final class ActorNames {

    private final Database database;
    private final UserStore users;

    ActorNames(Database database, UserStore users) {
        this.database = database;
        this.users = users;
    }

    Map<String, String> of(Set<String> actors) {
        List<String> usernames = actors.stream().filter(Objects::nonNull).filter(a -> !a.contains(":")).toList();
        Map<String, String> found = database.withConnection(c -> users.displayNames(c, usernames));
        Map<String, String> names = new HashMap<>();
        actors.forEach(actor -> names.put(actor, found.getOrDefault(actor, actor)));
        return names;
    }
}
