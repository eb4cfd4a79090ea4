package io.voronka.kernel.access;

import java.util.Set;

/**
 * Who is acting: a signed-in user with their roles and teams (ids; {@code heads} those they lead),
 * or the system itself (a process step, a consumer). Every service call carries one, so access is
 * decided where the data is read.
 */
public record Actor(String id, String username, String displayName, Set<String> roles, Set<String> teams,
                    Set<String> heads) {

    public static final String ADMIN = "admin";
    public static final String MANAGER = "manager";

    /** The node acting on its own behalf (process steps, event consumers): sees and writes everything. */
    public static final Actor SYSTEM = system("system");

    public Actor {
        roles = Set.copyOf(roles);
        teams = teams == null ? Set.of() : Set.copyOf(teams);
        heads = heads == null ? Set.of() : Set.copyOf(heads);
    }

    /** An actor whose teams are not known (yet). */
    public Actor(String id, String username, String displayName, Set<String> roles, Set<String> teams) {
        this(id, username, displayName, roles, teams, Set.of());
    }

    /** The system under a name history shows, such as {@code process:lead-intake}. */
    public static Actor system(String name) {
        return new Actor("system", name, "Voronka", Set.of(ADMIN), Set.of(), Set.of());
    }

    /** This actor as a member of these teams, heading some of them. */
    public Actor inTeams(Set<String> teamIds, Set<String> headed) {
        return new Actor(id, username, displayName, roles, teamIds, headed);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    public boolean isSystem() {
        return "system".equals(id);
    }
}
