package io.voronka.process;

import io.voronka.access.AccessControl;
import io.voronka.access.Team;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import java.util.HashSet;
import java.util.Set;

/** The members of the teams a head leads, read fresh from the access capability's teams. */
final class TeamsLed {

    private TeamsLed() {
    }

    static Set<String> members(AccessControl access, Actor head) {
        Set<String> members = new HashSet<>();
        for (String teamId : head.heads()) {
            try {
                Team team = access.teams().get(teamId);
                if (head.username().equals(team.head())) {
                    members.addAll(team.members());
                }
            } catch (DomainError e) {
                // the team was removed since the head signed in
            }
        }
        return members;
    }
}
