package io.voronka.timeline;

import io.vertx.core.json.JsonObject;
import io.voronka.auth.UserStore;
import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.kernel.access.RecordVisibility;
import io.voronka.kernel.access.UserDirectory;
import io.voronka.kernel.event.LiveNotice;
import io.voronka.kernel.incident.RetryPolicy;
import io.voronka.plugin.JournaledCalls;
import io.voronka.plugin.OutgoingEmail;
import io.voronka.process.TaskLabels;
import io.voronka.record.RecordService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.flowable.engine.ProcessEngine;

/**
 * The record card's life story: the timeline (history, comments, reminders, tasks, process steps,
 * messages), comments with mentions and reminders with their sweep. Its tables are the card's
 * shared tables of the record capability's migrations (keyed by entity and record). Starts after
 * processes and plugins, whose history it reads.
 */
public final class TimelineCapability implements Capability {

    private static final long SWEEP_MILLIS = 2000;
    // An email the SMTP server keeps refusing for now: 6 tries over about 10 minutes, then it stops (logged).
    private static final RetryPolicy MAIL_RETRIES = new RetryPolicy(6, Duration.ofSeconds(20), Duration.ofMinutes(5));
    private static final Duration MAIL_LEASE = Duration.ofMinutes(3);

    private ReminderSweep sweep;

    @Override
    public String name() {
        return "timeline";
    }

    @Override
    public void start(Kernel kernel) {
        RecordService records = kernel.require(RecordService.class);
        UserDirectory users = kernel.require(UserDirectory.class);
        // A notice for one user travels the clustered bus like every live notice; streams filter it.
        Consumer<JsonObject> notices = notice -> kernel.vertx().eventBus().publish(LiveNotice.ADDRESS, notice);
        Comments comments = new Comments(kernel.database(), records, users, notices);
        Reminders reminders = new Reminders(kernel.database(), records, kernel.require(RecordVisibility.class), users,
                Clock.systemUTC(), notices);
        List<TimelineSource> sources = new ArrayList<>(List.of(new HistorySource(kernel.database()), comments, reminders));
        kernel.find(ProcessEngine.class).ifPresent(engine -> sources.add(
                new ProcessTimeline(kernel.database(), engine.getHistoryService(), engine.getManagementService(),
                        engine.getTaskService(),
                        kernel.find(JournaledCalls.class).orElse(null), kernel.require(TaskLabels.class))));
        kernel.routes(new TimelineRoutes(new Timeline(records, sources), comments, reminders,
                new ActorNames(kernel.database(), kernel.require(UserStore.class)))::register);
        ReminderMail mail = new ReminderMail(kernel.database(), kernel.find(OutgoingEmail.class).orElse(null),
                kernel.require(UserStore.class), Clock.systemUTC(), MAIL_RETRIES, MAIL_LEASE);
        sweep = kernel.closeOnStop(new ReminderSweep(kernel.database(), kernel.nodeName(), Clock.systemUTC(), notices, mail));
    }

    @Override
    public void running(Kernel kernel) {
        sweep.start(kernel.vertx(), SWEEP_MILLIS);
    }
}
