package io.voronka.process;

import io.voronka.kernel.error.Message;
import io.voronka.kernel.incident.Incident;
import io.voronka.kernel.incident.IncidentSource;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.flowable.common.engine.api.FlowableObjectNotFoundException;
import org.flowable.engine.ManagementService;
import org.flowable.job.api.Job;

/** Process jobs Flowable stopped after their retries; a retry moves the job back with fresh retries. */
public final class DeadLetterJobs implements IncidentSource {

    static final int RETRIES = 3;

    private final ManagementService management;
    private final StepSkips skips;
    private final org.flowable.engine.RuntimeService runtime;

    public DeadLetterJobs(ManagementService management, org.flowable.engine.RuntimeService runtime, StepSkips skips) {
        this.management = management;
        this.runtime = runtime;
        this.skips = skips;
    }

    @Override
    public String name() {
        return "job";
    }

    @Override
    public List<Incident> open(int limit) {
        return management.createDeadLetterJobQuery().orderByJobCreateTime().desc().listPage(0, limit).stream()
                .map(this::incident).toList();
    }

    private Incident incident(Job job) {
        LocalDateTime at = job.getCreateTime() == null ? null
                : LocalDateTime.ofInstant(job.getCreateTime().toInstant(), ZoneOffset.UTC);
        return new Incident("job:" + job.getId(), "process-step",
                Message.of("incident.step.stopped", job.getElementName() != null ? job.getElementName() : job.getElementId()),
                job.getExceptionMessage(), RETRIES, job.getProcessInstanceId(), at, job.getElementId(), recordOf(job));
    }

    /** The record the instance runs for (its business key). */
    private String recordOf(Job job) {
        if (job.getProcessInstanceId() == null) {
            return null;
        }
        var instance = runtime.createProcessInstanceQuery().processInstanceId(job.getProcessInstanceId()).singleResult();
        return instance == null ? null : instance.getBusinessKey();
    }

    /** Moves the instance past the dead job's activity along its one outgoing flow; see {@link StepSkips}. */
    @Override
    public boolean skip(String jobId, String actor, String reason) {
        return skips.skipDeadJob(jobId, actor, reason);
    }

    @Override
    public boolean retry(String jobId) {
        try {
            management.moveDeadLetterJobToExecutableJob(jobId, RETRIES);
            return true;
        } catch (FlowableObjectNotFoundException e) {
            return false;
        }
    }
}
