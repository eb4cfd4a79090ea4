package io.voronka.pipeline;

import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.process.Inbox;
import io.voronka.process.ProcessModels;
import io.voronka.record.RecordService;
import org.flowable.engine.ProcessEngine;

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
        StageAutomations automations = kernel.find(ProcessModels.class).map(StageAutomations::new).orElse(null);
        kernel.routes(new PipelineRoutes(pipelines, board, moves, automations)::register);
    }
}
