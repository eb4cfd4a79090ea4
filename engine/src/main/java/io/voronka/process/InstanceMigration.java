package io.voronka.process;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.engine.ProcessMigrationService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.migration.ActivityMigrationMapping;
import org.flowable.engine.migration.ProcessInstanceMigrationBuilder;
import org.flowable.engine.migration.ProcessInstanceMigrationValidationResult;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves running instances from one version of a process to another with Flowable's migration
 * service. An admin previews first (Flowable's own validation of each instance, plus the
 * activities where an instance waits that the new version does not have and no mapping moves);
 * a migration is validated again and refused as a whole, naming those activities, when any
 * instance cannot move. Only activity mappings are taken: no scripts or delegates run.
 */
public final class InstanceMigration {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceMigration.class);
    static final int MAX_INSTANCES = 500;

    private final ProcessMigrationService migrations;
    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final ProcessVersions versions;
    private final org.flowable.engine.ManagementService management;

    public InstanceMigration(ProcessMigrationService migrations, RepositoryService repository, RuntimeService runtime,
                             org.flowable.engine.ManagementService management, ProcessVersions versions) {
        this.management = management;
        this.migrations = migrations;
        this.repository = repository;
        this.runtime = runtime;
        this.versions = versions;
    }

    /** An activity of the old version and where its executions go in the new one. */
    public record Mapping(String from, String to) {
    }

    /** One running instance and whether it can move. */
    public record Candidate(String id, String recordId, List<String> activities, List<String> unmapped, List<String> messages) {
        public boolean canMigrate() {
            return unmapped.isEmpty() && messages.isEmpty();
        }
    }

    public List<Candidate> preview(String fromDefinitionId, String toDefinitionId, List<Mapping> mappings) {
        ProcessDefinition from = versions.definition(fromDefinitionId);
        ProcessDefinition to = target(toDefinitionId);
        checkMappings(from, to, mappings);
        BpmnModel target = repository.getBpmnModel(to.getId());
        Set<String> mapped = new LinkedHashSet<>();
        mappings.forEach(m -> mapped.add(m.from()));
        List<Candidate> candidates = new ArrayList<>();
        for (ProcessInstance instance : runtime.createProcessInstanceQuery().processDefinitionId(from.getId())
                .orderByStartTime().asc().listPage(0, MAX_INSTANCES)) {
            List<String> activities = runtime.createExecutionQuery().processInstanceId(instance.getId()).list().stream()
                    .map(org.flowable.engine.runtime.Execution::getActivityId).filter(java.util.Objects::nonNull)
                    .distinct().sorted().toList();
            List<String> unmapped = activities.stream()
                    .filter(a -> !mapped.contains(a) && target.getFlowElement(a) == null).toList();
            ProcessInstanceMigrationValidationResult result = builder(to, mappings).validateMigration(instance.getId());
            candidates.add(new Candidate(instance.getId(), instance.getBusinessKey(), activities, unmapped,
                    result.hasErrors() ? List.copyOf(result.getValidationMessages()) : List.of()));
        }
        return candidates;
    }

    /** Migrates every running instance of the version, or none: 422 naming what cannot move. */
    public int migrate(Actor actor, String fromDefinitionId, String toDefinitionId, List<Mapping> mappings) {
        List<Candidate> candidates = preview(fromDefinitionId, toDefinitionId, mappings);
        List<ValidationProblem> problems = new ArrayList<>();
        for (Candidate candidate : candidates) {
            candidate.unmapped().forEach(activity -> problems.add(new ValidationProblem(activity, "unmapped",
                    Message.of("process.migration.unmapped", candidate.id(), activity))));
            if (candidate.unmapped().isEmpty()) {
                candidate.messages().forEach(message -> problems.add(new ValidationProblem("mappings", "migration",
                        Message.of("process.migration.refused", candidate.id(), Message.literal(message)))));
            }
        }
        if (!problems.isEmpty()) {
            throw DomainError.invalid(problems.size() > 50 ? problems.subList(0, 50) : problems);
        }
        ProcessDefinition to = target(toDefinitionId);
        // One transaction: every instance moves, or (should one fail after all) none does.
        management.executeCommand(context -> {
            for (Candidate candidate : candidates) {
                builder(to, mappings).migrate(candidate.id());
            }
            return null;
        });
        LOG.info("{} instance(s) of {} migrated to {} by {}", candidates.size(), fromDefinitionId, toDefinitionId,
                actor.username());
        return candidates.size();
    }

    public static JsonObject toJson(Candidate candidate) {
        return new JsonObject().put("id", candidate.id()).put("recordId", candidate.recordId())
                .put("activities", new JsonArray(candidate.activities())).put("canMigrate", candidate.canMigrate())
                .put("unmapped", new JsonArray(candidate.unmapped())).put("messages", new JsonArray(candidate.messages()));
    }

    private ProcessInstanceMigrationBuilder builder(ProcessDefinition to, List<Mapping> mappings) {
        ProcessInstanceMigrationBuilder builder = migrations.createProcessInstanceMigrationBuilder()
                .migrateToProcessDefinition(to.getId());
        mappings.forEach(m -> builder.addActivityMigrationMapping(ActivityMigrationMapping.createMappingFor(m.from(), m.to())));
        return builder;
    }

    private ProcessDefinition target(String toDefinitionId) {
        try {
            return versions.definition(toDefinitionId);
        } catch (DomainError e) {
            throw DomainError.invalid("toDefinitionId", "exists", Message.of("process.migration.no-version"));
        }
    }

    private void checkMappings(ProcessDefinition from, ProcessDefinition to, List<Mapping> mappings) {
        BpmnModel source = repository.getBpmnModel(from.getId());
        BpmnModel target = repository.getBpmnModel(to.getId());
        List<ValidationProblem> problems = new ArrayList<>();
        for (int i = 0; i < mappings.size(); i++) {
            Mapping mapping = mappings.get(i);
            if (source.getFlowElement(mapping.from()) == null) {
                problems.add(new ValidationProblem("mappings[" + i + "].from", "exists",
                        Message.of("process.migration.no-activity", mapping.from(), from.getVersion())));
            }
            if (target.getFlowElement(mapping.to()) == null) {
                problems.add(new ValidationProblem("mappings[" + i + "].to", "exists",
                        Message.of("process.migration.no-activity", mapping.to(), to.getVersion())));
            }
        }
        if (!problems.isEmpty()) {
            throw DomainError.invalid(problems);
        }
    }
}
