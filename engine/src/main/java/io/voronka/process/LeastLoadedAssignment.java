package io.voronka.process;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.auth.UserStore;
import java.sql.Connection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.flowable.identitylink.api.IdentityLink;
import org.flowable.task.service.delegate.DelegateTask;
import org.flowable.task.service.delegate.TaskListener;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Hands a new task to the member of its candidate group with the fewest open tasks; ties go to
 * whoever waited longest since their last assignment. The group's users are locked in the task's
 * transaction (as for round-robin), so two tasks created at once on two nodes count each other.
 * The assignee becomes responsible for the task's record when it has nobody yet.
 */
public final class LeastLoadedAssignment implements TaskListener {

    private static final org.jooq.Field<String> ASSIGNEE = field(name("ASSIGNEE_"), SQLDataType.VARCHAR);

    private final UserStore users;
    private final RecordResponsible responsible;
    private final SQLDialect dialect;

    LeastLoadedAssignment(UserStore users, RecordResponsible responsible, SQLDialect dialect) {
        this.users = users;
        this.responsible = responsible;
        this.dialect = dialect;
    }

    @Override
    public void notify(DelegateTask task) {
        if (task.getAssignee() != null) {
            return;
        }
        Connection connection = FlowableTransaction.connection();
        for (IdentityLink candidate : task.getCandidates()) {
            if (candidate.getGroupId() == null) {
                continue;
            }
            List<String> rotation = users.rotation(connection, candidate.getGroupId());
            if (rotation.isEmpty()) {
                continue;
            }
            Map<String, Integer> open = openTasks(connection, rotation);
            String pick = rotation.stream()
                    .min(Comparator.comparingInt((String u) -> open.getOrDefault(u, 0)).thenComparingInt(rotation::indexOf))
                    .orElseThrow();
            users.markAssigned(connection, pick);
            task.setAssignee(pick);
            responsible.fillIfEmpty(task, pick);
            return;
        }
    }

    /** Open tasks per user, as Flowable's runtime table holds them (this task is not yet among them). */
    private Map<String, Integer> openTasks(Connection connection, List<String> usernames) {
        return DSL.using(connection, dialect).select(ASSIGNEE, count()).from(table(name("ACT_RU_TASK")))
                .where(ASSIGNEE.in(usernames)).groupBy(ASSIGNEE).fetchMap(ASSIGNEE, count());
    }
}
