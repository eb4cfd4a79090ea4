package io.voronka.benchmarks;

import io.voronka.kernel.config.ConfigLoader;
import io.voronka.record.EntityCatalog;
import io.voronka.record.EntitySchema;
import io.voronka.kernel.field.FieldValues;
import io.voronka.record.RecordPage;
import io.voronka.record.RecordQuery;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.event.Outbox;
import io.voronka.record.RecordService;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static io.voronka.benchmarks.MillionRows.sql;

/**
 * A list filter over linked records: "contacts who bought something over 700" on 100,000 contacts
 * and their deals, through Voronka's record list (the rule checked and compiled to SQL on every
 * call, then the page and the total) against the same two queries written by hand in plain JDBC,
 * on the same database in the same run.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.voronka.benchmarks.LinkedFilterBenchmark [contacts] [--db h2|mariadb] [--rounds 20]</pre>
 */
public final class LinkedFilterBenchmark {

    static final String FILTER = "any(deals, amount > 700 && stage == 'won')";

    /**
     * Each round asks with another amount (700, 701, ...): H2 answers a repeated statement with the
     * same parameters from its last result, which would measure a cache rather than a query.
     */
    static String filter(int amount) {
        return FILTER.replace("700", String.valueOf(amount));
    }
    /** The first page of 50, newest first, with the count asked for. */
    static RecordQuery.Request counted(String filter) {
        return RecordQuery.Request.firstPage(Map.of(), filter, 50).counted();
    }

    private static final String[] STAGES = {"new", "qualified", "proposal", "negotiation", "won", "lost"};

    private static final String HAND_WRITTEN_WHERE = " where exists (select 1 from `rec_deal` d where d.`contact_id` = c.`id`"
            + " and d.`amount` > ? and d.`stage` = ?)";
    private static final String HAND_WRITTEN_PAGE = "select c.* from `rec_contact` c" + HAND_WRITTEN_WHERE
            + " order by c.`created_at` desc, c.`id` desc limit 50";
    private static final String HAND_WRITTEN_COUNT = "select count(*) from `rec_contact` c" + HAND_WRITTEN_WHERE;

