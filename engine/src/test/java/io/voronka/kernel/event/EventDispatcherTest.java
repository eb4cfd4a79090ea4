package io.voronka.kernel.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voronka.kernel.incident.Incident;
import io.voronka.kernel.incident.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every consumer gets every event once, on its own: a poison event for one consumer stops as that
 * consumer's incident after its attempts, while the other consumers and the events behind it flow
 * past; a retried incident reaches that consumer once.
 */
class EventDispatcherTest {

    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(100));

    private final EventWorld world = new EventWorld(List.of("steady", "picky"));
    private final EventWorld.Recording steady = new EventWorld.Recording("steady");
    private final EventWorld.Recording picky = new EventWorld.Recording("picky");

    @AfterEach
    void close() {
        world.close();
    }

    private EventDispatcher dispatcher() {
        return new EventDispatcher(world.database, world.outbox, List.of(steady, picky), QUICK, 2);
    }

    @Test
    void poisonEventStopsAsAnIncidentOfItsConsumerWhileLaterEventsAndOtherConsumersFlowPast() throws Exception {
        EventDispatcher dispatcher = dispatcher();
        String poisonRecord = EventWorld.recordId();
        picky.broken.add(poisonRecord);
        long poison = world.publish(poisonRecord, Origin.API);
        long later = world.publish(EventWorld.recordId(), Origin.API);

        dispatcher.dispatchPending();
        assertThat(world.reactions("picky", later)).as("the event behind the poison reached picky").isEqualTo(1);
        assertThat(world.reactions("steady", poison)).as("the other consumer handled the poison event").isEqualTo(1);
        assertThat(world.state("picky", poison)).isEqualTo(EventDeliveries.State.PENDING);

        for (int pass = 0; pass < 20 && world.state("picky", poison) != EventDeliveries.State.STOPPED; pass++) {
            Thread.sleep(60);
            dispatcher.dispatchPending();
            world.publish(EventWorld.recordId(), Origin.API); // and new events keep flowing meanwhile
        }
        assertThat(world.state("picky", poison)).isEqualTo(EventDeliveries.State.STOPPED);
        assertThat(picky.calls.get(poison)).as("attempts are limited").isEqualTo(3);
        dispatcher.dispatchPending();
        assertThat(picky.calls.get(poison)).as("no attempt after stopping").isEqualTo(3);

        Incident incident = dispatcher.open(100).stream().filter(i -> i.id().equals("event:picky:" + poison)).findFirst()
                .orElseThrow();
        assertThat(incident.attempts()).isEqualTo(3);
        assertThat(incident.message()).contains("picky cannot handle " + poisonRecord);
        assertThat(dispatcher.open(100)).as("only the poison delivery is an incident").hasSize(1);
        assertThat(world.reactions("picky", poison)).isZero();

        picky.broken.clear();
        assertThat(dispatcher.retry("picky:" + poison)).isTrue();
        dispatcher.dispatchPending();
        assertThat(world.reactions("picky", poison)).isEqualTo(1);
        assertThat(world.reactions("steady", poison)).as("the retry went to picky only").isEqualTo(1);
        assertThat(dispatcher.retry("picky:" + poison)).as("nothing left to retry").isFalse();
        assertThat(dispatcher.open(100)).isEmpty();
    }

    @Test
    void racingNodesDeliverEachEventToEachConsumerExactlyOnce() throws Exception {
        List<Long> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(world.publish(EventWorld.recordId(), Origin.API));
        }
        List<EventDispatcher> nodes = List.of(dispatcher(), dispatcher(), dispatcher());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Integer>> passes = nodes.stream().<Callable<Integer>>map(n -> n::dispatchPending).toList();
            pool.invokeAll(passes);
            pool.invokeAll(passes); // a lock conflict counts an attempt; the next pass delivers
        } finally {
            pool.shutdownNow();
        }
        for (long event : events) {
            assertThat(world.reactions("steady", event)).as("steady, event " + event).isEqualTo(1);
            assertThat(world.reactions("picky", event)).as("picky, event " + event).isEqualTo(1);
        }
    }

    @Test
    void consumersSeeWhereTheChangeCameFrom() {
        long fromImport = world.publish(EventWorld.recordId(), Origin.IMPORT);
        long byHand = world.publish(EventWorld.recordId(), Origin.API);
        long byProcess = world.publish(EventWorld.recordId(), Origin.PROCESS);
        dispatcher().dispatchPending();
        assertThat(world.origin("steady", fromImport)).isEqualTo("import");
        assertThat(world.origin("steady", byHand)).isEqualTo("api");
        assertThat(world.origin("picky", byProcess)).isEqualTo("process");
    }

    @Test
    void dispatcherRefusesConsumersTheOutboxDoesNotDeliverTo() {
        assertThatThrownBy(() -> new EventDispatcher(world.database, world.outbox, List.of(steady), QUICK, 1))
                .hasMessageContaining("picky");
        assertThatThrownBy(() -> new Outbox(world.database.dialect(), List.of("Bad Name")))
                .hasMessageContaining("Bad Name");
    }
}
