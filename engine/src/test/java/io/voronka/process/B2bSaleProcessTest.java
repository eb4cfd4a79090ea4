package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.record.RecordData;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.Lane;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.test.Deployment;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.Test;

/**
 * The shipped nonlinear B2B sale on its own, with the real record steps over the shipped deal:
 * proposal and negotiation loop, legal and finance approve in parallel, and a lost deal keeps its
 * reason. The lanes are the pipeline's stages.
 */
class B2bSaleProcessTest extends ShippedProcessTest {

    private static final String B2B_SALE = "process-definitions/b2b-sale.bpmn20.xml";

    @Test
    @Deployment(resources = B2B_SALE)
    void negotiationSendsTheDealBackToAProposalAndBothApprovalsWinIt(RuntimeService runtime, TaskService tasks,
                                                                   HistoryService history) {
        RecordData deal = deal("Warehouse automation for Polyus");
        String instance = start(runtime, deal);
        assertThat(stage(deal)).isEqualTo("qualified");

        Task qualify = only(tasks, instance);
        assertThat(qualify.getTaskDefinitionKey()).isEqualTo("qualify");
        assertThat(qualify.getAssignee()).isEqualTo("nina");
        assertThat(qualify.getFormKey()).isEqualTo("qualify-deal");
        tasks.complete(qualify.getId(), Map.of("qualification", "qualified"));
        assertThat(stage(deal)).isEqualTo("proposal");

        tasks.complete(expect(tasks, instance, "prepareProposal").getId(), Map.of("proposal_amount", 1_200_000));
        assertThat(stage(deal)).isEqualTo("negotiation");
        assertThat(amount(deal)).isEqualByComparingTo("1200000");

        // The client asks for a cheaper offer: back to the proposal stage, a second proposal, talks again.
        tasks.complete(expect(tasks, instance, "negotiate").getId(), Map.of("negotiation", "revise"));
        assertThat(stage(deal)).isEqualTo("proposal");
        tasks.complete(expect(tasks, instance, "prepareProposal").getId(), Map.of("proposal_amount", 950_000));
        assertThat(amount(deal)).isEqualByComparingTo("950000");
        tasks.complete(expect(tasks, instance, "negotiate").getId(), Map.of("negotiation", "agreed"));

        // Legal and finance review at the same time, each in its own group's pool.
        List<Task> reviews = tasks.createTaskQuery().processInstanceId(instance).orderByTaskDefinitionKey().asc().list();
        assertThat(reviews).extracting(Task::getTaskDefinitionKey).containsExactly("financeReview", "legalReview");
        assertThat(tasks.createTaskQuery().taskCandidateGroup("legal").processInstanceId(instance).count()).isEqualTo(1);
        assertThat(tasks.createTaskQuery().taskCandidateGroup("finance").processInstanceId(instance).count()).isEqualTo(1);
        tasks.complete(expect(tasks, instance, "financeReview").getId(), Map.of("finance_decision", "approved"));
        assertThat(stage(deal)).isEqualTo("negotiation");
        tasks.complete(expect(tasks, instance, "legalReview").getId(), Map.of("legal_decision", "approved"));

        RecordData won = shipped.get("deal", deal.id());
        assertThat(won.values()).containsEntry("stage", "won").containsEntry("closed_on", LocalDate.now());
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult().getEndActivityId())
                .isEqualTo("won");
    }

    @Test
    @Deployment(resources = B2B_SALE)
    void anApprovalAskingForChangesReturnsTheDealToNegotiation(RuntimeService runtime, TaskService tasks) {
        RecordData deal = deal("CRM rollout for Tander");
        String instance = start(runtime, deal);
        tasks.complete(only(tasks, instance).getId(), Map.of("qualification", "qualified"));
        tasks.complete(expect(tasks, instance, "prepareProposal").getId(), Map.of("proposal_amount", 400_000));
        tasks.complete(expect(tasks, instance, "negotiate").getId(), Map.of("negotiation", "agreed"));

        tasks.complete(expect(tasks, instance, "legalReview").getId(), Map.of("legal_decision", "changes_needed"));
        tasks.complete(expect(tasks, instance, "financeReview").getId(), Map.of("finance_decision", "approved"));

        assertThat(only(tasks, instance).getTaskDefinitionKey()).isEqualTo("negotiate");
        assertThat(stage(deal)).isEqualTo("negotiation");
    }

    @Test
    @Deployment(resources = B2B_SALE)
    void aLostDealKeepsItsReasonAndOtherWithoutACommentIsAskedAgain(RuntimeService runtime, TaskService tasks,
                                                                   HistoryService history) {
        RecordData deal = deal("Fleet tracking for Delovye Linii");
        String instance = start(runtime, deal);
        tasks.complete(only(tasks, instance).getId(), Map.of("qualification", "not_qualified"));

        // "Other" needs a comment (the deal's own rule): the manager gets the task back, the deal stays open.
        Map<String, Object> noComment = new HashMap<>();
        noComment.put("loss_reason", "other");
        noComment.put("loss_comment", null);
        tasks.complete(expect(tasks, instance, "recordLoss").getId(), noComment);
        assertThat(expect(tasks, instance, "recordLoss").getAssignee()).isEqualTo("nina");
        assertThat(stage(deal)).isEqualTo("qualified");

        tasks.complete(expect(tasks, instance, "recordLoss").getId(),
                Map.of("loss_reason", "other", "loss_comment", "Merged with a company that has its own CRM"));

        assertThat(shipped.get("deal", deal.id()).values()).containsEntry("stage", "lost").containsEntry("loss_reason", "other")
                .containsEntry("loss_comment", "Merged with a company that has its own CRM")
                .containsEntry("closed_on", LocalDate.now());
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance).singleResult().getEndActivityId())
                .isEqualTo("lost");
    }

    @Test
    @Deployment(resources = B2B_SALE)
    void theLanesAreThePipelineStagesInOrderAndHoldEveryStep(RepositoryService repository) {
        var definition = repository.createProcessDefinitionQuery().processDefinitionKey("b2b-sale").singleResult();
        var process = repository.getBpmnModel(definition.getId()).getProcessById("b2b-sale");

        assertThat(process.getLanes()).extracting(Lane::getName)
                .containsExactly("Qualification", "Proposal", "Negotiation", "Approval", "Closing");
        assertThat(io.voronka.pipeline.StageMap.of(process).orElseThrow().stages())
                .as("a Russian team's board names the stages in Russian")
                .extracting(stage -> stage.labels().get("ru"))
                .containsExactly("Квалификация", "Предложение", "Переговоры", "Согласование", "Закрытие");
        for (FlowNode node : process.findFlowElementsOfType(FlowNode.class)) {
            assertThat(process.getLanes().stream().filter(lane -> lane.getFlowReferences().contains(node.getId())))
                    .as("the lanes holding %s", node.getId()).hasSize(1);
        }
    }

    private RecordData deal(String title) {
        return shipped.create("deal", Map.of("title", title, "stage", "new", "responsible_manager", "nina"));
    }

    private static String start(RuntimeService runtime, RecordData deal) {
        return runtime.startProcessInstanceByKey("b2b-sale", deal.id(), ProcessVariables.of(deal)).getId();
    }

    private String stage(RecordData deal) {
        return (String) shipped.get("deal", deal.id()).values().get("stage");
    }

    private BigDecimal amount(RecordData deal) {
        return new BigDecimal(shipped.get("deal", deal.id()).values().get("amount").toString());
    }

    private static Task only(TaskService tasks, String instance) {
        return tasks.createTaskQuery().processInstanceId(instance).singleResult();
    }

    private static Task expect(TaskService tasks, String instance, String key) {
        Task task = tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(key).singleResult();
        assertThat(task).as("an open %s task", key).isNotNull();
        return task;
    }
}
