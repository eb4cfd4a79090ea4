package io.voronka.record;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.Scope;
import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.event.Outbox;
import io.voronka.kernel.field.FieldValues;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import io.voronka.testing.TestDatabase;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Companies, contacts, deals and tags linked every way a CRM links them, behind a real
 * {@link RecordService} in a test database of its own: contact -> company (many-to-one, shown on
 * the company as "people"), deal -> contact (shown as "deals"), contact <-> tag (many-to-many),
 * and contact rollups over won deals. The manager "mila" reads only her own contacts and deals.
 */
final class LinkWorld implements AutoCloseable {

    static final String COMPANY = """
            {"name": "company", "label": "Company", "labelPlural": "Companies", "titleFields": ["name"], "fields": [
              {"name": "name", "type": "text", "required": true},
              {"name": "city", "type": "text"}]}""";
    static final String TAG = """
            {"name": "tag", "label": "Tag", "titleFields": ["name"], "fields": [
              {"name": "name", "type": "text", "required": true}]}""";
    static final String CONTACT = """
            {"name": "contact", "label": "Contact", "titleFields": ["first_name"], "fields": [
              {"name": "first_name", "type": "text"},
              {"name": "company_id", "type": "link", "link": "company", "inverse": {"name": "people", "label": "People"}},
              {"name": "tags", "label": "Tags", "type": "links", "link": "tag", "inverse": {"name": "tagged", "label": "Tagged contacts"}},
              {"name": "owner", "type": "user"},
              {"name": "deals_won", "type": "rollup", "rollup": {"via": "deal.contact_id", "op": "count", "where": "stage == 'won'"}},
              {"name": "ltv", "type": "rollup", "rollup": {"via": "deal.contact_id", "op": "sum", "field": "amount", "where": "stage == 'won'"}},
              {"name": "last_purchase", "type": "rollup", "rollup": {"via": "deal.contact_id", "op": "max", "field": "closed_on", "where": "stage == 'won'"}},
              {"name": "average_check", "type": "rollup", "rollup": {"via": "deal.contact_id", "op": "avg", "field": "amount", "where": "stage == 'won'"}},
              {"name": "last_amount", "type": "rollup", "rollup": {"via": "deal.contact_id", "op": "last", "field": "amount"}}]}""";
    static final String DEAL = """
            {"name": "deal", "label": "Deal", "titleFields": ["title"], "fields": [
              {"name": "title", "type": "text"},
              {"name": "contact_id", "type": "link", "link": "contact", "inverse": {"name": "deals", "label": "Deals"}},
              {"name": "amount", "type": "decimal"},
              {"name": "stage", "type": "enum", "options": [{"value": "new"}, {"value": "won"}, {"value": "lost"}]},
              {"name": "closed_on", "type": "date"},
              {"name": "owner", "type": "user"}]}""";

    static final Actor MILA = new Actor("u-mila", "mila", "Mila", Set.of(Actor.MANAGER), Set.of());
    static final Actor SYSTEM = Actor.system("test");

    final TestDatabase testDatabase = TestDatabase.create();
    final Database database;
    final RuleSandbox sandbox = new RuleSandbox();
    EntityCatalog catalog;
    final RecordService records;

    LinkWorld() {
        this(Map.of("company.json", COMPANY, "tag.json", TAG, "contact.json", CONTACT, "deal.json", DEAL));
    }

    LinkWorld(Map<String, String> forms) {
        database = Database.open(ConfigLoader.fromMap(testDatabase.config()), null);
        database.migrate(new RecordCapability().migrations()); // search terms and the bin are written with every record
        catalog = EntityCatalog.load(forms, sandbox);
        new EntitySchema(database).apply(catalog);
        ScopePolicy scopes = (actor, entity, operation) -> actor.isSystem() ? Scope.ALL
                : Set.of("contact", "deal").contains(entity) ? Scope.of(Scope.Reach.OWN) : Scope.ALL;
        records = new RecordService(database, () -> catalog, new FieldValues("RU"), (connection, user) -> true,
                scopes, new Outbox(database.dialect(), List.of()), () -> {
        }, sandbox, Clock.systemUTC(), RecordWorld.COUNT_LIMIT);
    }

    /** Replaces the definitions in force, altering tables and computing new rollups as an admin's change would. */
    void redefine(Map<String, String> forms) {
        EntityCatalog previous = catalog;
        EntityCatalog next = EntityCatalog.load(forms, sandbox);
        new EntitySchema(database).apply(next);
        catalog = next;
        RollupKeeper.backfill(database, next, RollupKeeper.changedSince(previous, next), Clock.systemUTC());
    }

    RecordData create(Actor actor, String entity, Object... pairs) {
        return records.create(Origin.API, actor, entity, values(pairs));
    }

    RecordData update(Actor actor, RecordData record, Object... pairs) {
        RecordData current = records.get(SYSTEM, record.entity(), record.id());
        return records.update(Origin.API, actor, record.entity(), record.id(), current.version(), values(pairs));
    }

    RecordData read(RecordData record) {
        return records.get(SYSTEM, record.entity(), record.id());
    }

    static Map<String, Object> values(Object... pairs) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        return values;
    }

    @Override
    public void close() {
        database.close();
        testDatabase.close();
    }
}
