package io.voronka.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import io.voronka.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding an indexed field and a unique field to a populated contact table while writers insert,
 * update and delete contacts and insert deals pointing at them. On H2 the change goes through a
 * shadow table (the threshold is lowered so a few thousand rows take that path): afterwards every
 * write is there with its latest values, the new columns and indexes exist, the keys of other tables
 * still hold, and nothing of the shadow is left. On MariaDB the same change runs online natively and
 * the same outcome is checked. A change stopped halfway (a crash) is tidied up at the next start.
 */
class ShadowRebuildTest {

    static final int ROWS = 3_000;
    static final int SHADOW_FROM_ROWS = 1_000;
    static final String COMPANY = """
            {"name": "company", "label": "Company", "fields": [{"name": "name", "type": "text"}]}""";
    static final String TAG = """
            {"name": "tag", "label": "Tag", "fields": [{"name": "name", "type": "text"}]}""";
    static final String CONTACT = """
            {"name": "contact", "label": "Contact", "fields": [
              {"name": "first_name", "type": "text"},
              {"name": "company_id", "type": "link", "link": "company", "inverse": {"name": "people", "label": "People"}},
              {"name": "tags", "label": "Tags", "type": "links", "link": "tag"}%s]}""";
    static final String ADDED = """
            , {"name": "segment", "type": "text", "maxLength": 40, "indexed": true},
              {"name": "code", "type": "text", "maxLength": 20, "unique": true}""";
    static final String DEAL = """
            {"name": "deal", "label": "Deal", "fields": [{"name": "title", "type": "text"},
              {"name": "contact_id", "type": "link", "link": "contact", "inverse": {"name": "deals", "label": "Deals"}}]}""";

    final RuleSandbox sandbox = new RuleSandbox();

    EntityCatalog catalog(boolean withAddedFields) {
        return EntityCatalog.load(Map.of("company.json", COMPANY, "tag.json", TAG, "deal.json", DEAL,
                "contact.json", CONTACT.formatted(withAddedFields ? ADDED : "")), sandbox);
    }

