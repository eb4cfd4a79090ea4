package io.voronka.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import io.voronka.testing.TestDatabase;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Adding a field and a unique index to a populated table while a writer inserts: on MariaDB the
 * column is added with ALGORITHM=INSTANT and the index built ALGORITHM=INPLACE LOCK=NONE, and no
 * insert waits as long as a second; H2 makes them on a shadow table it fills while writers go on and
 * swaps in at the end.
 * On both, every insert acknowledged during the change is in the table afterwards.
 */
class OnlineSchemaChangeTest {

    static final int ROWS = Integer.getInteger("online.rows", TestDatabase.onMariaDb() ? 100_000 : 20_000);
    static final String BEFORE = """
            {"name": "item", "label": "Item", "fields": [{"name": "title", "type": "text"}]}""";
    static final String AFTER = """
            {"name": "item", "label": "Item", "fields": [{"name": "title", "type": "text"},
              {"name": "sku", "type": "text", "maxLength": 40, "unique": true}, {"name": "price", "type": "money"}]}""";

    final TestDatabase testDatabase = TestDatabase.create();
    final Database database = Database.open(ConfigLoader.fromMap(testDatabase.config()), null);

    @AfterEach
    void close() {
        database.close();
        testDatabase.close();
    }

    /**
     * A transaction that locked rows of the table (the search backfill does, a batch at a time) and
     * has not committed: the change waits for it. On H2, {@code FOR UPDATE} took no table lock, so the
     * rebuild went ahead and dropped the table's storage under the open transaction, whose commit then
     * broke the whole database (seen at a million contacts).
     */
    @Test
    void aChangeWaitsForATransactionHoldingLockedRows() throws Exception {
        database.migrate();
        RuleSandbox sandbox = new RuleSandbox();
        EntitySchema schema = new EntitySchema(database, statement -> { });
        EntityCatalog before = EntityCatalog.load(Map.of("item.json", BEFORE), sandbox);
        schema.apply(before);
        io.voronka.kernel.field.EntityDefinition item = before.find("item").orElseThrow();
        database.inTransaction(c -> database.dsl(c).insertInto(table(name("rec_item")))
                .columns(field(name("id")), field(name("version")), field(name("created_at")), field(name("updated_at")),
                        field(name("created_by")), field(name("title")))
                .values("held", 1, LocalDateTime.now(), LocalDateTime.now(), "test", "held").execute());
        RecordStore store = new RecordStore(database.dialect());
        java.util.concurrent.CompletableFuture<Void> change;
        try (java.sql.Connection holder = database.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            assertThat(store.batchForUpdate(holder, item, null, 10)).hasSize(1);
            change = java.util.concurrent.CompletableFuture.runAsync(
                    () -> schema.apply(EntityCatalog.load(Map.of("item.json", AFTER), sandbox)));
            Thread.sleep(1500);
            assertThat(change).as("the change waits while the rows are locked").isNotDone();
            holder.commit();
            holder.setAutoCommit(true);
        }
        change.get(60, java.util.concurrent.TimeUnit.SECONDS);
        int rows = database.withConnection(c -> database.dsl(c).fetchCount(table(name("rec_item"))));
        assertThat(rows).as("the database still answers").isEqualTo(1);
    }

