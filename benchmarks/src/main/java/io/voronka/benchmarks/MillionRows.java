package io.voronka.benchmarks;

import io.voronka.kernel.storage.Database;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Random;

/**
 * The data set of the million-row benchmarks: contacts with Russian names and phones, created over
 * two years, each with three deals (amounts 0 to 1500, any stage, closed on a day in those two
 * years), loaded with plain JDBC batches straight into the tables the node made from the shipped
 * definitions. Seeded, so every run and both databases hold the same rows.
 */
final class MillionRows {

    static final LocalDateTime FIRST_CREATED = LocalDateTime.of(2024, 11, 1, 9, 0);
    static final LocalDate FIRST_CLOSED = LocalDate.of(2025, 1, 1);
    static final int DAYS = 700;
    static final int DEALS_PER_CONTACT = 3;
    static final String[] MANAGERS = {"olga", "ivan", "nina", "petr", "anna"};
    private static final String[] STAGES = {"new", "qualified", "proposal", "negotiation", "won", "lost"};
    private static final String[] FIRST_NAMES = {"Анна", "Мария", "Елена", "Ольга", "Иван", "Пётр", "Сергей", "Дмитрий", "Алексей", "Наталья"};
    private static final String[] LAST_NAMES = {"Иванова", "Смирнова", "Кузнецова", "Попова", "Петров", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов"};
    /** Contacts per transaction: small enough for InnoDB's undo log, large enough to batch well. */
    private static final int CONTACTS_PER_COMMIT = 5_000;

    private MillionRows() {
    }

    static String contactId(int number) {
        return String.format(Locale.ROOT, "c%08d", number);
    }

    /** Loads {@code contacts} contacts and three deals each; answers the number of deals. */
    static long load(Database database, ScratchDatabase.Kind kind, int contacts) {
        Random random = new Random(2026);
        long deals = 0;
        for (int first = 0; first < contacts; first += CONTACTS_PER_COMMIT) {
            int from = first;
            int to = Math.min(contacts, first + CONTACTS_PER_COMMIT);
            long dealsBefore = deals;
            deals += database.inTransaction(connection -> {
                long written = 0;
                try (PreparedStatement contact = connection.prepareStatement(sql(kind, "insert into `rec_contact`"
                        + " (`id`, `version`, `created_at`, `updated_at`, `created_by`, `first_name`, `last_name`, `phone`,"
                        + " `budget`, `responsible_manager`) values (?, 1, ?, ?, 'bench', ?, ?, ?, ?, ?)"));
                     PreparedStatement deal = connection.prepareStatement(sql(kind, "insert into `rec_deal`"
                             + " (`id`, `version`, `created_at`, `updated_at`, `created_by`, `title`, `contact_id`, `amount`,"
                             + " `stage`, `closed_on`) values (?, 1, ?, ?, 'bench', ?, ?, ?, ?, ?)"))) {
                    for (int i = from; i < to; i++) {
                        String id = contactId(i);
                        // Spread over two years, one second apart at most, so "newest first" is a real order.
                        Timestamp created = Timestamp.valueOf(FIRST_CREATED.plusSeconds((long) i * 60L * 60 * 24 * DAYS / contacts));
                        contact.setString(1, id);
                        contact.setTimestamp(2, created);
                        contact.setTimestamp(3, created);
                        contact.setString(4, FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]);
                        contact.setString(5, LAST_NAMES[random.nextInt(LAST_NAMES.length)]);
                        contact.setString(6, String.format(Locale.ROOT, "+79%09d", random.nextInt(1_000_000_000)));
                        contact.setBigDecimal(7, BigDecimal.valueOf(random.nextInt(100_000)));
                        contact.setString(8, MANAGERS[random.nextInt(MANAGERS.length)]);
                        contact.addBatch();
                        for (int d = 0; d < DEALS_PER_CONTACT; d++) {
                            deal.setString(1, String.format(Locale.ROOT, "d%09d", (long) i * DEALS_PER_CONTACT + d));
                            deal.setTimestamp(2, created);
                            deal.setTimestamp(3, created);
                            deal.setString(4, "Сделка " + i + "-" + d);
                            deal.setString(5, id);
                            deal.setBigDecimal(6, BigDecimal.valueOf(random.nextInt(150_000), 2));
                            deal.setString(7, STAGES[random.nextInt(STAGES.length)]);
                            deal.setDate(8, Date.valueOf(FIRST_CLOSED.plusDays(random.nextInt(DAYS))));
                            deal.addBatch();
                            written++;
                        }
                        if ((i - from) % 1000 == 999 || i == to - 1) {
                            contact.executeBatch();
                            deal.executeBatch();
                        }
                    }
                }
                return written;
            });
            if (to % 100_000 == 0) {
                System.out.printf(Locale.ROOT, "  loaded %,d contacts, %,d deals%n", to, dealsBefore + (deals - dealsBefore));
            }
        }
        return deals;
    }

    /** Identifiers are quoted as the engine's jOOQ quotes them: H2 would otherwise upper-case them. */
    static String sql(ScratchDatabase.Kind kind, String template) {
        return template.replace("`", kind == ScratchDatabase.Kind.H2 ? "\"" : "`");
    }
}
