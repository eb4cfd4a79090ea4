package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.storage.ConnectionWait;
import io.voronka.testing.SignedInServer;
import java.util.concurrent.atomic.AtomicReference;
import org.flowable.common.engine.impl.cfg.TransactionState;
import org.flowable.common.engine.impl.context.Context;
import org.flowable.common.engine.impl.interceptor.CommandContext;
import org.flowable.engine.ManagementService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A request thread's Flowable command runs its commit listeners in its own context, so it never
 * takes a second connection while holding one (Flowable opens a new command, and a connection, for
 * them); a background thread keeps Flowable's behaviour.
 */
class RequestSafeTransactionsTest {

    @RegisterExtension
    static final SignedInServer node = SignedInServer.adminOnly();

    /** The context the command ran in and the one its committed listener ran in. */
    private static CommandContext[] contexts(ManagementService management) {
        AtomicReference<CommandContext> listener = new AtomicReference<>();
        CommandContext command = management.executeCommand(context -> {
            FlowableTransaction.connection(); // the command holds a connection, as a record write does
            Context.getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
                    committed -> listener.set(committed));
            return context;
        });
        return new CommandContext[] {command, listener.get()};
    }

    @Test
    void onARequestThreadCommitListenersRunInTheCommittingCommand() throws Exception {
        ManagementService management = node.server().server().processEngine().getManagementService();
        CommandContext[] seen = ConnectionWait.brief(() -> contexts(management));
        assertThat(seen[1]).isNotNull().isSameAs(seen[0]);
    }

    @Test
    void onABackgroundThreadFlowableOpensItsOwnContextForThem() {
        ManagementService management = node.server().server().processEngine().getManagementService();
        CommandContext[] seen = contexts(management);
        assertThat(seen[1]).isNotNull().isNotSameAs(seen[0]);
    }
}