    @Test
    void addingAnIndexedFieldToAPopulatedTableKeepsWritersGoing() throws Exception {
        database.migrate();
        RuleSandbox sandbox = new RuleSandbox();
        List<String> issued = new CopyOnWriteArrayList<>();
        EntitySchema schema = new EntitySchema(database, issued::add);
        schema.apply(EntityCatalog.load(Map.of("item.json", BEFORE), sandbox));
        populate();
        issued.clear();

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong slowestMillis = new AtomicLong();
        AtomicInteger written = new AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            while (writing.get()) {
                long started = System.nanoTime();
                database.inTransaction(c -> database.dsl(c).insertInto(table(name("rec_item")))
                        .set(row("written during the change")).execute());
                slowestMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                written.incrementAndGet();
            }
        });
        Thread.sleep(200);
        int before = written.get();
        long started = System.nanoTime();
        schema.apply(EntityCatalog.load(Map.of("item.json", AFTER), sandbox));
        long changeMillis = (System.nanoTime() - started) / 1_000_000;
        Thread.sleep(200);
        writing.set(false);
        writer.join();

        System.out.printf("%s: schema change %d ms over %d rows; %d inserts meanwhile, slowest %d ms; %s%n",
                testDatabase.describe(), changeMillis, ROWS, written.get() - before, slowestMillis.get(), issued);
        List<String> statements = issued.stream().map(s -> s.toLowerCase(Locale.ROOT).replace("`", "").replace("\"", "")).toList();
        // H2 makes them on the shadow table that replaces rec_item (ShadowRebuild), under temporary names.
        String table = TestDatabase.onMariaDb() ? "rec_item" : "rec_item__new";
        String index = TestDatabase.onMariaDb() ? "ux_item_sku" : "ux_item_sku__new";
        assertThat(statements).anyMatch(s -> s.startsWith("alter table " + table + " add sku"));
        assertThat(statements).anyMatch(s -> s.startsWith("alter table " + table + " add price_currency"));
        assertThat(statements).anyMatch(s -> s.startsWith("create unique index " + index + " on " + table));
        if (TestDatabase.onMariaDb()) {
            assertThat(statements).filteredOn(s -> s.startsWith("alter table")).allMatch(s -> s.endsWith("algorithm=instant"));
            assertThat(statements).filteredOn(s -> s.contains("index")).allMatch(s -> s.endsWith("algorithm=inplace lock=none"));
            assertThat(slowestMillis.get()).as("the slowest insert while the schema changed, ms").isLessThan(1_000);
        } else {
            assertThat(statements).noneMatch(s -> s.contains("algorithm"));
        }
        assertThat(written.get()).isGreaterThan(before);
        int rows = database.withConnection(c -> database.dsl(c).fetchCount(table(name("rec_item"))));
        assertThat(rows).isEqualTo(ROWS + written.get());
    }

    @Test
    void aLongTransactionDelaysTheChangeButNotTheWritersBehindIt() throws Exception {
        database.migrate();
        RuleSandbox sandbox = new RuleSandbox();
        EntitySchema schema = new EntitySchema(database);
        schema.apply(EntityCatalog.load(Map.of("item.json", BEFORE), sandbox));

        // A transaction that wrote to the table and stays open for 3 s (a slow import batch, say).
        java.sql.Connection longOne = database.dataSource().getConnection();
        longOne.setAutoCommit(false);
        database.dsl(longOne).insertInto(table(name("rec_item"))).set(row("the long transaction's row")).execute();
        Thread change = Thread.ofPlatform().start(() -> schema.apply(EntityCatalog.load(Map.of("item.json", AFTER), sandbox)));
        Thread.sleep(300);

        List<Long> latencies = new CopyOnWriteArrayList<>();
        long until = System.nanoTime() + 2_500_000_000L;
        Thread writer = Thread.ofPlatform().start(() -> {
            while (System.nanoTime() < until) {
                long started = System.nanoTime();
                database.inTransaction(c -> database.dsl(c).insertInto(table(name("rec_item"))).set(row("behind the change")).execute());
                latencies.add((System.nanoTime() - started) / 1_000_000);
            }
        });
        Thread.sleep(2_700);
        longOne.commit();
        longOne.close();
        writer.join();
        change.join(60_000);

        System.out.printf("%s: %d inserts while a transaction held the table, slowest %d ms%n", testDatabase.describe(),
                latencies.size(), latencies.stream().mapToLong(Long::longValue).max().orElse(0));
        assertThat(change.isAlive()).isFalse();
        int rows = database.withConnection(c -> database.dsl(c).fetchCount(table(name("rec_item"))));
        assertThat(rows).isEqualTo(1 + latencies.size());
        int withoutSku = database.withConnection(c -> database.dsl(c).fetchCount(table(name("rec_item")),
                field(name("sku")).isNull()));
        assertThat(withoutSku).isEqualTo(rows);
        if (TestDatabase.onMariaDb()) {
            // Queued behind the waiting change for at most its lock wait, then past it.
            assertThat(latencies).allMatch(ms -> ms < OnlineDdl.MARIADB_LOCK_WAIT_SECONDS * 1000L + 500);
            assertThat(latencies.size()).isGreaterThan(10);
        }
    }

    private void populate() {
        for (int batch = 0; batch < ROWS / 5_000; batch++) {
            database.inTransaction(c -> {
                var insert = database.dsl(c).insertInto(table(name("rec_item")), field(name("id")), field(name("version")),
                        field(name("created_at")), field(name("updated_at")), field(name("created_by")), field(name("title")));
                for (int i = 0; i < 5_000; i++) {
                    LocalDateTime now = LocalDateTime.now();
                    insert = insert.values(UUID.randomUUID().toString(), 1, now, now, "test", "seeded item " + i);
                }
                return insert.execute();
            });
        }
    }

    private static Map<org.jooq.Field<?>, Object> row(String title) {
        LocalDateTime now = LocalDateTime.now();
        return Map.of(field(name("id"), SQLDataType.VARCHAR), UUID.randomUUID().toString(),
                field(name("version"), SQLDataType.INTEGER), 1,
                field(name("created_at"), SQLDataType.LOCALDATETIME), now,
                field(name("updated_at"), SQLDataType.LOCALDATETIME), now,
                field(name("created_by"), SQLDataType.VARCHAR), "writer",
                field(name("title"), SQLDataType.VARCHAR), title);
    }
}
