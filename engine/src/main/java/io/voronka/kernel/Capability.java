package io.voronka.kernel;

import java.util.List;

/**
 * One capability of the product (records, processes, plugins, sign-in...) as the node boots it.
 * A capability owns its tables, services, routes, step beans and event consumers, and reaches the
 * rest only through the {@link Kernel}: what it needs it {@linkplain Kernel#require requires}, what
 * it offers it {@linkplain Kernel#provide provides}. The node starts capabilities in list order, so
 * a capability comes after those it requires.
 */
public interface Capability {

    /** A short name for logs and errors: "records", "processes"... */
    String name();

    /** Flyway locations of this capability's own migrations, applied before any capability starts. */
    default List<String> migrations() {
        return List.of();
    }

    /**
     * Names of the event consumers this capability runs. Declared before any capability starts, so
     * every event written from then on (even by a process job left from before a restart) gets a
     * delivery for each; the consumers themselves are contributed in {@link #start}.
     */
    default List<String> eventConsumers() {
        return List.of();
    }

    /**
     * Builds the capability's services and contributes them to the kernel: services, routes, step
     * beans, incident sources, things to close. Nothing here may start background work or serve.
     */
    void start(Kernel kernel);

    /** Every capability has started and the schema is final: begin background work (pollers, sweeps). */
    default void running(Kernel kernel) {
    }
}
