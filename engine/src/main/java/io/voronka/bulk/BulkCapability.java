package io.voronka.bulk;

import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.kernel.event.LiveNotice;
import io.voronka.record.RecordService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Mass actions on records as background jobs that survive a crash: a job and its cursors live in
 * the database, every node runs a {@link BulkJobLoop} and a lease makes one of them each job's
 * runner; progress goes to the job's owner as live notices.
 */
public final class BulkCapability implements Capability {

    /** How long a runner that stopped answering keeps its job: a step takes well under a second. */
    private static final Duration LEASE = Duration.ofSeconds(30);

    private BulkJobLoop loop;

    @Override
    public String name() {
        return "bulk";
    }

    @Override
    public List<String> migrations() {
        return List.of("classpath:io/voronka/bulk/migration");
    }

    @Override
    public void start(Kernel kernel) {
        RecordService records = kernel.require(RecordService.class);
        BulkRunner runner = new BulkRunner(kernel.database(), records, kernel.nodeName() + ":" + java.util.UUID.randomUUID(),
                LEASE, Clock.systemUTC(), job -> kernel.vertx().eventBus().publish(LiveNotice.ADDRESS,
                LiveNotice.job(job.id(), job.owner(), job.state(), job.total(), job.done(), job.failed())),
                kernel.events()::nudge);
        loop = new BulkJobLoop(runner);
        kernel.routes(new BulkRoutes(new BulkJobs(kernel.database(), records, Clock.systemUTC(), loop::wake))::register);
    }

    @Override
    public void running(Kernel kernel) {
        kernel.closeOnStop(loop).start();
    }
}
