package io.voronka.plugin;

import java.util.concurrent.atomic.AtomicInteger;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

/** A step that fails its first attempt, so the job (and the email before it) is retried. */
public class FailsOnceStep implements JavaDelegate {

    static final AtomicInteger ATTEMPTS = new AtomicInteger();

    @Override
    public void execute(DelegateExecution execution) {
        if (ATTEMPTS.incrementAndGet() == 1) {
            throw new IllegalStateException("simulated failure after the email was sent");
        }
    }
}
