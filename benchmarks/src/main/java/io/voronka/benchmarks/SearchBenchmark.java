package io.voronka.benchmarks;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.Scope;
import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.event.Outbox;
import io.voronka.kernel.field.FieldValues;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import io.voronka.record.EntityCatalog;
import io.voronka.record.EntitySchema;
import io.voronka.record.RecordQuery;
import io.voronka.record.RecordService;
import io.voronka.record.SearchBackfill;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static io.voronka.benchmarks.MillionRows.sql;
import java.util.Set;

/**
 * Global search, sorted lists and exact totals on a million contacts. The contacts are loaded
 * past the record service (plain JDBC batches, no search terms), so the run also measures the
 * backfill that indexes records written before the terms existed. Then each question is asked
 * through Voronka and, as the baseline in the same run, by hand: search as the scan it would be
 * without the terms ({@code LIKE '%x%'} over names, phones and emails), lists as hand-written
 * keyset SQL.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.voronka.benchmarks.SearchBenchmark [contacts] [--db h2|mariadb] [--rounds 50]</pre>
 */
public final class SearchBenchmark {

    private static final String[] SURNAMES = {"Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров",
            "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов",
            "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров"};
    private static final String[] NAMES = {"Анна", "Мария", "Елена", "Ольга", "Наталья", "Ирина", "Светлана",
            "Татьяна", "Алёна", "Юлия", "Иван", "Пётр", "Сергей", "Андрей", "Дмитрий", "Алексей", "Михаил",
            "Николай", "Владимир", "Павел"};
    private static final String[] MANAGERS = {"nina", "olga", "pavel", "boris", "irina", "oleg", "vera", "gleb",
            "rita", "ivan"};

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        RunArguments run = RunArguments.parse(args, 1_000_000, 50, ScratchDatabase.Kind.H2);
        int contacts = run.size();
        int rounds = run.rounds();
        ScratchDatabase.Kind kind = run.db();
        ScratchDatabase.Kind db = kind;
        int n = contacts;
        try (ScratchDatabase scratch = ScratchDatabase.create(kind, "search");
             Database database = Database.open(ConfigLoader.fromMap(scratch.voronkaConfig()), null)) {
            database.migrate(new io.voronka.record.RecordCapability().migrations());
            EntityCatalog catalog = ShippedContent.contactsAndDeals();
            new EntitySchema(database).apply(catalog);
            long start = System.nanoTime();
            load(database, kind, contacts);
            System.out.printf(Locale.ROOT, "%s: loaded %,d contacts in %.1f s%n", kind.description, contacts,
                    (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            int indexed = new SearchBackfill(database, () -> catalog).run();
            System.out.printf(Locale.ROOT, "backfill: search terms for %,d records in %.1f s%n", indexed,
                    (System.nanoTime() - start) / 1e9);

            ScopePolicy ownForManagers = (actor, entity, op) -> actor.isAdmin() ? Scope.ALL : Scope.of(Scope.Reach.OWN);
            RecordService records = new RecordService(database, () -> catalog, new FieldValues("RU"), (c, u) -> true,
                    ownForManagers, new Outbox(database.dialect(), List.of()), () -> {
            }, new RuleSandbox(), Clock.systemDefaultZone(), 10_000);
            Actor admin = new Actor("a", "admin", "Admin", Set.of(Actor.ADMIN), Set.of());
            Actor nina = new Actor("n", "nina", "Nina", Set.of(Actor.MANAGER), Set.of());

            Random random = new Random(7);
            compare(rounds, "search: exact phone, national spelling (admin)",
                    r -> records.search(admin, "8" + phone(random.nextInt(n)).substring(2), 20).size(),
                    r -> scan(database, db, phone(random.nextInt(n)).substring(2)));
            compare(rounds, "search: a common surname, 1 in 25 (manager, own scope)",
                    r -> records.search(nina, SURNAMES[r % SURNAMES.length].substring(0, 5), 20).size(),
                    r -> scan(database, db, SURNAMES[r % SURNAMES.length].substring(0, 5).toLowerCase(Locale.ROOT)));
            compare(rounds, "search: surname and name, 1 in 500 (admin)",
                    r -> records.search(admin, SURNAMES[r % SURNAMES.length] + " " + NAMES[r % NAMES.length], 20).size(),
                    r -> scan(database, db, NAMES[r % NAMES.length].toLowerCase(Locale.ROOT)));
            compare(rounds, "search: a name nobody has (admin)",
                    r -> records.search(admin, "Ёлкина" + r, 20).size(),
                    r -> scan(database, db, "елкина" + r));
            compare(rounds, "search: exact email (admin)",
                    r -> records.search(admin, "Contact" + random.nextInt(n) + "@Example.com", 20).size(),
                    r -> scan(database, db, "contact" + random.nextInt(n) + "@"));
            compare(rounds, "list: first page of 50 by -budget, then the 20th page (admin)",
                    r -> pages(records, admin, "-budget", 20),
                    r -> handPages(database, db, 20));
            compare(Math.max(3, rounds / 10), "list: count=exact of budget > 50000 (admin)",
                    r -> records.list(admin, "contact", new RecordQuery.Request(Map.of(), "budget > " + (50_000 + r),
                            null, null, 1, false).totalled()).total().intValue(),
                    r -> handCount(database, db, 50_000 + r));
            compare(Math.max(3, rounds / 10), "kanban: groups by source (admin)",
                    r -> records.groups(admin, "contact", "source", Map.of(), null).size(),
                    r -> handGroups(database, db));
        }
    }

    interface Work {
        int run(int round) throws Exception;
    }

    private static void compare(int rounds, String what, Work voronka, Work baseline) throws Exception {
        double[] ours = new double[rounds];
        double[] theirs = new double[rounds];
        for (int warmup = 0; warmup < 3; warmup++) {
            voronka.run(warmup);
            baseline.run(warmup);
        }
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            voronka.run(round);
            ours[round] = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            baseline.run(round);
            theirs[round] = (System.nanoTime() - start) / 1e6;
        }
        System.out.printf(Locale.ROOT, "%s, %d rounds:%n  Voronka   median %8.1f ms  p95 %8.1f ms%n"
                + "  baseline  median %8.1f ms  p95 %8.1f ms%n", what, rounds, percentile(ours, 50), percentile(ours, 95),
                percentile(theirs, 50), percentile(theirs, 95));
    }

