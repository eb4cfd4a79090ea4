package io.voronka.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.voronka.kernel.access.Actor;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exact total of a filter that is one {@code any(deals, ...)} is counted among the deals
 * (distinct contacts of the matching deals, over the declared composite index) and must be the
 * number of contacts the pages list, for the admin and for a manager whose scope keeps the EXISTS
 * count: contacts with two matching deals count once, deals without a contact not at all, and
 * {@code stage == 'won'} still does not match 'WON' where the database's collation would.
 */
class LinkedCountTest {

    static final String DEAL = """
            {"name": "deal", "label": "Deal", "labelPlural": "Deals", "titleFields": ["title"], "fields": [
              {"name": "title", "type": "text", "maxLength": 200},
              {"name": "contact_id", "type": "link", "link": "contact", "inverse": {"name": "deals", "label": "Deals"}},
              {"name": "amount", "type": "decimal"},
              {"name": "stage", "type": "text", "maxLength": 20},
              {"name": "closed_on", "type": "date"},
              {"name": "responsible_manager", "type": "user"}],
             "indexes": [{"fields": ["stage", "closed_on", "amount", "contact_id"]}]}""";

    static ListsWorld world;

    @BeforeAll
    static void seed() {
        world = new ListsWorld(ListsWorld.CONTACT, DEAL);
        String[] stages = {"won", "WON", "won ", "lost", "new"};
        for (int i = 0; i < 30; i++) {
            RecordData contact = world.contact(Map.of("first_name", "Counted" + i, "responsible_manager", i % 3 == 0 ? "nina" : "pavel"));
            for (int d = 0; d < i % 4; d++) {
                Map<String, Object> deal = new HashMap<>();
                deal.put("title", "Deal " + i + "-" + d);
                deal.put("contact_id", contact.id());
                deal.put("stage", stages[(i + d) % stages.length]);
                if ((i + d) % 7 != 0) {
                    deal.put("amount", 100 * ((i * 7 + d) % 15));
                }
                deal.put("closed_on", LocalDate.of(2026, 1, 1).plusDays((i * 11L + d * 5L) % 90).toString());
                world.deal(deal);
            }
        }
        world.deal(Map.of("title", "Nobody's", "stage", "won", "amount", 1400, "closed_on", "2026-01-10"));
    }

