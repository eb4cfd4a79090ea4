package io.voronka.process;

import io.voronka.kernel.storage.ConnectionWait;
import org.flowable.common.engine.impl.cfg.TransactionContext;
import org.flowable.common.engine.impl.cfg.TransactionContextFactory;
import org.flowable.common.engine.impl.cfg.TransactionState;
import org.flowable.common.engine.impl.cfg.standalone.StandaloneMybatisTransactionContext;
import org.flowable.common.engine.impl.interceptor.CommandContext;

/**
 * Flowable's standalone transactions, except that on a request thread the listeners of a commit
 * (or of a rollback) run in the command that committed, not in a new one.
 *
 * <p>Flowable runs "committed" listeners in a new command, whose transaction takes a second
 * connection while the first is still held. A record created over HTTP starts its processes in
 * its own Flowable command, on the request thread ({@link io.voronka.kernel.event.InlineReactions}),
 * and such a start registers these listeners: the job executor's hand-off of a new async job,
 * {@link PluginStep}'s submission of a journaled call, {@link TaskNotices}' live notices. None of
 * them touches the database, so on a request thread they run where they are, and the request never
 * waits for a second connection (with the pool exhausted it waited 2 s for nothing, after its
 * commit). A listener added for a request thread must therefore not write through the command's
 * session: it is committed already. Background threads keep Flowable's behaviour (the pool budget
 * counts two connections for them).
 */
final class RequestSafeTransactions implements TransactionContextFactory {

    @Override
    public TransactionContext openTransactionContext(CommandContext commandContext) {
        return new StandaloneMybatisTransactionContext(commandContext) {
            @Override
            protected void fireTransactionEvent(TransactionState state, boolean executeInNewContext) {
                super.fireTransactionEvent(state, executeInNewContext && !ConnectionWait.isBrief());
            }
        };
    }
}
