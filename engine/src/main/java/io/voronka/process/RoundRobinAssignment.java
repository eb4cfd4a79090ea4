package io.voronka.process;

import io.voronka.auth.UserStore;
import org.flowable.identitylink.api.IdentityLink;
import org.flowable.task.service.delegate.DelegateTask;
import org.flowable.task.service.delegate.TaskListener;

/**
 * Hands a new task to the next person of its candidate group in turn. The rotation state is a
 * timestamp per user, updated in the task's transaction under row locks, so concurrent tasks on
 * several nodes spread evenly. A group with nobody in it leaves the task open for claiming. The
 * assignee becomes responsible for the task's record when it has nobody yet.
 */
public final class RoundRobinAssignment implements TaskListener {

    private final UserStore users;
    private final RecordResponsible responsible;

    RoundRobinAssignment(UserStore users, RecordResponsible responsible) {
        this.users = users;
        this.responsible = responsible;
    }

    @Override
    public void notify(DelegateTask task) {
        if (task.getAssignee() != null) {
            return;
        }
        for (IdentityLink candidate : task.getCandidates()) {
            if (candidate.getGroupId() != null) {
                users.nextInRotation(FlowableTransaction.connection(), candidate.getGroupId())
                        .ifPresent(task::setAssignee);
                if (task.getAssignee() != null) {
                    responsible.fillIfEmpty(task, task.getAssignee());
                    return;
                }
            }
        }
    }
}
