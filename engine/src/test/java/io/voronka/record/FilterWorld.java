package io.voronka.record;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldValues;

import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.rule.CheckedRule;
import io.voronka.kernel.rule.RuleLimits;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import io.voronka.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Contacts and deals in a test database of their own, and the two ways of asking which of them a
 * filter accepts: the SQL the record list runs, and the interpreter on the same values read back.
 */
final class FilterWorld implements AutoCloseable {

    static final String CONTACT = """
            {"name": "contact", "label": "Contact", "fields": [
              {"name": "first_name", "type": "text", "maxLength": 100},
              {"name": "city", "type": "text", "maxLength": 100},
              {"name": "email", "type": "email"},
              {"name": "gender", "type": "enum", "options": [{"value": "female"}, {"value": "male"}]},
              {"name": "birth_date", "type": "date"},
              {"name": "vip", "type": "boolean"},
              {"name": "budget", "type": "decimal"},
              {"name": "score", "type": "number"}]}""";
    static final String DEAL = """
            {"name": "deal", "label": "Deal", "fields": [
              {"name": "title", "type": "text", "maxLength": 200},
              {"name": "contact_id", "type": "link", "link": "contact"},
              {"name": "amount", "type": "decimal"},
              {"name": "stage", "type": "enum", "options": [{"value": "new"}, {"value": "won"}, {"value": "lost"}]},
              {"name": "closed_on", "type": "date"},
              {"name": "paid", "type": "boolean"},
              {"name": "quantity", "type": "number"}]}""";

    /** today() for both sides, so a date filter cannot straddle midnight. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-15T10:00:00Z"), ZoneOffset.UTC);
    private static final RuleLimits LIMITS = RuleLimits.DEFAULT.withDeadline(Duration.ofSeconds(1));

    final TestDatabase testDatabase;
    final Database database;
    final EntityCatalog catalog;
    final RecordService records;
    final RecordStore store;
    final RuleSandbox sandbox = new RuleSandbox();

    FilterWorld() {
        testDatabase = TestDatabase.create();
        database = Database.open(ConfigLoader.fromMap(testDatabase.config()), null);
        database.migrate(new io.voronka.record.RecordCapability().migrations()); // search terms are written with every record
        catalog = EntityCatalog.load(Map.of("contact.json", CONTACT, "deal.json", DEAL), sandbox);
        new EntitySchema(database).apply(catalog);
        store = new RecordStore(database.dialect());
        records = new RecordService(database, catalog, new FieldValues("RU"), (connection, user) -> true, () -> {
        }, sandbox, CLOCK);
    }

    EntityDefinition entity(String name) {
        return catalog.find(name).orElseThrow();
    }

    /** Inserts rows as given, straight through the store: the values are the test's, not validated input. */
    void insert(String entity, List<Map<String, Object>> rows) {
        EntityDefinition definition = entity(entity);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        database.inTransaction(c -> {
            for (Map<String, Object> row : rows) {
                Map<String, Object> values = new LinkedHashMap<>();
                definition.fields().forEach(f -> values.put(f.name(), row.get(f.name())));
                String id = (String) row.getOrDefault("id", UUID.randomUUID().toString());
                store.insert(c, definition, new RecordData(id, entity, 1, now, now, "test", values));
            }
            return null;
        });
    }

    /** Ids the record list returns for a filter; its count must agree with the items. */
    Set<String> sqlIds(String entity, String filter) {
        RecordPage page = records.list(Actor.SYSTEM, entity, RecordQuery.Request.firstPage(Map.of(), filter, 500).counted());
        Set<String> ids = new LinkedHashSet<>();
        page.items().forEach(r -> ids.add(r.id()));
        if (page.count() != ids.size() || page.next() != null) {
            throw new AssertionError("count " + page.count() + " but " + ids.size() + " items for " + filter);
        }
        return ids;
    }

    /** Ids on which the interpreter gives true, each record seen with its linked records as maps and lists. */
    Set<String> interpretedIds(String entity, String filter) {
        CheckedRule rule = sandbox.expression("filter", filter, catalog.ruleSchema(entity(entity), true));
        Map<String, Map<String, Object>> contacts = read("contact");
        Map<String, Map<String, Object>> deals = read("deal");
        Set<String> ids = new LinkedHashSet<>();
        Map<String, Map<String, Object>> subjects = entity.equals("contact") ? contacts : deals;
        subjects.forEach((id, values) -> {
            Map<String, Object> seen = new HashMap<>(values);
            if (entity.equals("contact")) {
                List<Map<String, Object>> linked = new ArrayList<>();
                deals.values().forEach(d -> {
                    if (id.equals(d.get("contact_id"))) {
                        linked.add(d);
                    }
                });
                seen.put("deals", linked);
            } else if (values.get("contact_id") != null) {
                seen.put("contact", contacts.get(values.get("contact_id")));
            }
            if (Boolean.TRUE.equals(rule.evaluate(seen, LIMITS, CLOCK))) {
                ids.add(id);
            }
        });
        return ids;
    }

    private Map<String, Map<String, Object>> read(String entity) {
        EntityDefinition definition = entity(entity);
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        database.withConnection(c -> {
            store.page(c, definition, org.jooq.impl.DSL.noCondition(), RecordSort.NEWEST_FIRST, 100_000)
                    .forEach(r -> byId.put(r.id(), new HashMap<>(r.values())));
            return null;
        });
        return byId;
    }

    @Override
    public void close() {
        database.close();
        testDatabase.close();
    }
}
