package io.voronka.process;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.rule.RuleSchema;
import io.voronka.record.ProcessConditionSchema;
import java.nio.charset.StandardCharsets;

/**
 * The names a gateway condition may read, for the designer's check as you type: those of every
 * process, and with the draft at hand those its own elements declare, read by the same
 * {@link ProcessPolicy} that reviews the draft on save.
 */
final class DraftConditions implements ProcessConditionSchema {

    private final ProcessPolicy policy;

    DraftConditions(ProcessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public RuleSchema around(RuleSchema entity) {
        return ProcessVariablesSchema.around(entity);
    }

    @Override
    public RuleSchema around(RuleSchema entity, String model) {
        BpmnDocument draft;
        try {
            draft = BpmnDocument.read(model.getBytes(StandardCharsets.UTF_8));
        } catch (DomainError e) {
            throw DomainError.invalid("model", "bpmn", Message.of("rule.trial.model-bpmn"));
        }
        return policy.draftConditions(entity, draft.model());
    }
}