    static String phone(int i) {
        return String.format(Locale.ROOT, "+79%09d", i);
    }

    /** Search without terms: what a search box costs as a scan of the contacts. */
    private static int scan(Database database, ScratchDatabase.Kind kind, String text) {
        return database.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(sql(kind, "select `id` from `rec_contact` where"
                    + " lower(`last_name`) like ? or lower(`first_name`) like ? or `phone` like ? or `email` like ? limit 20"))) {
                for (int i = 1; i <= 4; i++) {
                    s.setString(i, "%" + text + "%");
                }
                return count(s);
            }
        });
    }

    private static int pages(RecordService records, Actor actor, String sort, int pages) {
        RecordQuery.Request request = new RecordQuery.Request(Map.of(), null, sort, null, 50, false);
        int seen = 0;
        for (int p = 0; p < pages; p++) {
            var page = records.list(actor, "contact", request);
            seen += page.items().size();
            request = request.continuedFrom(page.next());
        }
        return seen;
    }

    /** The same pages by hand: keyset over (budget, id) descending. */
    private static int handPages(Database database, ScratchDatabase.Kind kind, int pages) {
        return database.withConnection(c -> {
            int seen = 0;
            BigDecimal budget = null;
            String id = null;
            for (int p = 0; p < pages; p++) {
                String where = budget == null ? "" : " where `budget` <= ? and (`budget` < ? or `id` < ?)";
                try (PreparedStatement s = c.prepareStatement(sql(kind, "select * from `rec_contact`" + where
                        + " order by `budget` desc, `id` desc limit 50"))) {
                    if (budget != null) {
                        s.setBigDecimal(1, budget);
                        s.setBigDecimal(2, budget);
                        s.setString(3, id);
                    }
                    try (ResultSet rows = s.executeQuery()) {
                        while (rows.next()) {
                            budget = rows.getBigDecimal("budget");
                            id = rows.getString("id");
                            seen++;
                        }
                    }
                }
            }
            return seen;
        });
    }

    private static int handCount(Database database, ScratchDatabase.Kind kind, int over) {
        return database.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(sql(kind, "select count(*) from `rec_contact` where `budget` > ?"))) {
                s.setBigDecimal(1, BigDecimal.valueOf(over));
                try (ResultSet rows = s.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    private static int handGroups(Database database, ScratchDatabase.Kind kind) {
        return database.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(sql(kind,
                    "select `source`, count(*) from `rec_contact` group by `source`"))) {
                return count(s);
            }
        });
    }

    private static int count(PreparedStatement s) throws SQLException {
        int n = 0;
        try (ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                n++;
            }
        }
        return n;
    }

    /** Contacts with a surname, a name, a unique phone and email, a budget, a source and one of ten managers. */
    private static void load(Database database, ScratchDatabase.Kind kind, int contacts) {
        Random random = new Random(2026);
        String[] sources = {"site_form", "chat", "messenger", "call", "email", "referral", "import", "other"};
        Timestamp now = Timestamp.valueOf(LocalDateTime.of(2026, 5, 15, 10, 0));
        for (int from = 0; from < contacts; from += 10_000) {
            int first = from;
            database.inTransaction(connection -> {
                try (PreparedStatement contact = connection.prepareStatement(sql(kind, "insert into `rec_contact`"
                        + " (`id`, `version`, `created_at`, `updated_at`, `created_by`, `last_name`, `first_name`, `phone`,"
                        + " `email`, `budget`, `source`, `responsible_manager`) values (?, 1, ?, ?, 'bench', ?, ?, ?, ?, ?, ?, ?)"))) {
                    for (int i = first; i < Math.min(contacts, first + 10_000); i++) {
                        contact.setString(1, String.format(Locale.ROOT, "c%08d", i));
                        contact.setTimestamp(2, now);
                        contact.setTimestamp(3, now);
                        contact.setString(4, SURNAMES[i % SURNAMES.length]);
                        contact.setString(5, NAMES[(i / SURNAMES.length) % NAMES.length]);
                        contact.setString(6, phone(i));
                        contact.setString(7, "contact" + i + "@example.com");
                        contact.setBigDecimal(8, BigDecimal.valueOf(random.nextInt(100_000)));
                        contact.setString(9, sources[random.nextInt(sources.length)]);
                        contact.setString(10, MANAGERS[random.nextInt(MANAGERS.length)]);
                        contact.addBatch();
                        if (i % 1000 == 999) {
                            contact.executeBatch();
                        }
                    }
                    contact.executeBatch();
                }
                return null;
            });
        }
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
