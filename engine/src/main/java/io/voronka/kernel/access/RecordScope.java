package io.voronka.kernel.access;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A scope as one SQL condition over an entity's rows, the only place where "own", "team" and
 * "unassigned" are spelt out. Record queries AND it into their WHERE, so a list, its count, a
 * single read and a linked list all answer from the same rows.
 */
public final class RecordScope {

    private RecordScope() {
    }

    /**
     * @param owner the entity's responsible-user column (holding usernames), null when the entity
     *              has none: then no record is anyone's own or a team's, and every record is unassigned
     */
    public static Condition condition(Scope scope, Actor actor, Field<String> owner) {
        if (scope.all()) {
            return DSL.noCondition();
        }
        if (owner == null) {
            return scope.reach().contains(Scope.Reach.UNASSIGNED) ? DSL.trueCondition() : DSL.falseCondition();
        }
        List<Condition> any = new ArrayList<>();
        for (Scope.Reach reach : scope.reach()) {
            any.add(switch (reach) {
                case OWN -> owner.eq(actor.username());
                case TEAM -> owner.in(teammates(actor));
                case UNASSIGNED -> owner.isNull();
            });
        }
        return any.isEmpty() ? DSL.falseCondition() : DSL.or(any);
    }

    /**
     * Usernames of everyone sharing a team with the actor, read from team_member at query time, so
     * a membership change counts from the next query on, on every node.
     */
    private static org.jooq.Select<org.jooq.Record1<String>> teammates(Actor actor) {
        Field<String> username = field(name("u", "username"), SQLDataType.VARCHAR);
        Field<String> userId = field(name("u", "id"), SQLDataType.VARCHAR);
        Field<String> memberUser = field(name("m", "user_id"), SQLDataType.VARCHAR);
        Field<String> memberTeam = field(name("m", "team_id"), SQLDataType.VARCHAR);
        Field<String> myTeam = field(name("mine", "team_id"), SQLDataType.VARCHAR);
        Field<String> me = field(name("mine", "user_id"), SQLDataType.VARCHAR);
        return select(username)
                .from(table(name("team_member")).as("m"))
                .join(table(name("users")).as("u")).on(userId.eq(memberUser))
                .where(memberTeam.in(select(myTeam).from(table(name("team_member")).as("mine")).where(me.eq(actor.id()))));
    }
}