    @Test
    void addingIndexedFieldsUnderWritersKeepsEveryWriteAndEveryKey() throws Exception {
        try (TestDatabase testDatabase = TestDatabase.create();
             Database database = Database.open(ConfigLoader.fromMap(testDatabase.config()), null)) {
            database.migrate();
            List<String> issued = new CopyOnWriteArrayList<>();
            EntitySchema schema = new EntitySchema(database, issued::add, SHADOW_FROM_ROWS);
            schema.apply(catalog(false));
            List<String> seeded = populate(database);
            List<String> indexesBefore = indexes(database, "rec_contact");
            H2TableShape shapeBefore = TestDatabase.onMariaDb() ? null
                    : database.withConnection(c -> H2TableShape.read(c, "rec_contact"));

            Map<String, String> expected = new ConcurrentHashMap<>();
            seeded.forEach(id -> expected.put(id, "seeded"));
            Set<String> deleted = ConcurrentHashMap.newKeySet();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger writes = new AtomicInteger();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            // Each writer owns its contacts, so the last value it wrote is the one to find afterwards.
            List<Thread> writers = List.of(
                    writer(writing, writes, failures, n -> {
                        String id = UUID.randomUUID().toString();
                        database.inTransaction(c -> insertContact(database.dsl(c), id, "inserted " + n));
                        expected.put(id, "inserted " + n);
                    }),
                    writer(writing, writes, failures, n -> {
                        String id = seeded.get(n % 1_000);
                        database.inTransaction(c -> database.dsl(c).update(table(name("rec_contact")))
                                .set(field(name("first_name")), "updated " + n).set(field(name("version")), n)
                                .where(field(name("id")).eq(id)).execute());
                        expected.put(id, "updated " + n);
                    }),
                    writer(writing, writes, failures, n -> {
                        Thread.sleep(n >= 1_000 ? 50 : 2); // past a thousand, all of its contacts are gone
                        if (n >= 1_000) {
                            return;
                        }
                        String id = seeded.get(1_000 + n);
                        database.inTransaction(c -> database.dsl(c).deleteFrom(table(name("rec_contact")))
                                .where(field(name("id")).eq(id)).execute());
                        expected.remove(id);
                        deleted.add(id);
                    }),
                    writer(writing, writes, failures, n -> database.inTransaction(c -> insertDeal(database.dsl(c),
                            seeded.get(2_000 + n % 1_000)))));
            Thread.sleep(300);
            int before = writes.get();
            schema.apply(catalog(true));
            int during = writes.get() - before;
            Thread.sleep(300);
            writing.set(false);
            for (Thread writer : writers) {
                writer.join();
            }
            assertThat(failures).isEmpty();
            assertThat(during).as("writes finished while the change ran").isPositive();

            Map<String, String> stored = new HashMap<>();
            database.withConnection(c -> database.dsl(c).select(field(name("id"), String.class), field(name("first_name"), String.class))
                    .from(table(name("rec_contact"))).fetch()).forEach(r -> stored.put(r.value1(), r.value2()));
            assertThat(deleted).as("the deleter ran during the change").isNotEmpty();
            System.out.printf("%s: %d writes while the change ran; %d rows expected, %d stored%n", testDatabase.describe(),
                    during, expected.size(), stored.size());
            assertThat(differences(expected, stored)).as("rows missing, left over or with another value").isEmpty();
            assertThat(stored).hasSameSizeAs(expected);
            Set<String> indexesAfter = new HashSet<>(indexes(database, "rec_contact"));
            assertThat(indexesAfter).containsAll(indexesBefore).contains("ixs_contact_segment", "ux_contact_code");
            assertThat(indexesAfter).noneMatch(i -> i.endsWith("__new"));
            String missing = UUID.randomUUID().toString();
            assertThatThrownBy(() -> database.inTransaction(c -> insertDeal(database.dsl(c), missing)))
                    .as("a deal pointing at a missing contact is still refused").hasMessageContaining("contact_id");
            assertThatThrownBy(() -> database.inTransaction(c -> database.dsl(c).deleteFrom(table(name("rec_contact")))
                    .where(field(name("id")).eq(seeded.get(2_000))).execute()))
                    .as("a contact with deals cannot be deleted under them").hasMessageContaining("fk_deal_contact_id");
            assertThatThrownBy(() -> database.inTransaction(c -> database.dsl(c).insertInto(table(name("rec_contact")))
                    .set(contact(UUID.randomUUID().toString(), "x")).set(field(name("company_id")), missing).execute()))
                    .as("the contact's own key survived").hasMessageContaining("fk_contact_company_id");
            database.inTransaction(c -> database.dsl(c).update(table(name("rec_contact"))).set(field(name("code")), "A-1")
                    .where(field(name("id")).eq(seeded.get(0))).execute());
            assertThatThrownBy(() -> database.inTransaction(c -> database.dsl(c).update(table(name("rec_contact")))
                    .set(field(name("code")), "A-1").where(field(name("id")).eq(seeded.get(1))).execute()))
                    .as("the new unique index holds").hasMessageContaining("ux_contact_code");
            if (!TestDatabase.onMariaDb()) {
                assertThat(issued).as("the change went through the shadow").anyMatch(s -> s.contains("rec_contact__new"));
                assertThat(tables(database)).noneMatch(t -> t.endsWith("__new") || t.endsWith("__old"));
                assertThat(triggers(database)).isEmpty();
                H2TableShape after = database.withConnection(c -> H2TableShape.read(c, "rec_contact"));
                assertThat(after.columns()).startsWith(shapeBefore.columns().toArray(H2TableShape.Column[]::new));
                assertThat(after.keys()).isEqualTo(shapeBefore.keys());
                // The contact's own keys get new indexes, named by H2; the keys pointing at it keep theirs.
                assertThat(withoutIndexes(after.foreignKeys())).isEqualTo(withoutIndexes(shapeBefore.foreignKeys()));
                assertThat(after.referencedBy()).isEqualTo(shapeBefore.referencedBy());
            }
        }
    }

