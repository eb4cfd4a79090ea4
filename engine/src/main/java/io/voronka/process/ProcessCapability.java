package io.voronka.process;

import io.voronka.access.AccessControl;
import io.voronka.auth.UserStore;
import io.voronka.form.FormCatalog;
import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.kernel.access.RecordVisibility;
import io.voronka.kernel.config.ContentFolder;
import io.voronka.kernel.storage.Utf8mb4Schema;
import io.voronka.kernel.cluster.CatalogSync;
import io.voronka.kernel.rule.RuleSchema;
import io.voronka.record.EntityCatalog;
import io.voronka.record.EntityDefinitions;
import java.util.Optional;
import io.voronka.record.EntityRuleSchema;
import io.voronka.record.RecordService;
import java.util.List;
import org.flowable.common.engine.api.FlowableOptimisticLockingException;
import org.flowable.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BPMN processes: the Flowable engine on the shared pool, the shipped definitions checked by
 * {@link ProcessPolicy} and deployed, the record-trigger consumer of the outbox, the task inbox and
 * process history. Starts after every capability that contributes step beans.
 */
public final class ProcessCapability implements Capability {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessCapability.class);
    private static final java.time.Duration SCHEDULE_SWEEP = java.time.Duration.ofSeconds(15);
    private static final java.time.Duration REMINDER_SWEEP = java.time.Duration.ofMinutes(1);
    private Schedules schedules;
    private TaskReminders reminders;
    private ProcessStarts starts;
    @Override
    public String name() {
        return "processes";
    }

    @Override
    public List<String> migrations() {
        return List.of("classpath:io/voronka/process/migration");
    }

    @Override
    public List<String> eventConsumers() {
        return List.of(ProcessTriggers.CONSUMER);
    }

    @Override
    public void start(Kernel kernel) {
        RecordService records = kernel.require(RecordService.class);
        EntityDefinitions entities = kernel.require(EntityDefinitions.class);
        FormCatalog taskForms = kernel.require(FormCatalog.class);
        kernel.step("createRecord", new CreateRecordStep(records));
        UserStore users = kernel.require(UserStore.class);
        RecordResponsible responsible = new RecordResponsible(records);
        kernel.step("roundRobin", new RoundRobinAssignment(users, responsible));
        kernel.step("leastLoaded", new LeastLoadedAssignment(users, responsible, kernel.database().dialect()));
        kernel.step("updateRecord", new UpdateRecordStep(records));
        kernel.step("startForEach", new StartForEachStep(records));
        kernel.step("linkedValue", new LinkedValueStep(records));

        ProcessEngine engine = ProcessEngineFactory.build(kernel.database(), kernel.nodeName(),
                new ProcessEngineFactory.JobLocks(kernel.config().jobLockTime(), kernel.config().expiredJobsResetInterval()),
                kernel.steps(), kernel.sandbox(), kernel.budget());
        kernel.closeOnStop(() -> close(engine));
        kernel.provide(ProcessEngine.class, engine);
        // After Flowable created or upgraded its tables, before anything writes text to them.
        Utf8mb4Schema.enforce(kernel.database());

        ProcessPolicy policy = new ProcessPolicy(kernel.sandbox(), kernel.steps().keySet(),
                entity -> ruleSchemaOf(entities.get(), entity),
                formKey -> taskForms.find(formKey).map(f -> EntityRuleSchema.ofFields(f.key(), f.fields())));
        kernel.provide(io.voronka.record.ProcessConditionSchema.class, new DraftConditions(policy));
        ProcessDeployer.deploy(engine.getRepositoryService(),
                ContentFolder.read(kernel.config().processesDir(), "process-definitions"), policy);
        TriggerCatalog triggers = new TriggerCatalog(engine.getRepositoryService());
        triggers.reload();
        // Processes deployed through the API on any node reach this node's triggers.
        ProcessDefinitions definitions = new ProcessDefinitions(engine.getRepositoryService(), policy, triggers);
        definitions.syncWith(kernel.require(CatalogSync.class));
        kernel.routes(new ProcessDefinitionRoutes(definitions)::register);
        kernel.provide(io.voronka.form.TaskFormUsers.class, new FormUsingProcesses(engine.getRepositoryService()));

        kernel.consumer(new ProcessTriggers(triggers, records, engine.getManagementService(), engine.getRuntimeService(),
                kernel.metrics()));
        // Inboxes on every node refresh when a task is created, assigned or completed.
        new TaskNotices(kernel.vertx()).register(engine.getRuntimeService());
        // Task names in other languages, for the inbox and the card's timeline.
        TaskLabels labels = new TaskLabels(new ElementLabels(engine.getRepositoryService()), engine.getTaskService(),
                engine.getHistoryService());
        labels.register(engine.getRuntimeService());
        kernel.provide(TaskLabels.class, labels);
        StepSkips skips = new StepSkips(kernel.database(), engine.getManagementService(), engine.getRuntimeService(),
                engine.getRepositoryService());
        kernel.provide(StepSkips.class, skips);
        kernel.incidents(new DeadLetterJobs(engine.getManagementService(), engine.getRuntimeService(), skips));
        // Without the plugin capability no step waits outside Flowable, so there is nothing to add.
        StepFailures failures = kernel.find(StepFailures.class).orElse(processInstance -> java.util.List.of());
        designer(kernel, engine, policy, definitions, failures, skips);
        RecordVisibility visibility = kernel.require(RecordVisibility.class);
        TeamHeads heads = kernel.find(AccessControl.class).<TeamHeads>map(access -> head -> TeamsLed.members(access, head))
                .orElse(head -> java.util.Set.of());
        Inbox inbox = new Inbox(engine.getTaskService(), taskForms, visibility, new TaskRecordCards(records), heads,
                username -> kernel.database().withConnection(c -> users.findByUsername(c, username))
                        .filter(io.voronka.auth.User::active).map(io.voronka.auth.User::actor), labels);
        kernel.provide(Inbox.class, inbox);
        kernel.routes(new InboxRoutes(inbox)::register);
        kernel.routes(new ProcessRoutes(new ProcessHistory(engine.getHistoryService(), engine.getManagementService(),
                engine.getRepositoryService(), failures, visibility, labels))::register);
        starts = new ProcessStarts(engine.getRuntimeService(), records, triggers, kernel.database());
        kernel.routes(new TriggerRoutes(
                new Webhooks(kernel.database(), triggers, engine.getRuntimeService(), engine.getManagementService()),
                starts)::register);
        reminders = new TaskReminders(engine.getTaskService(), kernel.database(), kernel.vertx(), java.time.Clock.systemUTC());
        schedules = new Schedules(triggers, engine.getRuntimeService(), engine.getManagementService(),
                kernel.database().dialect(), java.time.Clock.systemUTC());
    }

    @Override
    public void running(Kernel kernel) {
        // Every node sweeps; the schedule row's compare-and-set lets one of them fire each tick.
        long timer = kernel.vertx().setPeriodic(SCHEDULE_SWEEP.toMillis(),
                id -> kernel.vertx().executeBlocking(schedules::sweep, false));
        kernel.closeOnStop(() -> kernel.vertx().cancelTimer(timer));
        long reminding = kernel.vertx().setPeriodic(REMINDER_SWEEP.toMillis(),
                id -> kernel.vertx().executeBlocking(() -> reminders.sweep() + starts.failAbandoned(), false));
        kernel.closeOnStop(() -> kernel.vertx().cancelTimer(reminding));
    }

    /** The designer's models, versions and migration, and the operators' instance view. */
    private static void designer(Kernel kernel, ProcessEngine engine, ProcessPolicy policy, ProcessDefinitions definitions,
                                 StepFailures failures, StepSkips skips) {
        StepActions actions = kernel.find(StepActions.class).orElse(StepActions.NONE);
        ProcessVersions versions = new ProcessVersions(engine.getRepositoryService(), engine.getRuntimeService());
        ProcessModels models = new ProcessModels(kernel.database(), policy, actions, definitions);
        kernel.provide(ProcessModels.class, models);
        kernel.routes(new ProcessModelRoutes(models, versions,
                new InstanceMigration(engine.getProcessMigrationService(), engine.getRepositoryService(),
                        engine.getRuntimeService(), engine.getManagementService(), versions))::register);
        kernel.routes(new InstanceViewRoutes(new InstanceView(engine.getHistoryService(), engine.getRuntimeService(),
                engine.getManagementService(), engine.getRepositoryService(), failures, actions, skips))::register);
    }

    private static Optional<RuleSchema> ruleSchemaOf(EntityCatalog catalog, String entity) {
        return catalog.find(entity).map(e -> catalog.ruleSchema(e, false));
    }

    private static void close(ProcessEngine engine) {
        try {
            engine.close();
        } catch (FlowableOptimisticLockingException e) {
            // The executor unlocks its queued jobs on shutdown and may race a job that just
            // finished; what stays locked is picked up again when its lock expires.
            LOG.warn("a process job changed while the engine stopped: {}", e.getMessage());
        }
    }
}
