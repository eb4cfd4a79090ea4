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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Contacts with title fields, phones and emails, and deals with stages, behind a real
 * {@link RecordService} whose managers read only their own records ("own" scope) and admins all:
 * what search, sorting, kanban groups, views and mass actions are tested against.
 */
public final class ListsWorld implements AutoCloseable {

    static final String CONTACT = """
            {"name": "contact", "label": "Contact", "labelPlural": "Contacts",
             "titleFields": ["last_name", "first_name", "patronymic"], "fields": [
              {"name": "last_name", "type": "text", "maxLength": 100},
              {"name": "first_name", "type": "text", "maxLength": 100},
              {"name": "patronymic", "type": "text", "maxLength": 100},
              {"name": "city", "type": "text", "maxLength": 100},
              {"name": "nickname", "type": "text", "maxLength": 100, "indexed": true},
              {"name": "phone", "type": "phone"},
              {"name": "email", "type": "email"},
              {"name": "gender", "type": "enum", "options": [{"value": "female"}, {"value": "male"}]},
              {"name": "budget", "type": "decimal"},
              {"name": "responsible_manager", "type": "user"}]}""";
    static final String DEAL = """
            {"name": "deal", "label": "Deal", "labelPlural": "Deals", "titleFields": ["title"], "fields": [
              {"name": "title", "type": "text", "maxLength": 200},
              {"name": "contact_id", "type": "link", "link": "contact"},
              {"name": "amount", "type": "decimal"},
              {"name": "stage", "type": "enum", "options": [{"value": "new"}, {"value": "qualified"},
                {"value": "won"}, {"value": "lost"}]},
              {"name": "responsible_manager", "type": "user"}]}""";

    public static final Actor ADMIN = new Actor("u-admin", "admin", "Admin", Set.of(Actor.ADMIN), Set.of());

    public final TestDatabase testDatabase = TestDatabase.create();
    public final Database database;
    public final EntityCatalog catalog;
    public final RecordService records;

    public ListsWorld() {
        this(CONTACT, DEAL);
    }

    /** The same world over other contact and deal definitions. */
    public ListsWorld(String contactDefinition, String dealDefinition) {
        database = Database.open(ConfigLoader.fromMap(testDatabase.config()), null);
        // Search terms are written with every record; mass actions keep their jobs in the bulk tables. Versions
        // are one sequence across capabilities, so both are migrated together (bulk's 9.1 sits below record's 14.1).
        database.migrate(java.util.stream.Stream.concat(new io.voronka.record.RecordCapability().migrations().stream(),
                java.util.stream.Stream.of("classpath:io/voronka/bulk/migration")).toList());
        RuleSandbox sandbox = new RuleSandbox();
        catalog = EntityCatalog.load(Map.of("contact.json", contactDefinition, "deal.json", dealDefinition), sandbox);
        new EntitySchema(database).apply(catalog);
        ScopePolicy ownForManagers = (actor, entity, operation) -> actor.isAdmin() ? Scope.ALL : Scope.of(Scope.Reach.OWN);
        records = new RecordService(database, () -> catalog, new FieldValues("RU"), (connection, user) -> true,
                ownForManagers, new Outbox(database.dialect(), List.of()), () -> {
        }, sandbox, Clock.systemUTC(), 1_000);
    }

    public static Actor manager(String username) {
        return new Actor("u-" + username, username, "Manager " + username, Set.of(Actor.MANAGER), Set.of());
    }

    public RecordData contact(Map<String, Object> values) {
        return records.create(Origin.API, ADMIN, "contact", values);
    }

    public RecordData deal(Map<String, Object> values) {
        return records.create(Origin.API, ADMIN, "deal", values);
    }

    @Override
    public void close() {
        database.close();
        testDatabase.close();
    }
}