    /** A rebuild killed while it copied (its shadow and trigger left in the file) is undone when the node starts again. */
    @Test
    void aChangeInterruptedWhileCopyingIsUndoneAtStart(@TempDir Path dir) throws Exception {
        Map<String, String> h2 = Map.of("data.dir", dir.toString());
        List<String> seeded;
        try (Database database = Database.open(ConfigLoader.fromMap(h2), null)) {
            database.migrate();
            new EntitySchema(database).apply(catalog(false));
            seeded = populate(database);
            H2TableShape shape = database.withConnection(c -> H2TableShape.read(c, "rec_contact"));
            database.withConnection(c -> {
                var sql = database.dsl(c);
                sql.execute("CREATE TABLE \"rec_contact__new\" AS SELECT * FROM \"rec_contact\" WITH NO DATA");
                sql.execute("CREATE TRIGGER \"rec_contact__mirror\" AFTER INSERT, UPDATE, DELETE ON \"rec_contact\""
                        + " FOR EACH ROW CALL '" + ShadowMirror.class.getName() + "'");
                return null;
            });
            assertThat(shape.referencedBy()).extracting(H2TableShape.ForeignKey::table).contains("rec_deal", "lnk_contact_tags");
        }
        try (Database database = Database.open(ConfigLoader.fromMap(h2), null)) {
            new EntitySchema(database).apply(catalog(false)); // what a start does
            assertThat(tables(database)).doesNotContain("rec_contact__new");
            assertThat(triggers(database)).isEmpty();
            database.inTransaction(c -> insertContact(database.dsl(c), "after-start", "after the start"));
            new EntitySchema(database, s -> { }, SHADOW_FROM_ROWS).apply(catalog(true));
            assertThat(count(database, "rec_contact")).isEqualTo(seeded.size() + 1);
            assertThat(indexes(database, "rec_contact")).contains("ux_contact_code");
        }
    }

    /**
     * A rebuild killed inside its swap, after the keys of other tables were dropped and the table
     * renamed aside: at start the table is back under its name with every key pointing at it.
     */
    @Test
    void aSwapInterruptedBetweenItsRenamesIsUndoneAtStart(@TempDir Path dir) throws Exception {
        Map<String, String> h2 = Map.of("data.dir", dir.toString());
        List<String> seeded;
        try (Database database = Database.open(ConfigLoader.fromMap(h2), null)) {
            database.migrate();
            new EntitySchema(database).apply(catalog(false));
            seeded = populate(database);
            database.withConnection(c -> {
                H2TableShape shape = H2TableShape.read(c, "rec_contact");
                var sql = database.dsl(c);
                sql.execute("CREATE TABLE \"rec_contact__new\" AS SELECT * FROM \"rec_contact\" WITH NO DATA");
                String plan = ShadowRebuild.plan("rec_contact", shape.referencedBy());
                sql.execute("COMMENT ON TABLE \"rec_contact__new\" IS '" + plan.replace("'", "''") + "'");
                for (H2TableShape.ForeignKey key : shape.referencedBy()) {
                    sql.execute("ALTER TABLE \"" + key.table() + "\" DROP CONSTRAINT \"" + key.name() + "\"");
                }
                sql.execute("ALTER TABLE \"rec_contact\" RENAME TO \"rec_contact__old\"");
                return null;
            });
        }
        try (Database database = Database.open(ConfigLoader.fromMap(h2), null)) {
            new EntitySchema(database).apply(catalog(false));
            assertThat(tables(database)).contains("rec_contact").doesNotContain("rec_contact__new", "rec_contact__old");
            assertThat(count(database, "rec_contact")).isEqualTo(seeded.size());
            assertThatThrownBy(() -> database.inTransaction(c -> insertDeal(database.dsl(c), "no-such-contact")))
                    .as("the deals' key is back").hasMessageContaining("fk_deal_contact_id");
            String tag = UUID.randomUUID().toString();
            assertThatThrownBy(() -> database.inTransaction(c -> database.dsl(c).insertInto(table(name("lnk_contact_tags")))
                    .columns(field(name("from_id")), field(name("to_id"))).values("no-such-contact", tag).execute()))
                    .as("the link table's key is back").isInstanceOf(RuntimeException.class);
        }
    }