    private LinkedFilterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        RunArguments run = RunArguments.parse(args, 100_000, 20, ScratchDatabase.Kind.H2);
        int contacts = run.size();
        int rounds = run.rounds();
        ScratchDatabase.Kind kind = run.db();
        ScratchDatabase.Kind db = kind;
        try (ScratchDatabase scratch = ScratchDatabase.create(kind, "filter");
             Database database = Database.open(ConfigLoader.fromMap(scratch.voronkaConfig()), null)) {
            database.migrate(new io.voronka.record.RecordCapability().migrations()); // search terms are written with every record
            EntityCatalog catalog = ShippedContent.contactsAndDeals();
            new EntitySchema(database).apply(catalog);
            long loadStart = System.nanoTime();
            int deals = load(database, kind, contacts);
            System.out.printf(Locale.ROOT, "%s: loaded %,d contacts and %,d deals in %.1f s%n", kind.description,
                    contacts, deals, (System.nanoTime() - loadStart) / 1e9);

            // Counting without a ceiling, so both sides do the same work: an exact count of every match.
            RecordService records = new RecordService(database, () -> catalog, new FieldValues("RU"), (c, u) -> true,
                    ScopePolicy.UNRESTRICTED, new Outbox(database.dialect(), List.of()), () -> {
            }, new RuleSandbox(), java.time.Clock.systemDefaultZone(), 100_000_000);
            int voronkaTotal = records.list(Actor.SYSTEM, "contact", counted(FILTER)).count().intValue();
            int handTotal = database.withConnection(c -> handWritten(db, c, 700));
            if (voronkaTotal != handTotal) {
                throw new IllegalStateException("Voronka counts " + voronkaTotal + ", the hand-written SQL " + handTotal);
            }
            System.out.printf(Locale.ROOT, "filter %s matches %,d contacts on both sides%n", FILTER, voronkaTotal);

            double[] voronka = new double[rounds];
            double[] baseline = new double[rounds];
            for (int warmup = 0; warmup < 5; warmup++) {
                int amount = 600 + warmup;
                records.list(Actor.SYSTEM, "contact", counted(filter(amount)));
                database.withConnection(c -> handWritten(db, c, amount));
            }
            for (int round = 0; round < rounds; round++) {
                // Alternating sides so that neither always finds the other's pages in the cache.
                int amount = 700 + round;
                long start = System.nanoTime();
                RecordPage page = records.list(Actor.SYSTEM, "contact", counted(filter(amount)));
                voronka[round] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                int total = database.withConnection(c -> handWritten(db, c, amount));
                baseline[round] = (System.nanoTime() - start) / 1e6;
                if (page.count() != total) {
                    throw new IllegalStateException("the two sides disagree");
                }
            }
            double voronkaMedian = median(voronka);
            double baselineMedian = median(baseline);
            System.out.printf(Locale.ROOT, "page of 50 + total, median of %d rounds:%n", rounds);
            System.out.printf(Locale.ROOT, "  Voronka  (RecordService.list, ?filter compiled to SQL)  %8.1f ms  (min %.1f, max %.1f)%n",
                    voronkaMedian, min(voronka), max(voronka));
            System.out.printf(Locale.ROOT, "  baseline (hand-written JDBC, EXISTS on rec_deal)        %8.1f ms  (min %.1f, max %.1f)%n",
                    baselineMedian, min(baseline), max(baseline));
            System.out.printf(Locale.ROOT, "  ratio Voronka / baseline: %.2f%n", voronkaMedian / baselineMedian);
        }
    }

    /** The same question by hand: the newest 50 contacts with a won deal over the amount, and how many there are. */
    private static int handWritten(ScratchDatabase.Kind kind, Connection connection, int amount) throws SQLException {
        try (PreparedStatement page = connection.prepareStatement(sql(kind, HAND_WRITTEN_PAGE));
             PreparedStatement count = connection.prepareStatement(sql(kind, HAND_WRITTEN_COUNT))) {
            for (PreparedStatement statement : List.of(page, count)) {
                statement.setBigDecimal(1, BigDecimal.valueOf(amount));
                statement.setString(2, "won");
            }
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = page.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString("id"));
                }
            }
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Contacts with 0 to 3 deals each (amounts 0 to 1500, any stage), in JDBC batches of 1000. */
    private static int load(Database database, ScratchDatabase.Kind kind, int contacts) {
        Random random = new Random(2026);
        return database.inTransaction(connection -> {
            int deals = 0;
            Timestamp now = Timestamp.valueOf(LocalDateTime.of(2026, 5, 15, 10, 0));
            try (PreparedStatement contact = connection.prepareStatement(sql(kind, "insert into `rec_contact`"
                    + " (`id`, `version`, `created_at`, `updated_at`, `created_by`, `first_name`, `budget`)"
                    + " values (?, 1, ?, ?, 'bench', ?, ?)"));
                 PreparedStatement deal = connection.prepareStatement(sql(kind, "insert into `rec_deal`"
                         + " (`id`, `version`, `created_at`, `updated_at`, `created_by`, `title`, `contact_id`, `amount`, `stage`)"
                         + " values (?, 1, ?, ?, 'bench', ?, ?, ?, ?)"))) {
                for (int i = 0; i < contacts; i++) {
                    String id = String.format(Locale.ROOT, "c%08d", i);
                    contact.setString(1, id);
                    contact.setTimestamp(2, now);
                    contact.setTimestamp(3, now);
                    contact.setString(4, "Contact " + i);
                    contact.setBigDecimal(5, BigDecimal.valueOf(random.nextInt(100_000)));
                    contact.addBatch();
                    for (int d = random.nextInt(4); d > 0; d--) {
                        deal.setString(1, String.format(Locale.ROOT, "d%09d", deals++));
                        deal.setTimestamp(2, now);
                        deal.setTimestamp(3, now);
                        deal.setString(4, "Deal");
                        deal.setString(5, id);
                        deal.setBigDecimal(6, BigDecimal.valueOf(random.nextInt(150_000), 2));
                        deal.setString(7, STAGES[random.nextInt(STAGES.length)]);
                        deal.addBatch();
                    }
                    if (i % 1000 == 999 || i == contacts - 1) {
                        contact.executeBatch();
                        deal.executeBatch();
                    }
                }
            }
            return deals;
        });
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
