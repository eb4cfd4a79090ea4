package io.voronka.process;

import io.voronka.kernel.access.Actor;
import java.util.Set;

/** Who a team head answers for: the members of the teams they lead (none without the access capability). */
public interface TeamHeads {

    /** Usernames of the members of the teams {@code head} leads. */
    Set<String> membersLedBy(Actor head);
}