    @AfterAll
    static void close() {
        world.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "any(deals, title != null)",
            "any(deals, stage == 'won')",
            "any(deals, stage == 'won' && amount > 700 && closed_on >= date('2026-01-15') && closed_on < date('2026-03-15'))",
            "any(deals, stage != 'won' || amount == null)",
            "any(deals, stage == 'WON')",
            "any(deals, amount > 300) && first_name != 'Counted4'",
            "!any(deals, stage == 'won')"})
    void theExactTotalIsTheNumberOfContactsListed(String filter) {
        for (Actor reader : List.of(ListsWorld.ADMIN, ListsWorld.manager("nina"))) {
            assertThat(total(reader, filter)).as(filter + " read by " + reader.username()).isEqualTo(listed(reader, filter));
        }
    }

    @ParameterizedTest(name = "stage == '{0}'")
    @ValueSource(strings = {"won", "WON", "won "})
    void aTextComparedWithAWrittenTextMatchesItByteForByte(String stage) {
        long contacts = world.records.list(ListsWorld.ADMIN, "deal", RecordQuery.Request.firstPage(Map.of(), null, 500))
                .items().stream().filter(d -> stage.equals(d.values().get("stage")) && d.values().get("contact_id") != null)
                .map(d -> d.values().get("contact_id")).distinct().count();
        assertThat(contacts).as("the seed has such contacts").isPositive();
        assertThat(total(ListsWorld.ADMIN, "any(deals, stage == '" + stage + "')")).isEqualTo(contacts);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "any(deals, stage == 'won' && amount > 700 && closed_on >= date('2026-01-15') && closed_on < date('2026-03-15'))",
            "any(deals, title != null)"})
    void oneAnyOverALinkIsCountedAmongTheLinkedRecordsOverTheirIndex(String filter) {
        String sql = countingSql(filter).orElseThrow(() -> new AssertionError(filter + " is not counted among the deals"));
        assertThat(sql).as("one count over the deals, no contact row read").startsWith("select count(distinct")
                .doesNotContain("rec_contact");
        if (filter.contains("closed_on")) {
            assertThat(sql).as("the date window stays a range the index reads, not a CASE")
                    .doesNotContain("case when");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"any(deals, amount > 300) && first_name != 'Counted4'", "!any(deals, stage == 'won')", "first_name != null"})
    void otherFiltersAreCountedOverTheContacts(String filter) {
        assertThat(countingSql(filter)).as(filter).isEmpty();
    }

    /**
     * A page checks each contact's {@code any(deals, ...)} as it reads the contacts in sort order, so
     * each check must find that contact's deals through the link index. Through the composite index
     * the filter's own columns lead, H2 read every deal in the window per contact (a first page at a
     * million contacts did not answer in 8 minutes); MariaDB is told per statement (RecordStore).
     */
    @org.junit.jupiter.api.Test
    void aPageChecksEachContactsDealsThroughTheLinkIndex() throws java.sql.SQLException {
        String filter = "any(deals, stage == 'won' && amount > 700 && closed_on >= date('2026-01-15') && closed_on < date('2026-03-15'))";
        EntityRuleSchema schema = world.catalog.ruleSchema(world.catalog.find("contact").orElseThrow(), true);
        io.voronka.kernel.rule.CheckedRule rule = new io.voronka.kernel.rule.RuleSandbox().expression("filter", filter, schema);
        org.jooq.DSLContext sql = org.jooq.impl.DSL.using(world.database.dialect());
        String page = sql.renderInlined(sql.select(org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("id")))
                .from(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name("rec_contact")))
                .where(io.voronka.kernel.rule.RuleSql.filter(rule, new EntityRuleTables(schema, world.catalog),
                        world.database.dialect(), java.time.Clock.systemUTC()))
                .orderBy(org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("created_at")).desc()).limit(50));
        boolean mariaDb = world.database.dialect().family() == org.jooq.SQLDialect.MARIADB;
        StringBuilder plan = new StringBuilder();
        try (java.sql.Connection connection = world.database.dataSource().getConnection();
             java.sql.ResultSet rows = connection.createStatement().executeQuery(mariaDb
                     ? "SET STATEMENT optimizer_switch='exists_to_in=off' FOR EXPLAIN " + page : "EXPLAIN " + page)) {
            while (rows.next()) {
                // H2 writes its plan as one text; MariaDB gives a row per table with the index it chose.
                plan.append(mariaDb ? rows.getString("table") + " by " + rows.getString("key") : rows.getString(1)).append('\n');
            }
        }
        assertThat(plan.toString()).as("the plan of " + page).contains("ix_deal_contact_id").doesNotContain("ixc_deal_");
    }

    private static java.util.Optional<String> countingSql(String filter) {
        EntityRuleSchema schema = world.catalog.ruleSchema(world.catalog.find("contact").orElseThrow(), true);
        io.voronka.kernel.rule.CheckedRule rule = new io.voronka.kernel.rule.RuleSandbox().expression("filter", filter, schema);
        return io.voronka.kernel.rule.RuleSql.countThroughLink(rule, new EntityRuleTables(schema, world.catalog),
                world.database.dialect(), java.time.Clock.systemUTC()).map(select -> org.jooq.impl.DSL.using(world.database.dialect())
                .renderInlined(select));
    }

    private static long total(Actor reader, String filter) {
        return world.records.list(reader, "contact", new RecordQuery.Request(Map.of(), filter, null, null, 1, false).totalled())
                .total();
    }

    private static long listed(Actor reader, String filter) {
        List<RecordData> seen = new ArrayList<>();
        RecordQuery.Request request = new RecordQuery.Request(Map.of(), filter, null, null, 100, false);
        RecordPage page;
        do {
            page = world.records.list(reader, "contact", request);
            seen.addAll(page.items());
            request = request.continuedFrom(page.next());
        } while (page.next() != null);
        return seen.size();
    }
}
