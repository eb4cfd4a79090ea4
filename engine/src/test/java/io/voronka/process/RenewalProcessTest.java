package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.record.RecordData;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
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

    private RecordData deal(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(values);
        all.put("title", "Contract " + values.get("product"));
        all.put("stage", "won");
        all.put("responsible_manager", "nina");
        return shipped.create("deal", all);
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
