package io.voronka.record;

import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.event.Outbox;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.field.FieldValues;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import io.voronka.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Contacts and deals (the shapes of {@link FilterWorld}) behind a real {@link RecordService}, in a
 * test database of its own, with a small count limit so "more than the limit" takes few rows.
 */
final class RecordWorld implements AutoCloseable {

    static final int COUNT_LIMIT = 5;

    final TestDatabase testDatabase = TestDatabase.create();
    final Database database;
    final EntityCatalog catalog;
    final RecordService records;

    RecordWorld() {
        database = Database.open(ConfigLoader.fromMap(testDatabase.config()), null);
        database.migrate(new io.voronka.record.RecordCapability().migrations()); // search terms are written with every record
        RuleSandbox sandbox = new RuleSandbox();
        catalog = EntityCatalog.load(Map.of("contact.json", FilterWorld.CONTACT, "deal.json", FilterWorld.DEAL), sandbox);
        new EntitySchema(database).apply(catalog);
        records = new RecordService(database, () -> catalog, new FieldValues("RU"), (connection, user) -> true,
                ScopePolicy.UNRESTRICTED, new Outbox(database.dialect(), List.of()), () -> {
        }, sandbox, Clock.systemUTC(), COUNT_LIMIT);
    }

    RecordData contact(String firstName) {
        return records.create(Origin.API, Actor.system("test"), "contact", Map.of("first_name", firstName));
    }

    int rows(String table) {
        return database.withConnection(c -> database.dsl(c).fetchCount(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name(table))));
    }

    /**
     * A connection that writes down the SQL of every statement prepared on it, lower-cased and
     * without quotes, so a test can say how many statements a piece of work took and on which tables.
     */
    static Connection recording(Connection connection, List<String> statements) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if ((method.getName().equals("prepareStatement") || method.getName().equals("prepareCall"))
                            && args != null && args[0] instanceof String sql) {
                        statements.add(sql.toLowerCase(Locale.ROOT).replace("\"", "").replace("`", ""));
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public void close() {
        database.close();
        testDatabase.close();
    }
}
