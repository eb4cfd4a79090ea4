package io.voronka.access.migration;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.SQLDataType.LOCALDATETIME;
import static org.jooq.impl.SQLDataType.VARCHAR;

import io.voronka.kernel.storage.MigrationSql;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jooq.DSLContext;

/**
 * Teams (members and a head) and the record scopes per role, entity and operation. Entity {@code *}
 * is a role's default for entities without a row of their own; the seeded defaults are the
 * product's: admins reach everything, managers read their own, their teams' and unassigned
 * records and write their own.
 */
public class V4__teams_and_scopes extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        DSLContext sql = MigrationSql.of(context);

        sql.createTable("team")
                .column("id", VARCHAR(36).notNull())
                .column("name", VARCHAR(100).notNull())
                .column("head_user_id", VARCHAR(36).null_())
                .column("created_at", LOCALDATETIME(3).notNull())
                .constraints(constraint("pk_team").primaryKey("id"),
                        constraint("uq_team_name").unique("name"),
                        constraint("fk_team_head").foreignKey("head_user_id").references("users", "id"))
                .execute();

        sql.createTable("team_member")
                .column("team_id", VARCHAR(36).notNull())
                .column("user_id", VARCHAR(36).notNull())
                .constraints(constraint("pk_team_member").primaryKey("team_id", "user_id"),
                        constraint("fk_team_member_team").foreignKey("team_id").references("team", "id"),
                        constraint("fk_team_member_user").foreignKey("user_id").references("users", "id"))
                .execute();
        // The scope's "team" subquery starts from the actor's memberships.
        sql.createIndex("ix_team_member_user").on(name("team_member"), name("user_id"), name("team_id")).execute();

        sql.createTable("access_scope")
                .column("role", VARCHAR(32).notNull())
                .column("entity", VARCHAR(64).notNull())
                .column("operation", VARCHAR(8).notNull())
                .column("scope", VARCHAR(64).notNull())
                .constraints(constraint("pk_access_scope").primaryKey("role", "entity", "operation"))
                .execute();
        var insert = sql.insertInto(table(name("access_scope")), field(name("role")), field(name("entity")),
                field(name("operation")), field(name("scope")));
        insert.values("admin", "*", "read", "all")
                .values("admin", "*", "write", "all")
                .values("manager", "*", "read", "own,team,unassigned")
                .values("manager", "*", "write", "own")
                .execute();
    }
}
