package io.voronka.process;

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

    public DeadLetterJobs(ManagementService management) {
        this.management = management;
    }

    @Override
    public String name() {
        return "job";
    }

    @Override
    public List<Incident> open(int limit) {
        return management.createDeadLetterJobQuery().orderByJobCreateTime().desc().listPage(0, limit).stream()
                .map(DeadLetterJobs::incident).toList();
    }

    private static Incident incident(Job job) {
        LocalDateTime at = job.getCreateTime() == null ? null
                : LocalDateTime.ofInstant(job.getCreateTime().toInstant(), ZoneOffset.UTC);
        return new Incident("job:" + job.getId(), "process-step",
                "step " + (job.getElementName() != null ? job.getElementName() : job.getElementId()) + " stopped",
                job.getExceptionMessage(), RETRIES, job.getProcessInstanceId(), at);
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
