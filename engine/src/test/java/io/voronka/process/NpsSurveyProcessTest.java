package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voronka.kernel.rule.RuleFailed;
import io.voronka.record.RecordData;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.runtime.Execution;
import org.flowable.engine.test.Deployment;
import org.flowable.job.api.Job;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.Test;

/**
 * The shipped NPS survey after a won deal: the survey email, then the answer as a message (what
 * the nps-answer webhook delivers, proven over HTTP in {@link ShippedTriggersWalkTest}) or a timeout;
 * the score lands on the deal and a detractor gets a call.
 */
class NpsSurveyProcessTest extends ShippedProcessTest {

    private static final String NPS = "process-definitions/nps-survey.bpmn20.xml";

    @Test
    @Deployment(resources = NPS)
    void aWonDealsClientGetsTheSurveyAndTheScoreLandsOnTheDeal(RuntimeService runtime, TaskService tasks,
                                                              ManagementService jobs, HistoryService history) {
        RecordData deal = wonDeal("Office furniture for Ozon", "buyer@ozon.example");
        String instance = surveyed(runtime, jobs, deal);
        assertThat(pluginAction.calls()).singleElement().satisfies(call -> assertThat(call.inputs())
                .containsEntry("to", "buyer@ozon.example")
                .containsEntry("subject", "How did we do? Office furniture for Ozon"));

        answer(runtime, deal, 9, "Fast delivery");

        assertThat(shipped.get("deal", deal.id()).values()).containsEntry("nps_comment", "Fast delivery")
                .hasEntrySatisfying("nps_score", score -> assertThat(new BigDecimal(score.toString())).isEqualByComparingTo("9"));
        assertThat(tasks.createTaskQuery().processInstanceId(instance).count()).isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult().getEndActivityId())
                .isEqualTo("scored");
    }

    @Test
    @Deployment(resources = NPS)
    void aDetractorGetsACallFromTheResponsibleManager(RuntimeService runtime, TaskService tasks, ManagementService jobs) {
        RecordData deal = wonDeal("Printers for Magnit", "it@magnit.example");
        String instance = surveyed(runtime, jobs, deal);

        answer(runtime, deal, 3, "Late and rude");

        Task call = tasks.createTaskQuery().processInstanceId(instance).singleResult();
        assertThat(call.getTaskDefinitionKey()).isEqualTo("callDetractor");
        assertThat(call.getName()).isEqualTo("Call the unhappy client: Printers for Magnit");
        assertThat(call.getAssignee()).isEqualTo("nina");
        assertThat(call.getFormKey()).isEqualTo("call-detractor");
    }

    @Test
    @Deployment(resources = NPS)
    void aScoreOutOfRangeIsIgnoredAndTwoWeeksOfSilenceEndTheSurvey(RuntimeService runtime, ManagementService jobs,
                                                                   HistoryService history) {
        RecordData deal = wonDeal("Servers for Sber", "cto@sber.example");
        String instance = surveyed(runtime, jobs, deal);

        answer(runtime, deal, 42, "out of range");
        // Text where a number belongs fails the delivery as a whole (the webhook answers 422) and changes nothing.
        assertThatThrownBy(() -> answer(runtime, deal, "nine", "not a number")).satisfies(e -> assertThat(
                java.util.stream.Stream.iterate(e, java.util.Objects::nonNull, Throwable::getCause)).hasAtLeastOneElementOfType(RuleFailed.class));
        assertThat(runtime.getVariable(instance, "comment")).isEqualTo("out of range");
        assertThat(shipped.get("deal", deal.id()).values().get("nps_score")).isNull();
        assertThat(waiting(runtime, deal)).as("still waiting for a real answer").isNotNull();

        Job timeout = jobs.createTimerJobQuery().processInstanceId(instance).singleResult();
        assertThat(timeout.getDuedate().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(13)));
        jobs.executeJob(jobs.moveTimerToExecutableJob(timeout.getId()).getId());

        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult().getEndActivityId())
                .isEqualTo("unanswered");
        assertThat(waiting(runtime, deal)).isNull();
    }

    @Test
    @Deployment(resources = NPS)
    void aDealWithoutASurveyEmailIsNotSurveyed(RuntimeService runtime, ManagementService jobs, HistoryService history) {
        RecordData deal = wonDeal("Cash desks for a kiosk", null);
        String instance = runtime.startProcessInstanceByKey("nps-survey", deal.id(), ProcessVariables.of(deal)).getId();

        assertThat(jobs.createJobQuery().processInstanceId(instance).count()).isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult().getEndActivityId())
                .isEqualTo("notAsked");
    }

    @Test
    @Deployment(resources = NPS)
    void withoutASurveyEmailTheSurveyGoesToTheDealsContactAsItIsNow(RuntimeService runtime, ManagementService jobs,
                                                                   HistoryService history) {
        RecordData contact = shipped.create("contact", Map.of("first_name", "Olga", "last_name", "Petrova",
                "email", "olga@petrova.example"));
        Map<String, Object> values = new HashMap<>(Map.of("title", "Shelves for a bakery", "stage", "won",
                "responsible_manager", "nina", "contact_id", contact.id()));
        RecordData deal = shipped.create("deal", values);
        // The contact's address changed after the deal was won: the survey reads it when it is sent.
        shipped.records.update(io.voronka.kernel.event.Origin.API, ShippedRecords.TEST, "contact", contact.id(),
                contact.version(), Map.of("email", "olga@bakery.example"));

        surveyed(runtime, jobs, deal);
        assertThat(pluginAction.calls()).singleElement().satisfies(call -> assertThat(call.inputs())
                .containsEntry("to", "olga@bakery.example"));

        // A deal that names its own survey email keeps it, contact or not.
        pluginAction.calls().clear();
        values.put("title", "Ovens for a bakery");
        values.put("survey_email", "owner@bakery.example");
        surveyed(runtime, jobs, shipped.create("deal", values));
        assertThat(pluginAction.calls()).singleElement().satisfies(call -> assertThat(call.inputs())
                .containsEntry("to", "owner@bakery.example"));

        // A contact without an email is nobody to ask.
        RecordData silent = shipped.create("contact", Map.of("first_name", "Ivan", "last_name", "Silent"));
        values.remove("survey_email");
        values.put("contact_id", silent.id());
        RecordData unreachable = shipped.create("deal", values);
        String instance = runtime.startProcessInstanceByKey("nps-survey", unreachable.id(), ProcessVariables.of(unreachable))
                .getId();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult().getEndActivityId())
                .isEqualTo("notAsked");
    }

    private RecordData wonDeal(String title, String surveyEmail) {
        Map<String, Object> values = new HashMap<>(Map.of("title", title, "stage", "won", "responsible_manager", "nina"));
        if (surveyEmail != null) {
            values.put("survey_email", surveyEmail);
        }
        return shipped.create("deal", values);
    }

    /** Started as the deal's stage trigger starts it; the asynchronous survey email sent. */
    private static String surveyed(RuntimeService runtime, ManagementService jobs, RecordData deal) {
        String instance = runtime.startProcessInstanceByKey("nps-survey", deal.id(), ProcessVariables.of(deal)).getId();
        jobs.executeJob(jobs.createJobQuery().processInstanceId(instance).singleResult().getId());
        return instance;
    }

    /** What the webhook does with {"record": dealId, "score": ..., "comment": ...}. */
    private static void answer(RuntimeService runtime, RecordData deal, Object score, String comment) {
        Execution waiting = waiting(runtime, deal);
        assertThat(waiting).as("an instance waiting for the answer").isNotNull();
        runtime.messageEventReceived("npsAnswer", waiting.getId(), Map.of("score", score, "comment", comment));
    }

    private static Execution waiting(RuntimeService runtime, RecordData deal) {
        var instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(deal.id()).singleResult();
        return instance == null ? null : runtime.createExecutionQuery().processInstanceId(instance.getId())
                .messageEventSubscriptionName("npsAnswer").singleResult();
    }
}
