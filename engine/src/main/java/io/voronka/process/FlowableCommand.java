package io.voronka.process;

import java.sql.Connection;
import java.util.function.Function;
import org.flowable.engine.ManagementService;

/**
 * Work of ours and Flowable's in ONE transaction on Flowable's connection: a schedule's claimed
 * tick or a webhook's receipt commits exactly when the process it started does.
 */
final class FlowableCommand {

    private FlowableCommand() {
    }

    static <T> T run(ManagementService management, Function<Connection, T> work) {
        return management.executeCommand(commandContext -> work.apply(FlowableTransaction.connection()));
    }
}
