package io.voronka.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.config.VoronkaConfig;
import io.voronka.kernel.storage.Database;
import io.voronka.testing.NodeProcess;
import io.voronka.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.flowable.engine.ProcessEngine;
import org.junit.jupiter.api.Test;

/**
 * A job locked by a node that was killed runs on another node once the lock expires, not hours
 * later: lock time and the expired-job sweep are ours, not Flowable's five minutes. Short values here;
 * the defaults (90 s lock, sweep every 15 s) are checked in ConfigLoaderTest.
 */
class DeadNodeJobLockTest {

    private static final Duration LOCK = Duration.ofSeconds(10);
    private static final Duration SWEEP = Duration.ofSeconds(2);

    private record JobLock(String owner, Instant expires) {
    }

    @Test
    void jobLockedByAKilledNodeRunsOnAnotherNodeSoonAfterItsLockExpires() {
        try (TestDatabase database = TestDatabase.create()) {
            Map<String, String> keys = new HashMap<>(database.config());
            keys.put("process.job.lock.seconds", String.valueOf(LOCK.toSeconds()));
            keys.put("process.job.reset.seconds", String.valueOf(SWEEP.toSeconds()));
            VoronkaConfig config = ConfigLoader.fromMap(keys);

            String instance;
            try (NodeProcess doomed = NodeProcess.start(JobHolderNode.class, keys)) {
                instance = doomed.await("HOLDING ", Duration.ofSeconds(60)).trim();
                doomed.kill();
            }

            try (Database db = Database.open(config, null)) {
                JobLock lock = lockOf(db, instance);
                assertThat(lock.owner()).as("the killed node still owns the job").isNotNull();
                assertThat(lock.expires()).as("its lock lasts no longer than configured")
                        .isBefore(Instant.now().plus(LOCK).plusSeconds(1));

                Set<String> ranHere = ConcurrentHashMap.newKeySet();
                ProcessEngine survivor = JobHolderNode.build(db, config, "survivor-" + UUID.randomUUID(),
                        execution -> ranHere.add(execution.getProcessInstanceId()));
                try {
                    // Expiry, then at most one sweep and one acquisition cycle (1 s), with room for a busy machine.
                    Duration bound = Duration.between(Instant.now(), lock.expires()).plus(SWEEP).plusSeconds(15);
                    await().atMost(bound).pollInterval(Duration.ofMillis(250)).until(() -> survivor.getHistoryService()
                            .createHistoricProcessInstanceQuery().processInstanceId(instance).finished().count() == 1);
                    assertThat(ranHere).containsExactly(instance);
                } finally {
                    survivor.close();
                }
            }
        }
    }

    private static JobLock lockOf(Database db, String processInstanceId) {
        return db.withConnection(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "select LOCK_OWNER_, LOCK_EXP_TIME_ from ACT_RU_JOB where PROCESS_INSTANCE_ID_ = ?")) {
                query.setString(1, processInstanceId);
                try (ResultSet row = query.executeQuery()) {
                    assertThat(row.next()).as("the held job is still in the job table").isTrue();
                    Timestamp expires = row.getTimestamp(2);
                    return new JobLock(row.getString(1), expires == null ? null : expires.toInstant());
                }
            }
        });
    }
}
