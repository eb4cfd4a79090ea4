package io.voronka.kernel.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reload rules of a node's catalogs, whatever the notices do. */
@ExtendWith(VertxExtension.class)
class CatalogSyncTest {

    @Test
    void nodeThatMissedTheNoticeCatchesUpOnItsPeriodicCheck(Vertx vertx, VertxTestContext test) {
        AtomicLong stored = new AtomicLong(1);
        AtomicInteger loads = new AtomicInteger();
        ClusterNotices notices = new ClusterNotices(vertx);
        CatalogSync sync = new CatalogSync(vertx, notices);
        sync.register("entities", stored::get, loads::incrementAndGet);
        sync.start();
        assertThat(loads).hasValue(1);

        stored.set(2); // another node changed the catalog; its notice never came
        long started = System.nanoTime();
        vertx.setPeriodic(100, id -> {
            if (loads.get() == 2) {
                vertx.cancelTimer(id);
                test.verify(() -> assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started))
                        .isLessThanOrEqualTo(CatalogSync.CHECK_EVERY.toSeconds() + 1));
                sync.close();
                test.completeNow();
            }
        });
    }

    @Test
    void noticeReloadsFromTheDatabaseOnlyWhenItMovedOn(Vertx vertx) throws Exception {
        AtomicLong stored = new AtomicLong(7);
        AtomicInteger loads = new AtomicInteger();
        ClusterNotices notices = new ClusterNotices(vertx);
        notices.start().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        CatalogSync sync = new CatalogSync(vertx, notices);
        sync.register("processes", stored::get, loads::incrementAndGet);

        // A notice that arrives late or twice: the database says nothing changed since the last load.
        notice(vertx);
        assertThat(loads).hasValue(1);
        // The notice is answered after the reload, so the sender knows this node is up to date.
        stored.set(8);
        notice(vertx);
        assertThat(loads).hasValue(2);
        sync.close();
        notices.close();
    }

    private static void notice(Vertx vertx) throws Exception {
        vertx.eventBus().request(ClusterNotices.ADDRESS + "local", new JsonObject().put("kind", CatalogSync.NOTICE)
                .put("catalog", "processes").put("version", 7)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
