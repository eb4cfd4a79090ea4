package io.voronka.pipeline;

import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.process.Inbox;
import io.voronka.process.ProcessModels;
import io.voronka.record.RecordService;
import io.voronka.kernel.error.DomainError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;

/**
 * Pipelines: a deployed process's lanes as the stages of a kanban board, where a record moves only
 * the way its process lets it. Reads the engine and the inbox the process capability provides.
 */
public final class PipelineCapability implements Capability {

    @Override
    public String name() {
        return "pipelines";
    }

    @Override
    public void start(Kernel kernel) {
        ProcessEngine engine = kernel.require(ProcessEngine.class);
        RecordService records = kernel.require(RecordService.class);
        Pipelines pipelines = new Pipelines(engine.getRepositoryService());
        PipelineBoard board = new PipelineBoard(pipelines, engine.getRuntimeService(), engine.getHistoryService(), records);
        StageMoves moves = new StageMoves(pipelines, engine.getRuntimeService(), engine.getTaskService(),
                engine.getManagementService(), records, kernel.require(Inbox.class));
        StageAutomations automations = kernel.find(ProcessModels.class)
                .map(models -> new StageAutomations(models, key -> deployedXml(engine.getRepositoryService(), key)))
                .orElse(null);
        kernel.routes(new PipelineRoutes(pipelines, board, moves, automations)::register);
    }

    /** The BPMN document the newest version of a process was deployed from. */
    private static byte[] deployedXml(RepositoryService repository, String key) {
        ProcessDefinition definition = repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion()
                .singleResult();
        if (definition == null) {
            throw DomainError.notFound("no deployed process '" + key + "'");
        }
        try (InputStream in = repository.getResourceAsStream(definition.getDeploymentId(), definition.getResourceName())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