    private static List<H2TableShape.ForeignKey> withoutIndexes(List<H2TableShape.ForeignKey> keys) {
        return keys.stream().map(k -> new H2TableShape.ForeignKey(k.name(), k.table(), k.columns(), k.referencedTable(),
                k.referencedColumns(), k.updateRule(), k.deleteRule(), null)).toList();
    }

    /** Up to ten ids whose stored value is not the last one written (null: missing or left over). */
    private static List<String> differences(Map<String, String> expected, Map<String, String> stored) {
        Set<String> ids = new HashSet<>(expected.keySet());
        ids.addAll(stored.keySet());
        return ids.stream().filter(id -> !java.util.Objects.equals(expected.get(id), stored.get(id)))
                .limit(10).map(id -> id + ": expected " + expected.get(id) + ", stored " + stored.get(id)).toList();
    }

    /**
     * A rebuild killed after its swap renamed the filled shadow into place, with the keys of other
     * tables already on their twins pointing at it: at start the swap is finished, keys under their names.
     */
    @Test
    void aSwapInterruptedAfterItsRenamesIsFinishedAtStart(@TempDir Path dir) throws Exception {
        Map<String, String> h2 = Map.of("data.dir", dir.toString());
        List<String> seeded;
        try (Database database = Database.open(ConfigLoader.fromMap(h2), null)) {
            database.migrate();
            new EntitySchema(database).apply(catalog(false));
            seeded = populate(database);
            database.withConnection(c -> {
                H2TableShape shape = H2TableShape.read(c, "rec_contact");
                var sql = database.dsl(c);
                sql.execute("CREATE TABLE \"rec_contact__new\" AS SELECT * FROM \"rec_contact\"");
                sql.execute("ALTER TABLE \"rec_contact__new\" ALTER COLUMN \"id\" SET NOT NULL");
                sql.execute("ALTER TABLE \"rec_contact__new\" ADD CONSTRAINT \"pk_rec_contact__new\" PRIMARY KEY (\"id\")");
                String plan = ShadowRebuild.plan("rec_contact", shape.referencedBy());
                sql.execute("COMMENT ON TABLE \"rec_contact__new\" IS '" + plan.replace("'", "''") + "'");
                for (H2TableShape.ForeignKey key : shape.referencedBy()) {
                    sql.execute(key.ddl(key.name() + "__new", key.table(), "rec_contact__new", key.index()));
                    sql.execute("ALTER TABLE \"" + key.table() + "\" DROP CONSTRAINT \"" + key.name() + "\"");
                }
                sql.execute("ALTER TABLE \"rec_contact\" RENAME TO \"rec_contact__old\"");
                sql.execute("ALTER TABLE \"rec_contact__new\" RENAME TO \"rec_contact\"");
                return null;
            });
        }
        try (Database database = Database.open(ConfigLoader.fromMap(h2), null)) {
            new EntitySchema(database).apply(catalog(false));
            assertThat(tables(database)).contains("rec_contact").doesNotContain("rec_contact__new", "rec_contact__old");
            assertThat(count(database, "rec_contact")).isEqualTo(seeded.size());
            H2TableShape shape = database.withConnection(c -> H2TableShape.read(c, "rec_contact"));
            assertThat(shape.keys()).extracting(H2TableShape.Key::name).containsExactly("pk_rec_contact");
            assertThat(shape.referencedBy()).extracting(H2TableShape.ForeignKey::name)
                    .contains("fk_deal_contact_id").noneMatch(n -> n.endsWith("__new"));
            assertThatThrownBy(() -> database.inTransaction(c -> insertDeal(database.dsl(c), "no-such-contact")))
                    .as("the deals' key points at the table").hasMessageContaining("fk_deal_contact_id");
        }
    }

