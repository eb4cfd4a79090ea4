package io.voronka.kernel.rule;

import io.voronka.kernel.error.Message;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneId;

/**
 * One evaluation's clock and budget. Every node the interpreter visits costs a step. The deadline
 * is measured in the thread's CPU time and read every few hundred steps: a rule short enough never
 * to reach that many steps is bounded by its length alone, and a garbage-collection pause elsewhere
 * never fails a rule that did nothing wrong.
 */
public final class Evaluation {

    private static final int CLOCK_EVERY = 256;
    /** Work on texts is charged as steps, so a rule of few but heavy steps meets the clock as soon. */
    static final int CHARACTERS_PER_STEP = 64;
    static final int COMPARISONS_PER_STEP = 64 * 64;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final RuleLimits limits;
    private final Clock clock;
    private long startedAt = -1;
    private long steps;
    private long nextClock = CLOCK_EVERY;

    public Evaluation(RuleLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    public ZoneId zone() {
        return clock.getZone();
    }

    void step() {
        charge(1);
    }

    /** Counts work as steps; reads the clock whenever another few hundred steps have been spent. */
    void charge(long cost) {
        steps += cost;
        if (steps > limits.maxSteps()) {
            throw new RuleFailed(RuleFailed.Reason.BUDGET, Message.of("rule.failed.budget", limits.maxSteps()));
        }
        if (steps >= nextClock) {
            nextClock = steps + CLOCK_EVERY;
            checkTime();
        }
    }

    /** Checked once more at the end of a long rule. */
    void finish() {
        if (steps >= CLOCK_EVERY) {
            checkTime();
        }
    }

    private void checkTime() {
        long now = cpuTime();
        if (startedAt < 0) {
            startedAt = now;
        } else if (now - startedAt > limits.deadline().toNanos()) {
            throw new RuleFailed(RuleFailed.Reason.BUDGET, Message.of("rule.failed.deadline", limits.deadline().toMillis()));
        }
    }

    private static long cpuTime() {
        long cpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        return cpu >= 0 ? cpu : System.nanoTime();
    }

    /** A text the rule built: within the cap, and paid for by its length. */
    String text(String value) {
        textLength(value.length());
        charge(value.length() / CHARACTERS_PER_STEP);
        return value;
    }

    void textLength(int length) {
        if (length > limits.maxTextLength()) {
            throw new RuleFailed(RuleFailed.Reason.BUDGET, Message.of("rule.failed.text-length", limits.maxTextLength()));
        }
    }

    BigDecimal number(BigDecimal value) {
        if (value.precision() > limits.maxNumberDigits() || Math.abs(value.scale()) > limits.maxNumberDigits()) {
            throw new RuleFailed(RuleFailed.Reason.BUDGET, Message.of("rule.failed.digits", limits.maxNumberDigits()));
        }
        return value;
    }
}
