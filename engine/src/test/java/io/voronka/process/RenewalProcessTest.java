package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.event.EventDeliveries;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.event.Outbox;
import io.voronka.kernel.field.FieldValues;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.record.EntityCatalog;
import io.voronka.record.RecordData;
import io.voronka.record.RecordQuery;
import io.voronka.record.RecordService;
import java.time.Clock;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.test.Deployment;
import org.flowable.job.api.Job;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.Test;

/**
 * The shipped renewal process (seed 001): a timer relative to the deal's expiry date gives the
 * responsible manager a task N days before, and a renewal becomes a repeat deal.
 */
class RenewalProcessTest extends ShippedProcessTest {

    private static final String RENEWAL = "process-definitions/renewal.bpmn20.xml";

    @Test
    @Deployment(resources = RENEWAL)
    void theManagerGetsATaskThirtyDaysBeforeExpiryAndARenewalOpensTheRepeatDeal(RuntimeService runtime, TaskService tasks,
                                                                                 ManagementService jobs) {
        RecordData contact = shipped.create("contact", Map.of("first_name", "Oleg", "last_name", "Sidorov"));
        LocalDate expiry = LocalDate.now().plusDays(100);
        RecordData deal = deal(Map.of("product", "1C:Enterprise license, 50 seats", "expires_on", expiry.toString(),
                "contact_id", contact.id(), "amount", 300_000));
        String instance = start(runtime, deal);

        Job timer = jobs.createTimerJobQuery().processInstanceId(instance).singleResult();
        assertThat(day(timer.getDuedate())).isEqualTo(expiry.minusDays(30));
        assertThat(tasks.createTaskQuery().processInstanceId(instance).count()).isZero();

        fire(jobs, timer);
        Task renewal = tasks.createTaskQuery().processInstanceId(instance).singleResult();
        assertThat(renewal.getName()).isEqualTo("Work the renewal: 1C:Enterprise license, 50 seats");
        assertThat(renewal.getAssignee()).isEqualTo("nina");
        assertThat(renewal.getFormKey()).isEqualTo("work-renewal");
        assertThat(day(renewal.getDueDate())).isEqualTo(expiry);

        tasks.complete(renewal.getId(), Map.of("renewal_outcome", "repeat_deal", "renewal_amount", 320_000,
                "workRenewalCompletedBy", "nina"));
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).count()).isZero();
        List<RecordData> repeats = shipped.records.list(ShippedRecords.TEST, "deal", io.voronka.record.RecordQuery.Request
                .firstPage(Map.of(), "title == 'Renewal: 1C:Enterprise license, 50 seats'", 10)).items();
        assertThat(repeats).singleElement().satisfies(repeat -> {
            assertThat(repeat.values()).containsEntry("stage", "qualified").containsEntry("contact_id", contact.id())
                    .containsEntry("responsible_manager", "nina").containsEntry("product", "1C:Enterprise license, 50 seats");
            assertThat(new BigDecimal(repeat.values().get("amount").toString())).isEqualByComparingTo("320000");
        });
    }

    @Test
    @Deployment(resources = RENEWAL)
    void theDealSaysHowManyDaysAheadAndAPastNoticeDateIsDueAtOnce(RuntimeService runtime, ManagementService jobs) {
        LocalDate expiry = LocalDate.now().plusDays(40);
        String tenDays = start(runtime, deal(Map.of("product", "Hosting", "expires_on", expiry.toString(), "renewal_notice_days", 10)));
        assertThat(day(jobs.createTimerJobQuery().processInstanceId(tenDays).singleResult().getDuedate()))
                .isEqualTo(expiry.minusDays(10));

        String late = start(runtime, deal(Map.of("product", "Support", "expires_on", LocalDate.now().plusDays(5).toString())));
        assertThat(jobs.createTimerJobQuery().processInstanceId(late).singleResult().getDuedate())
                .isBeforeOrEqualTo(new java.util.Date());
    }

    @Test
    @Deployment(resources = RENEWAL)
    void aDeclinedRenewalOrADealWithoutExpiryEndsWithoutARepeatDeal(RuntimeService runtime, TaskService tasks,
                                                                     ManagementService jobs, HistoryService history) {
        String none = start(runtime, deal(Map.of("product", "Nothing to renew")));
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(none).singleResult().getEndTime()).isNotNull();

        String declined = start(runtime, deal(Map.of("product", "Old plan", "expires_on", LocalDate.now().plusDays(60).toString())));
        fire(jobs, jobs.createTimerJobQuery().processInstanceId(declined).singleResult());
        tasks.complete(tasks.createTaskQuery().processInstanceId(declined).singleResult().getId(),
                Map.of("renewal_outcome", "declined", "workRenewalCompletedBy", "nina"));
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(declined).singleResult().getEndTime()).isNotNull();
        assertThat(shipped.matching("deal", "title == 'Renewal: Old plan'")).isEmpty();
    }

    @Test
    @Deployment(resources = RENEWAL)
    void aDealCreatedWithItsExpiryStartsTheRenewalOnceAsADealUpdatedToItDoes(RuntimeService runtime,
                                                                             RepositoryService repository,
                                                                             ManagementService management,
                                                                             HistoryService history) {
        TriggeredRecords triggered = new TriggeredRecords(repository, management, runtime);
        RecordData created = triggered.create(dealValues(Map.of("product", "CRM, 10 seats",
                "expires_on", LocalDate.now().plusDays(90).toString())));
        RecordData later = triggered.create(dealValues(Map.of("product", "CRM, 20 seats")));
        triggered.deliver();
        assertThat(renewalsOf(history, created)).isEqualTo(1);
        assertThat(renewalsOf(history, later)).isZero();

        triggered.update(later, Map.of("expires_on", LocalDate.now().plusDays(90).toString()));
        // A change of another field is no expiry change: neither deal starts a second renewal.
        triggered.update(created, Map.of("amount", 500_000));
        triggered.deliver();
        assertThat(renewalsOf(history, later)).isEqualTo(1);
        assertThat(renewalsOf(history, created)).isEqualTo(1);
    }

    private static long renewalsOf(HistoryService history, RecordData deal) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey("renewal")
                .processInstanceBusinessKey(deal.id()).count();
    }

    /**
     * The shipped records with their events going to the process triggers, delivered when the test
     * says, as the node's dispatcher does: each claimed and handled in the triggers' transaction.
     */
    private final class TriggeredRecords {

        private final RecordService records;
        private final ProcessTriggers triggers;
        private final EventDeliveries deliveries = new EventDeliveries(database.dialect());

        TriggeredRecords(RepositoryService repository, ManagementService management, RuntimeService runtime) {
            RuleSandbox sandbox = new RuleSandbox();
            EntityCatalog catalog = EntityCatalog.load(ShippedRecords.FORMS, sandbox);
            records = new RecordService(database, () -> catalog, new FieldValues("RU"), (connection, user) -> true,
                    ScopePolicy.UNRESTRICTED, new Outbox(database.dialect(), List.of(ProcessTriggers.CONSUMER)), () -> {
            }, sandbox, Clock.systemDefaultZone(), RecordQuery.DEFAULT_COUNT_LIMIT);
            TriggerCatalog catalogOfTriggers = new TriggerCatalog(repository);
            catalogOfTriggers.reload();
            triggers = new ProcessTriggers(catalogOfTriggers, records, management, runtime, new SimpleMeterRegistry());
        }

        RecordData create(Map<String, Object> values) {
            return records.create(Origin.API, ShippedRecords.TEST, "deal", values);
        }

        void update(RecordData deal, Map<String, Object> values) {
            int version = records.get(ShippedRecords.TEST, "deal", deal.id()).version();
            records.update(Origin.API, ShippedRecords.TEST, "deal", deal.id(), version, values);
        }

        void deliver() {
            List<EventDeliveries.Delivery> due = database.withConnection(
                    connection -> deliveries.due(connection, List.of(ProcessTriggers.CONSUMER), 100));
            for (EventDeliveries.Delivery delivery : due) {
                triggers.transaction(database).run(connection -> {
                    if (deliveries.claim(connection, ProcessTriggers.CONSUMER, delivery.event().id())) {
                        triggers.handle(connection, delivery.event());
                    }
                    return true;
                });
            }
        }
    }

    private RecordData deal(Map<String, Object> values) {
        return shipped.create("deal", dealValues(values));
    }

    private static Map<String, Object> dealValues(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(values);
        all.put("title", "Contract " + values.get("product"));
        all.put("stage", "won");
        all.put("responsible_manager", "nina");
        return all;
    }

    private static String start(RuntimeService runtime, RecordData deal) {
        return runtime.startProcessInstanceByKey("renewal", deal.id(), ProcessVariables.of(deal)).getId();
    }

    private static void fire(ManagementService jobs, Job timer) {
        Job due = jobs.moveTimerToExecutableJob(timer.getId());
        jobs.executeJob(due.getId());
    }

    private static LocalDate day(java.util.Date date) {
        return date.toInstant().atZone(ZoneId.systemDefault()).toLocalDate();
    }
}
