package io.voronka.process;

import io.voronka.kernel.event.EventDispatcher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voronka.kernel.event.EventDeliveries;
import io.voronka.kernel.event.Origin;
import io.voronka.record.RecordData;
import io.voronka.record.RecordService;
import io.voronka.kernel.event.RecordEvent;
import io.voronka.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowable.engine.HistoryService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A committed record change starts its process exactly once, even when dispatch crashes before
 * committing or two dispatchers race; a rolled-back change starts none.
 */
class TriggerExactlyOnceTest {

    static TestServer server;
    static HistoryService history;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        history = server.server().processEngine().getHistoryService();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void stopBackgroundDispatch() {
        // The test drives dispatch itself; the periodic pass would otherwise race it.
        server.server().service(EventDispatcher.class).stop();
    }

    private RecordData createWithoutNudge(String name) {
        // Creating on a caller-held connection does not nudge the dispatcher, like a commit on another node.
        return server.server().database().inTransaction(c ->
                server.server().service(RecordService.class).create(c, Origin.API, io.voronka.kernel.access.Actor.system("test"), "contact", Map.of("first_name", name)));
    }

    private long instancesFor(String recordId) {
        return history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(recordId).count();
    }

    private RecordEvent pendingEventFor(String recordId) {
        EventDeliveries deliveries = new EventDeliveries(server.server().database().dialect());
        return server.server().database().withConnection(c -> deliveries.due(c, List.of(ProcessTriggers.CONSUMER), 1000))
                .stream().map(EventDeliveries.Delivery::event)
                .filter(e -> e.recordId().equals(recordId)).findFirst().orElse(null);
    }

    @Test
    void rolledBackRecordChangeStartsNoProcess() {
        String[] id = new String[1];
        assertThatThrownBy(() -> server.server().database().inTransaction(c -> {
            id[0] = server.server().service(RecordService.class).create(c, Origin.API, io.voronka.kernel.access.Actor.system("test"), "contact", Map.of("first_name", "Ghost")).id();
            throw new IllegalStateException("the caller fails after the insert");
        })).hasMessageContaining("caller fails");

        server.server().service(EventDispatcher.class).dispatchPending();
        assertThat(instancesFor(id[0])).isZero();
        assertThat(pendingEventFor(id[0])).isNull();
        java.util.Optional<RecordData> ghost = server.server().database().withConnection(c -> server.server().service(RecordService.class)
                .find(c, server.server().service(RecordService.class).entity("contact"), id[0]));
        assertThat(ghost).isEmpty();
    }

    @Test
    void crashBeforeCommitLeavesEventPendingAndRetryStartsExactlyOnce() {
        RecordData record = createWithoutNudge("Crash");
        RecordEvent event = pendingEventFor(record.id());
        assertThat(event).isNotNull();

        // Dispatch inside an outer Flowable transaction that then dies: claim and start roll back together.
        assertThatThrownBy(() -> server.server().processEngine().getManagementService().executeCommand(ctx -> {
            server.server().service(EventDispatcher.class).deliver(ProcessTriggers.CONSUMER, event);
            throw new IllegalStateException("node crashed before commit");
        })).hasMessageContaining("crashed");
        assertThat(instancesFor(record.id())).isZero();
        assertThat(pendingEventFor(record.id())).isNotNull();

        server.server().service(EventDispatcher.class).dispatchPending();
        server.server().service(EventDispatcher.class).dispatchPending();
        assertThat(instancesFor(record.id())).isEqualTo(1);
        assertThat(pendingEventFor(record.id())).isNull();
    }

    @Test
    void racingDispatchersStartTheProcessOnce() throws Exception {
        RecordData record = createWithoutNudge("Race");
        RecordEvent event = pendingEventFor(record.id());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Boolean> dispatch = () -> {
                try {
                    return server.server().service(EventDispatcher.class).deliver(ProcessTriggers.CONSUMER, event);
                } catch (RuntimeException e) {
                    return false; // a lock conflict loses the race; the winner has started the process
                }
            };
            List<Future<Boolean>> results = pool.invokeAll(List.of(dispatch, dispatch, dispatch, dispatch));
            long winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(instancesFor(record.id())).isEqualTo(1);
    }
}
