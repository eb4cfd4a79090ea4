package io.voronka.kernel.access;

import java.util.Set;

/**
 * Who is acting: a signed-in user with their roles and teams, or the system itself (a process step,
 * a consumer). Every service call carries one, so access is decided where the data is read.
 */
public record Actor(String id, String username, String displayName, Set<String> roles, Set<String> teams) {

    public static final String ADMIN = "admin";
    public static final String MANAGER = "manager";

    /** The node acting on its own behalf (process steps, event consumers): sees and writes everything. */
    public static final Actor SYSTEM = new Actor("system", "system", "Voronka", Set.of(ADMIN), Set.of());

    public Actor {
        roles = Set.copyOf(roles);
        teams = teams == null ? Set.of() : Set.copyOf(teams);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    public boolean isSystem() {
        return this == SYSTEM || "system".equals(id);
    }
}
