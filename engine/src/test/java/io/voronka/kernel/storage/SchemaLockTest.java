package io.voronka.kernel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.voronka.kernel.config.ConfigLoader;
import io.voronka.testing.TestDatabase;
import io.voronka.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * Schema work of one node at a time: on MariaDB a named lock on a connection of its own, on
 * embedded H2 (one process holds the file, so every node sharing it is in this JVM) a lock per
 * database URL in the JVM. Both are exercised by the same tests.
 */
class SchemaLockTest {

    @Test
    void secondHolderWaitsUntilTheFirstReleases() throws Exception {
        try (TestDatabase db = TestDatabase.create();
             Database database = Database.open(ConfigLoader.fromMap(db.config()), null)) {
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                SchemaLock first = SchemaLock.acquire(database, Duration.ofSeconds(5));
                assertThatThrownBy(() -> other.submit(() -> SchemaLock.acquire(database, Duration.ofSeconds(1)).close()).get())
                        .hasCauseInstanceOf(StorageException.class).hasMessageContaining("not free");
                Future<?> waiting = other.submit(() -> SchemaLock.acquire(database, Duration.ofSeconds(20)).close());
                Thread.sleep(300);
                assertThat(waiting).isNotDone();
                first.close();
                waiting.get(20, TimeUnit.SECONDS);
            } finally {
                other.shutdownNow();
            }
        }
    }

    @Test
    void twoNodesStartingTogetherOnAnEmptyDatabaseBothComeUp() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            ExecutorService starters = Executors.newFixedThreadPool(2);
            CountDownLatch ready = new CountDownLatch(2);
            List<Future<TestServer>> nodes = new ArrayList<>();
            for (String node : List.of("node-a", "node-b")) {
                Map<String, String> keys = new HashMap<>(Map.of("node.name", node));
                nodes.add(starters.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return TestServer.join(db, keys);
                }));
            }
            List<TestServer> started = new ArrayList<>();
            try {
                for (Future<TestServer> node : nodes) {
                    started.add(node.get(5, TimeUnit.MINUTES));
                }
                for (TestServer node : started) {
                    assertThat(node.admin().get("/api/v1/entities/contact").json().getInteger("version")).isEqualTo(1);
                    assertThat(node.admin().post("/api/v1/records/contact",
                            new JsonObject().put("values", new JsonObject().put("first_name", "Both"))).status()).isEqualTo(201);
                }
                // The shipped files were applied once, not once per node; the BPMN deployed once.
                Database database = started.getFirst().server().database();
                int versions = database.withConnection(c -> database.dsl(c).fetchCount(DSL.table(DSL.name("entity_definition"))));
                assertThat(versions).isEqualTo(2);
                int taskForms = database.withConnection(c -> database.dsl(c).fetchCount(DSL.table(DSL.name("task_form"))));
                assertThat(taskForms).as("each shipped task form stored once").isEqualTo(
                        io.voronka.kernel.config.ContentFolder.read(null, "forms").keySet().stream()
                                .filter(path -> path.startsWith("tasks/")).count());
                assertThat(started.getFirst().server().processEngine().getRepositoryService()
                        .createDeploymentQuery().count()).isEqualTo(1);
            } finally {
                started.forEach(TestServer::close);
                CompletableFuture.runAsync(starters::shutdownNow);
            }
        }
    }
}
