package io.voronka.process;

import io.voronka.kernel.storage.ConnectionWait;
import org.flowable.job.api.JobInfo;
import org.flowable.job.service.impl.asyncexecutor.AsyncJobExecutorConfiguration;
import org.flowable.job.service.impl.asyncexecutor.DefaultAsyncJobExecutor;

/**
 * Flowable's job executor, except that a request thread never waits for a second connection.
 *
 * <p>A process started by an HTTP create (in the create's own transaction) hands its new async
 * jobs to this executor after the commit, on the request thread, while that thread still holds the
 * command's connection. When the executor's queue is full, Flowable frees the refused job's lock at
 * once in a new transaction, on the same thread: a second connection, waited for while holding the
 * first (BusyPoolTest, pool of 3, saw an 8 s answer). On a request thread that release runs on a
 * thread of its own instead, with the pool's patient wait; the job is acquired as soon as it is free.
 */
final class RequestSafeJobExecutor extends DefaultAsyncJobExecutor {

    RequestSafeJobExecutor(AsyncJobExecutorConfiguration configuration) {
        super(configuration);
    }

    @Override
    protected void unacquireJobAfterRejection(JobInfo job) {
        if (ConnectionWait.isBrief()) {
            Thread.ofVirtual().name("voronka-job-release-" + job.getId()).start(() -> super.unacquireJobAfterRejection(job));
        } else {
            super.unacquireJobAfterRejection(job);
        }
    }
}
