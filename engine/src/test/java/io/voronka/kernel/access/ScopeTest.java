package io.voronka.kernel.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.access.Scope.Reach;
import java.util.Set;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

class ScopeTest {

    private static final Actor NINA = new Actor("u-1", "nina", "Nina", Set.of(Actor.MANAGER), Set.of("t-1"));

    @Test
    void storedTextReadsBackAsTheSameScope() {
        for (Scope scope : new Scope[] {Scope.ALL, Scope.NONE, Scope.of(Reach.OWN),
                Scope.of(Reach.UNASSIGNED, Reach.TEAM, Reach.OWN)}) {
            assertThat(Scope.parse(scope.text())).contains(scope);
        }
        assertThat(Scope.of(Reach.UNASSIGNED, Reach.OWN).text()).isEqualTo("own,unassigned");
        assertThat(Scope.parse("own,friends")).isEmpty();
        assertThat(Scope.parse("")).isEmpty();
    }

    @Test
    void twoRolesReachWhatEitherReaches() {
        assertThat(Scope.of(Reach.OWN).union(Scope.of(Reach.TEAM))).isEqualTo(Scope.of(Reach.OWN, Reach.TEAM));
        assertThat(Scope.NONE.union(Scope.of(Reach.OWN))).isEqualTo(Scope.of(Reach.OWN));
        assertThat(Scope.of(Reach.OWN).union(Scope.ALL)).isEqualTo(Scope.ALL);
        assertThat(new Scope(true, Set.of(Reach.OWN))).as("all needs no reach").isEqualTo(Scope.ALL);
    }

    @Test
    void scopeBecomesOneConditionOverTheOwnerColumn() {
        var owner = DSL.field(DSL.name("rec_contact", "responsible_manager"), SQLDataType.VARCHAR);
        var sql = DSL.using(SQLDialect.H2);
        assertThat(RecordScope.condition(Scope.ALL, NINA, owner)).isEqualTo(DSL.noCondition());
        assertThat(sql.renderInlined(RecordScope.condition(Scope.NONE, NINA, owner))).isEqualTo("false");
        assertThat(sql.renderInlined(RecordScope.condition(Scope.of(Reach.OWN, Reach.UNASSIGNED), NINA, owner)))
                .contains("\"responsible_manager\" = 'nina'").contains("\"responsible_manager\" is null");
        assertThat(sql.renderInlined(RecordScope.condition(Scope.of(Reach.TEAM), NINA, owner)))
                .contains("\"team_member\"").contains("'u-1'");
    }

    @Test
    void anEntityWithoutAResponsibleUserHasOnlyUnassignedRecords() {
        var sql = DSL.using(SQLDialect.H2);
        assertThat(sql.renderInlined(RecordScope.condition(Scope.of(Reach.OWN, Reach.TEAM), NINA, null))).isEqualTo("false");
        assertThat(sql.renderInlined(RecordScope.condition(Scope.of(Reach.UNASSIGNED), NINA, null))).isEqualTo("true");
    }
}
