package io.voronka.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.event.Origin;
import io.voronka.record.FieldChange;
import io.voronka.record.ListsWorld;
import io.voronka.record.RecordData;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mass actions as background jobs, on H2 or (with -Pmariadb) MariaDB. */
class BulkJobTest {

    /** What a kill -9 does to a runner: it stops where it is, its transaction never commits. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("killed", null, false, false);
        }
    }

    ListsWorld world;
    BulkJobs jobs;
    List<BulkJob> notices = new CopyOnWriteArrayList<>();

    @BeforeEach
    void world() {
        world = new ListsWorld();
        jobs = new BulkJobs(world.database, world.records, Clock.systemUTC(), () -> {
        });
    }

    @AfterEach
    void close() {
        world.close();
    }

    BulkRunner runner(String name, Duration lease) {
        return new BulkRunner(world.database, world.records, name, lease, Clock.systemUTC(), notices::add, () -> {
        });
    }

    List<RecordData> deals(String manager, int n) {
        List<RecordData> deals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            deals.add(world.deal(Map.of("title", manager + " deal " + i, "stage", "new", "responsible_manager", manager)));
        }
        return deals;
    }

    void assertChangedOnce(List<RecordData> records, String field, String newValue) {
        for (RecordData before : records) {
            RecordData now = world.records.get(ListsWorld.ADMIN, "deal", before.id());
            assertThat(now.values().get(field)).as(before.id()).isEqualTo(newValue);
            assertThat(now.version()).as("one change to %s", before.id()).isEqualTo(before.version() + 1);
            List<FieldChange> changes = world.records.history(ListsWorld.ADMIN, "deal", before.id()).stream()
                    .filter(c -> c.field().equals(field) && c.version() > 1).toList();
            assertThat(changes).as("history of %s", before.id()).hasSize(1);
        }
    }

    @Test
    void bulkReassignUpdatesEveryRecordOfTheFilterOnce() {
        // seed 004: olga leaves; everything she is responsible for goes to boris
        List<RecordData> olgas = deals("olga", 2 * BulkRunner.BATCH + 37);
        List<RecordData> others = deals("nina", 20);
        String id = jobs.start(ListsWorld.ADMIN, "deal", new JsonObject().put("action", "assign")
                .put("filter", "responsible_manager == 'olga'").put("user", "boris"));
        assertThat(jobs.get(ListsWorld.ADMIN, id).state()).isEqualTo("queued");

        assertThat(runner("node-a", Duration.ofSeconds(30)).runOne()).isTrue();

        BulkJob job = jobs.get(ListsWorld.ADMIN, id);
        assertThat(job.state()).isEqualTo("done");
        assertThat(job.total()).isEqualTo(olgas.size());
        assertThat(job.done()).isEqualTo(olgas.size());
        assertThat(job.failed()).isZero();
        assertChangedOnce(olgas, "responsible_manager", "boris");
        for (RecordData other : others) {
            assertThat(world.records.get(ListsWorld.ADMIN, "deal", other.id()).version()).isEqualTo(1);
        }
        int bulkEvents = world.database.withConnection(c -> world.database.dsl(c).fetchCount(DSL.table(DSL.name("domain_event")),
                DSL.field(DSL.name("origin")).eq(Origin.BULK.wire())));
        assertThat(bulkEvents).as("one event per record, saying it was a bulk change").isEqualTo(olgas.size());
        assertThat(notices).as("progress after each step, the last one done").isNotEmpty();
        assertThat(notices.getLast().state()).isEqualTo("done");
        assertThat(notices.getLast().done()).isEqualTo(olgas.size());
        assertThat(runner("node-b", Duration.ofSeconds(30)).runOne()).as("nothing left to run").isFalse();
    }

    @Test
    void aJobGoesOnAfterItsRunnerIsKilledMidStepNeitherLosingNorRepeatingARecord() throws Exception {
        List<RecordData> olgas = deals("olga", 3 * BulkRunner.BATCH + 10);
        String id = jobs.start(ListsWorld.ADMIN, "deal", new JsonObject().put("action", "update")
                .put("filter", "responsible_manager == 'olga'").put("values", new JsonObject().put("stage", "qualified")));
        BulkRunner killed = runner("node-a", Duration.ofMillis(1500));
        AtomicInteger seen = new AtomicInteger();
        killed.beforeEachRecord(recordId -> {
            if (seen.incrementAndGet() == BulkRunner.BATCH + 40) { // in the middle of the second batch
                throw new SimulatedCrash();
            }
        });
        catchThrowableOfType(SimulatedCrash.class, killed::runOne);
        BulkJob halfway = jobs.get(ListsWorld.ADMIN, id);
        assertThat(halfway.state()).isEqualTo("running");
        assertThat(halfway.done()).as("the first batch committed, the second did not").isEqualTo(BulkRunner.BATCH);

        BulkRunner next = runner("node-b", Duration.ofSeconds(30));
        assertThat(next.runOne()).as("the dead runner's lease still holds").isFalse();
        Thread.sleep(1600);
        assertThat(next.runOne()).as("taken over once the lease ran out").isTrue();

        BulkJob job = jobs.get(ListsWorld.ADMIN, id);
        assertThat(job.state()).isEqualTo("done");
        assertThat(job.done()).isEqualTo(olgas.size());
        assertChangedOnce(olgas, "stage", "qualified");
    }

    @Test
    void recordsThatFailAreListedAndTheJobGoesOn() {
        Actor nina = ListsWorld.manager("nina");
        List<RecordData> ninas = deals("nina", 5);
        RecordData pavels = deals("pavel", 1).getFirst();
        RecordData deleted = deals("nina", 1).getFirst();
        List<String> ids = new ArrayList<>(ninas.stream().map(RecordData::id).toList());
        ids.add(pavels.id());
        ids.add(deleted.id());
        ids.add("00000000-0000-0000-0000-000000000000");
        String id = jobs.start(nina, "deal", new JsonObject().put("action", "update").put("ids", new JsonArray(ids))
                .put("values", new JsonObject().put("stage", "won")));
        world.records.delete(Origin.API, ListsWorld.ADMIN, "deal", deleted.id(), null);

        runner("node-a", Duration.ofSeconds(30)).runOne();

        BulkJob job = jobs.get(nina, id);
        assertThat(job.state()).isEqualTo("done");
        assertThat(job.total()).isEqualTo(8);
        assertThat(job.done()).isEqualTo(5);
        assertThat(job.failed()).isEqualTo(3);
        assertThat(job.errors()).extracting(BulkJob.Failure::id).containsExactlyInAnyOrder(pavels.id(), deleted.id(),
                "00000000-0000-0000-0000-000000000000");
        assertThat(job.errors()).allSatisfy(e -> assertThat(e.detail()).isNotBlank().doesNotContain("Exception"));
        assertThat(world.records.get(ListsWorld.ADMIN, "deal", pavels.id()).values().get("stage"))
                .as("outside nina's scope: untouched").isEqualTo("new");
        assertChangedOnce(ninas, "stage", "won");
        assertThat(catchThrowableOfType(DomainError.class, () -> jobs.get(ListsWorld.manager("pavel"), id)).kind())
                .as("another manager does not see nina's job").isEqualTo(DomainError.Kind.NOT_FOUND);
    }

    @Test
    void aManagersFilterJobReachesOnlyWhatSheMayRead() {
        List<RecordData> ninas = deals("nina", 3);
        RecordData pavels = deals("pavel", 1).getFirst();
        String id = jobs.start(ListsWorld.manager("nina"), "deal", new JsonObject().put("action", "update")
                .put("filter", "stage == 'new'").put("values", new JsonObject().put("stage", "lost")));
        runner("node-a", Duration.ofSeconds(30)).runOne();
        assertThat(jobs.get(ListsWorld.ADMIN, id).total()).isEqualTo(3);
        assertChangedOnce(ninas, "stage", "lost");
        assertThat(world.records.get(ListsWorld.ADMIN, "deal", pavels.id()).version()).isEqualTo(1);
    }

    @Test
    void aMassActionIsCheckedBeforeItIsQueued() {
        Actor nina = ListsWorld.manager("nina");
        assertThat(field(() -> jobs.start(nina, "deal", new JsonObject().put("action", "paint").put("ids", new JsonArray().add("x")))))
                .isEqualTo("action");
        assertThat(field(() -> jobs.start(nina, "deal", new JsonObject().put("action", "delete")))).isEqualTo("ids");
        assertThat(field(() -> jobs.start(nina, "deal", new JsonObject().put("action", "delete")
                .put("ids", new JsonArray().add("x")).put("filter", "stage == 'new'")))).isEqualTo("ids");
        DomainError badFilter = catchThrowableOfType(DomainError.class, () -> jobs.start(nina, "deal", new JsonObject()
                .put("action", "assign").put("user", "boris").put("filter", "stage === 'new'")));
        assertThat(badFilter.code()).isEqualTo("rule-rejected");
        assertThat(badFilter.errors().getFirst().field()).isEqualTo("filter");
        assertThat(field(() -> jobs.start(nina, "deal", new JsonObject().put("action", "update")
                .put("ids", new JsonArray().add("x")).put("values", new JsonObject().put("stage", "sold"))))).isEqualTo("values.stage");
        assertThat(field(() -> jobs.start(nina, "deal", new JsonObject().put("action", "update")
                .put("ids", new JsonArray().add("x"))))).isEqualTo("values");
        assertThat(field(() -> jobs.start(nina, "deal", new JsonObject().put("action", "assign")
                .put("ids", new JsonArray().add("x"))))).isEqualTo("user");
        assertThat(catchThrowableOfType(DomainError.class, () -> jobs.start(nina, "deal", new JsonObject().put("action", "delete")
                .put("ids", new JsonArray().add("x")))).kind()).as("only admins delete").isEqualTo(DomainError.Kind.FORBIDDEN);
        assertThat(catchThrowableOfType(DomainError.class, () -> jobs.start(nina, "planet", new JsonObject())).kind())
                .isEqualTo(DomainError.Kind.NOT_FOUND);
        int queued = world.database.withConnection(c -> world.database.dsl(c).fetchCount(DSL.table(DSL.name("bulk_job"))));
        assertThat(queued).as("nothing refused was queued").isZero();
    }

    @Test
    void aBulkDeleteRemovesTheSelection() {
        List<RecordData> doomed = deals("olga", 4);
        String id = jobs.start(ListsWorld.ADMIN, "deal", new JsonObject().put("action", "delete")
                .put("ids", new JsonArray(doomed.stream().map(RecordData::id).toList())));
        runner("node-a", Duration.ofSeconds(30)).runOne();
        assertThat(jobs.get(ListsWorld.ADMIN, id).done()).isEqualTo(4);
        for (RecordData d : doomed) {
            assertThat(catchThrowableOfType(DomainError.class, () -> world.records.get(ListsWorld.ADMIN, "deal", d.id())).kind())
                    .isEqualTo(DomainError.Kind.NOT_FOUND);
        }
    }

    private static String field(Runnable call) {
        DomainError error = catchThrowableOfType(DomainError.class, call::run);
        assertThat(error).isNotNull();
        assertThat(error.errors()).isNotEmpty();
        return error.errors().getFirst().field();
    }
}
