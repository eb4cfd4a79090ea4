package io.voronka.access;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** Teams and their members on a connection the caller controls. Users are named by username outside, id inside. */
final class TeamStore {

    private static final Table<?> TEAM = table(name("team"));
    private static final Table<?> MEMBER = table(name("team_member"));
    private static final Table<?> USERS = table(name("users"));
    private static final Field<String> ID = field(name("team", "id"), SQLDataType.VARCHAR);
    private static final Field<String> NAME = field(name("team", "name"), SQLDataType.VARCHAR);
    private static final Field<String> HEAD = field(name("team", "head_user_id"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> CREATED_AT = field(name("team", "created_at"), SQLDataType.LOCALDATETIME);
    private static final Field<String> M_TEAM = field(name("team_member", "team_id"), SQLDataType.VARCHAR);
    private static final Field<String> M_USER = field(name("team_member", "user_id"), SQLDataType.VARCHAR);
    private static final Field<String> U_ID = field(name("users", "id"), SQLDataType.VARCHAR);
    private static final Field<String> U_NAME = field(name("users", "username"), SQLDataType.VARCHAR);

    private final SQLDialect dialect;

    TeamStore(SQLDialect dialect) {
        this.dialect = dialect;
    }

    private DSLContext sql(Connection connection) {
        return DSL.using(connection, dialect);
    }

    void insert(Connection connection, String id, String teamName) {
        sql(connection).insertInto(TEAM).set(field(name("id")), id).set(field(name("name")), teamName)
                .set(field(name("created_at")), LocalDateTime.now(ZoneOffset.UTC)).execute();
    }

    boolean nameTaken(Connection connection, String teamName, String exceptId) {
        return sql(connection).fetchExists(TEAM, NAME.eq(teamName).and(ID.ne(exceptId == null ? "" : exceptId)));
    }

    /** Locks the team's row, so membership and head changes of one team happen one at a time. */
    boolean lock(Connection connection, String id) {
        return sql(connection).select(ID).from(TEAM).where(ID.eq(id)).forUpdate().fetchOptional().isPresent();
    }

    void rename(Connection connection, String id, String teamName) {
        sql(connection).update(TEAM).set(field(name("name")), teamName).where(field(name("id")).eq(id)).execute();
    }

    void setHead(Connection connection, String id, String userId) {
        sql(connection).update(TEAM).set(field(name("head_user_id")), userId).where(field(name("id")).eq(id)).execute();
    }

    boolean isMember(Connection connection, String teamId, String userId) {
        return sql(connection).fetchExists(MEMBER, M_TEAM.eq(teamId).and(M_USER.eq(userId)));
    }

    void addMember(Connection connection, String teamId, String userId) {
        sql(connection).insertInto(MEMBER).set(field(name("team_id")), teamId).set(field(name("user_id")), userId).execute();
    }

    boolean removeMember(Connection connection, String teamId, String userId) {
        return sql(connection).deleteFrom(MEMBER).where(M_TEAM.eq(teamId)).and(M_USER.eq(userId)).execute() == 1;
    }

    Optional<String> userId(Connection connection, String username) {
        return sql(connection).select(U_ID).from(USERS).where(U_NAME.eq(username)).fetchOptional(U_ID);
    }

    Optional<Team> find(Connection connection, String id) {
        List<Team> found = teams(connection, ID.eq(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    List<Team> all(Connection connection) {
        return teams(connection, DSL.noCondition());
    }

    private List<Team> teams(Connection connection, org.jooq.Condition which) {
        Field<String> headName = field(name("h", "username"), SQLDataType.VARCHAR);
        Map<String, String[]> rows = new LinkedHashMap<>();
        sql(connection).select(ID, NAME, headName).from(TEAM)
                .leftJoin(USERS.as("h")).on(field(name("h", "id"), SQLDataType.VARCHAR).eq(HEAD))
                .where(which).orderBy(NAME, ID)
                .forEach(r -> rows.put(r.get(ID), new String[] {r.get(NAME), r.get(headName)}));
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> members = new LinkedHashMap<>();
        sql(connection).select(M_TEAM, U_NAME).from(MEMBER).join(USERS).on(U_ID.eq(M_USER))
                .where(M_TEAM.in(rows.keySet())).orderBy(U_NAME)
                .forEach(r -> members.computeIfAbsent(r.get(M_TEAM), k -> new ArrayList<>()).add(r.get(U_NAME)));
        List<Team> teams = new ArrayList<>();
        rows.forEach((id, row) -> teams.add(new Team(id, row[0], row[1], members.getOrDefault(id, List.of()))));
        return teams;
    }

    /** The teams a user belongs to, and of those the ones they head. */
    Memberships membershipsOf(Connection connection, String userId) {
        Set<String> teams = new HashSet<>(sql(connection).select(M_TEAM).from(MEMBER).where(M_USER.eq(userId)).fetch(M_TEAM));
        Set<String> heads = new HashSet<>(sql(connection).select(ID).from(TEAM).where(HEAD.eq(userId)).fetch(ID));
        return new Memberships(teams, heads);
    }

    record Memberships(Set<String> teams, Set<String> heads) {
    }
}
