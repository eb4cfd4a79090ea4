package io.voronka.process;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.event.LiveNotice;
import io.voronka.kernel.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.flowable.engine.TaskService;
import org.flowable.task.api.Task;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Reminds the inbox of due tasks with live notices ({@code change} "due" when a task is due within
 * the lead time, "overdue" once its due date passed), each once per task: every node sweeps, and a
 * reminder goes out only from the node whose row in {@code task_reminder} was inserted.
 */
public final class TaskReminders {

    static final Duration LEAD_TIME = Duration.ofMinutes(30);
    /** Tasks overdue for longer were reminded of already (or the cluster was down that long: no flood on restart). */
    static final Duration WINDOW = Duration.ofDays(1);
    private static final int BATCH = 200;
    private static final Table<?> REMINDER = table(name("task_reminder"));
    private static final Field<String> TASK = field(name("task_id"), SQLDataType.VARCHAR);
    private static final Field<String> KIND = field(name("kind"), SQLDataType.VARCHAR);
    private static final Field<LocalDateTime> SENT = field(name("sent_at"), SQLDataType.LOCALDATETIME(3));

    private final TaskService tasks;
    private final Database database;
    private final Vertx vertx;
    private final Clock clock;

    public TaskReminders(TaskService tasks, Database database, Vertx vertx, Clock clock) {
        this.tasks = tasks;
        this.database = database;
        this.vertx = vertx;
        this.clock = clock;
    }

    /** One sweep; answers how many reminders this node sent. */
    public int sweep() {
        Date now = Date.from(clock.instant());
        int sent = 0;
        List<Task> due;
        int first = 0;
        do {
            due = tasks.createTaskQuery().active().taskDueBefore(Date.from(clock.instant().plus(LEAD_TIME)))
                    .taskDueAfter(Date.from(clock.instant().minus(WINDOW)))
                    .includeProcessVariables().orderByDueDateNullsLast().asc().orderByTaskId().asc().listPage(first, BATCH);
            first += BATCH;
            sent += remind(due, now);
        } while (due.size() == BATCH);
        return sent;
    }

    private int remind(List<Task> due, Date now) {
        int sent = 0;
        for (Task task : due) {
            String kind = task.getDueDate().before(now) ? "overdue" : "due";
            if (claim(task.getId(), kind)) {
                Object entity = task.getProcessVariables().get(ProcessVariables.ENTITY);
                Object recordId = task.getProcessVariables().get(ProcessVariables.RECORD_ID);
                JsonObject notice = LiveNotice.task(kind, task.getId(), task.getAssignee(),
                        entity == null ? null : entity.toString(), recordId == null ? null : recordId.toString());
                vertx.eventBus().publish(LiveNotice.ADDRESS, notice);
                sent++;
            }
        }
        return sent;
    }

    /** True for the one node whose row went in; a second sweep or node finds it there. */
    private boolean claim(String taskId, String kind) {
        try {
            return database.inTransaction(c -> DSL.using(c, database.dialect()).insertInto(REMINDER, TASK, KIND, SENT)
                    .select(DSL.select(DSL.val(taskId), DSL.val(kind), DSL.val(LocalDateTime.now(clock.withZone(ZoneOffset.UTC))))
                            .whereNotExists(DSL.selectOne().from(REMINDER).where(TASK.eq(taskId)).and(KIND.eq(kind))))
                    .execute()) == 1;
        } catch (DataAccessException e) {
            return false; // another node inserted it at the same moment
        }
    }
}
