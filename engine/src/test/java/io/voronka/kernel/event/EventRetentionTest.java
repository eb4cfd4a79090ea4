package io.voronka.kernel.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voronka.kernel.incident.RetryPolicy;
import io.voronka.testing.Leads;
import io.voronka.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * Events every consumer handled are pruned once older than the retention; an event some consumer
 * still has to handle, or that stopped as an incident, stays.
 */
class EventRetentionTest {

    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void deliveredEventsArePrunedAfterTheRetentionAndUnfinishedOnesStay() {
        try (EventWorld world = new EventWorld(List.of("steady", "picky"))) {
            EventWorld.Recording steady = new EventWorld.Recording("steady");
            EventWorld.Recording picky = new EventWorld.Recording("picky");
            EventDispatcher dispatcher = new EventDispatcher(world.database, world.outbox, List.of(steady, picky),
                    new RetryPolicy(1, Duration.ZERO, Duration.ZERO), 1);
            String poisonRecord = EventWorld.recordId();
            picky.broken.add(poisonRecord);
            long delivered = world.publish(EventWorld.recordId(), Origin.API);
            long stopped = world.publish(poisonRecord, Origin.API);
            dispatcher.dispatchPending();
            long pending = world.publish(EventWorld.recordId(), Origin.API);
            assertThat(world.state("picky", stopped)).isEqualTo(EventDeliveries.State.STOPPED);

            assertThat(retention(world, Duration.ofDays(6)).prune()).as("nothing is old enough yet").isZero();
            assertThat(world.eventExists(delivered)).isTrue();

            assertThat(retention(world, Duration.ofDays(8)).prune()).isEqualTo(1);
            assertThat(world.eventExists(delivered)).as("handled by every consumer, a week old").isFalse();
            assertThat(world.state("steady", delivered)).as("its deliveries went with it").isNull();
            assertThat(world.eventExists(stopped)).as("an incident keeps its event").isTrue();
            assertThat(world.eventExists(pending)).as("a pending delivery keeps its event").isTrue();
        }
    }

    @Test
    void nodeSweepsHandledEventsAfterTheConfiguredRetention() {
        try (TestServer server = TestServer.start(Map.of("events.retention", "2s"))) {
            var admin = server.admin();
            String id = admin.post("/api/v1/records/contact", Leads.hotLead("Retained")).json().getString("id");
            var database = server.server().database();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                    database.withConnection(c -> database.dsl(c).fetchCount(DSL.table(DSL.name("domain_event")),
                            DSL.field(DSL.name("record_id")).eq(id))) == 0);
            assertThat(admin.get("/api/v1/records/contact/" + id).status()).as("the record itself stays").isEqualTo(200);
        }
    }

    private static EventRetention retention(EventWorld world, Duration later) {
        Clock future = Clock.fixed(Instant.now().plus(later), ZoneOffset.UTC);
        return new EventRetention(world.database, WEEK, future);
    }
}