    /**
     * A refusal the HTTP edge answers 503 with Retry-After (Problems.causedByBusyDatabase): the write
     * changed nothing and may be sent again. The swap causes two: the mirror finding its shadow
     * renamed, and a statement of an open transaction (H2 lets it go on in exclusive mode) naming the
     * table between the renames.
     */
    private static boolean sentAgainByClients(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLTimeoutException
                    || cause instanceof java.sql.SQLException sql && sql.getErrorCode() == 42102) {
                return true;
            }
        }
        return false;
    }

    interface Write {
        void run(int n) throws Exception;
    }

    private static Thread writer(AtomicBoolean writing, AtomicInteger writes, List<Throwable> failures, Write write) {
        return Thread.ofPlatform().start(() -> {
            for (int n = 0; writing.get(); n++) {
                try {
                    write.run(n);
                    writes.incrementAndGet();
                } catch (Throwable e) {
                    if (sentAgainByClients(e)) {
                        n--; // refused as busy, nothing changed: a client sends it again (the HTTP edge answers 503)
                        continue;
                    }
                    failures.add(e);
                    return;
                }
            }
        });
    }

    /** ROWS contacts; the first thousand get updated, the second deleted, the third get deals. */
    private List<String> populate(Database database) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            ids.add(String.format(Locale.ROOT, "c-%05d-%s", i, UUID.randomUUID().toString().substring(0, 8)));
        }
        database.inTransaction(c -> {
            for (String id : ids) {
                insertContact(database.dsl(c), id, "seeded");
            }
            for (int i = 2_000; i < 2_100; i++) {
                insertDeal(database.dsl(c), ids.get(i));
            }
            return null;
        });
        return ids;
    }

    private static int insertContact(DSLContext sql, String id, String firstName) {
        return sql.insertInto(table(name("rec_contact"))).set(contact(id, firstName)).execute();
    }

    private static Map<org.jooq.Field<?>, Object> contact(String id, String firstName) {
        LocalDateTime now = LocalDateTime.now();
        return Map.of(field(name("id"), SQLDataType.VARCHAR), id, field(name("version"), SQLDataType.INTEGER), 1,
                field(name("created_at"), SQLDataType.LOCALDATETIME), now, field(name("updated_at"), SQLDataType.LOCALDATETIME), now,
                field(name("created_by"), SQLDataType.VARCHAR), "writer", field(name("first_name"), SQLDataType.VARCHAR), firstName);
    }

    private static int insertDeal(DSLContext sql, String contact) {
        LocalDateTime now = LocalDateTime.now();
        return sql.insertInto(table(name("rec_deal"))).set(Map.of(field(name("id"), SQLDataType.VARCHAR), UUID.randomUUID().toString(),
                field(name("version"), SQLDataType.INTEGER), 1, field(name("created_at"), SQLDataType.LOCALDATETIME), now,
                field(name("updated_at"), SQLDataType.LOCALDATETIME), now, field(name("created_by"), SQLDataType.VARCHAR), "writer",
                field(name("title"), SQLDataType.VARCHAR), "deal", field(name("contact_id"), SQLDataType.VARCHAR), contact)).execute();
    }

    private static int count(Database database, String table) {
        return database.withConnection(c -> database.dsl(c).fetchCount(table(name(table))));
    }

    /** The indexes the schema made by name (not those a database names itself behind a key). */
    private static List<String> indexes(Database database, String table) {
        return database.withConnection(c -> EntitySchema.existingIndexes(database.dsl(c), table)).stream()
                .filter(i -> i.startsWith("ix") || i.startsWith("ux_")).toList();
    }

    private static List<String> tables(Database database) {
        return database.withConnection(c -> database.dsl(c).fetch(
                "select lower(TABLE_NAME) from INFORMATION_SCHEMA.TABLES where TABLE_SCHEMA = SCHEMA()").getValues(0, String.class));
    }

    private static List<String> triggers(Database database) {
        return database.withConnection(c -> database.dsl(c).fetch(
                "select TRIGGER_NAME from INFORMATION_SCHEMA.TRIGGERS where TRIGGER_SCHEMA = SCHEMA()").getValues(0, String.class));
    }
}
