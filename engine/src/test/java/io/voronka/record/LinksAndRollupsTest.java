package io.voronka.record;

import static io.voronka.record.LinkWorld.MILA;
import static io.voronka.record.LinkWorld.SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.event.Origin;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Links named both ways, many-to-many links and rollups kept current, on H2 or (with -Pmariadb) MariaDB. */
class LinksAndRollupsTest {

    LinkWorld world;

    @BeforeEach
    void open() {
        world = new LinkWorld();
    }

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void inverseLinkShowsDealsOnContact() {
        RecordData anna = world.create(SYSTEM, "contact", "first_name", "Anna", "owner", "mila");
        RecordData phone = world.create(SYSTEM, "deal", "title", "Phone", "contact_id", anna.id(), "owner", "mila");
        world.create(SYSTEM, "deal", "title", "Boris's laptop", "contact_id", anna.id(), "owner", "boris");

        LinkedRecords.Group deals = group(world.records.linked(MILA, "contact", anna.id()), "deal", "incoming");
        assertThat(deals.label()).isEqualTo("Deals");
        assertThat(deals.field()).isEqualTo("contact_id");
        assertThat(deals.items()).as("only the deal mila may read").containsExactly(new LinkedRecords.Item(phone.id(), "Phone"));
        assertThat(deals.total()).isEqualTo(1);
        assertThat(group(world.records.linked(SYSTEM, "contact", anna.id()), "deal", "incoming").total()).isEqualTo(2);

        LinkedRecords.Group contact = group(world.records.linked(MILA, "deal", phone.id()), "contact", "outgoing");
        assertThat(contact.label()).isEqualTo("contact_id");
        assertThat(contact.items()).containsExactly(new LinkedRecords.Item(anna.id(), "Anna"));
        assertThat(group(world.records.linked(MILA, "contact", anna.id()), "company", "outgoing").items())
                .as("an empty link is still a group, so the card can offer to fill it").isEmpty();
        RecordData borisOnly = world.create(SYSTEM, "contact", "first_name", "Boris", "owner", "boris");
        assertThat(catchThrowableOfType(DomainError.class, () -> world.records.linked(MILA, "contact", borisOnly.id())).kind())
                .isEqualTo(DomainError.Kind.NOT_FOUND);
    }

    @Test
    void manyToManyLinksRoundTripWithHistory() {
        RecordData vip = world.create(SYSTEM, "tag", "name", "vip");
        RecordData wholesale = world.create(SYSTEM, "tag", "name", "wholesale");
        RecordData anna = world.create(SYSTEM, "contact", "first_name", "Anna", "owner", "mila",
                "tags", List.of(wholesale.id(), vip.id(), vip.id()));
        List<String> both = java.util.stream.Stream.of(vip.id(), wholesale.id()).sorted().toList();
        assertThat(anna.values().get("tags")).isEqualTo(both);
        assertThat(world.read(anna).values().get("tags")).as("read back sorted and without repeats").isEqualTo(both);

        RecordData changed = world.update(MILA, anna, "tags", List.of(wholesale.id()));
        assertThat(world.read(changed).values().get("tags")).isEqualTo(List.of(wholesale.id()));
        FieldChange entry = world.records.history(MILA, "contact", anna.id()).stream()
                .filter(c -> c.field().equals("tags") && c.version() == 2).findFirst().orElseThrow();
        assertThat(entry.oldValue()).isEqualTo(String.join(", ", both));
        assertThat(entry.newValue()).isEqualTo(wholesale.id());
        assertThat(world.records.list(MILA, "contact", RecordQuery.Request.firstPage(Map.of(), null, 10)).items().getFirst()
                .values().get("tags")).as("lists carry the ids too").isEqualTo(List.of(wholesale.id()));

        LinkedRecords.Group tagged = group(world.records.linked(SYSTEM, "tag", wholesale.id()), "contact", "incoming");
        assertThat(tagged.label()).isEqualTo("Tagged contacts");
        assertThat(tagged.items()).extracting(LinkedRecords.Item::id).containsExactly(anna.id());
        assertThat(group(world.records.linked(SYSTEM, "contact", anna.id()), "tag", "outgoing").items())
                .extracting(LinkedRecords.Item::title).containsExactly("wholesale");

        DomainError missing = catchThrowableOfType(DomainError.class, () -> world.update(MILA, anna, "tags",
                List.of(vip.id(), "00000000-0000-0000-0000-000000000000")));
        assertThat(missing.errors().getFirst().field()).isEqualTo("values.tags");
        assertThat(missing.errors().getFirst().rule()).isEqualTo("exists");
        DomainError notIds = catchThrowableOfType(DomainError.class, () -> world.update(MILA, anna, "tags", "vip"));
        assertThat(notIds.errors().getFirst().rule()).isEqualTo("type");
        assertThat(catchThrowableOfType(DomainError.class, () -> world.records.delete(Origin.API, SYSTEM, "tag",
                wholesale.id(), null)).kind()).as("a tag still held").isEqualTo(DomainError.Kind.CONFLICT);

        world.records.delete(Origin.API, SYSTEM, "contact", anna.id(), null);
        world.records.delete(Origin.API, SYSTEM, "tag", wholesale.id(), null);
        assertThat((int) world.database.withConnection(c -> world.database.dsl(c).fetchCount(
                LinkSets.table(world.catalog.find("contact").orElseThrow(), world.catalog.find("contact").orElseThrow()
                        .field("tags").orElseThrow())))).as("a deleted contact's links go with it").isZero();
    }

    @Test
    void manyToManyTargetsMustBeReadable() {
        RecordData borisContact = world.create(SYSTEM, "contact", "first_name", "Boris", "owner", "boris");
        RecordData bundle = world.create(SYSTEM, "tag", "name", "bundle");
        world.redefine(Map.of("company.json", LinkWorld.COMPANY, "tag.json", LinkWorld.TAG.replace(
                "{\"name\": \"name\", \"type\": \"text\", \"required\": true}",
                "{\"name\": \"name\", \"type\": \"text\", \"required\": true},"
                        + " {\"name\": \"members\", \"type\": \"links\", \"link\": \"contact\", \"required\": true}"),
                "contact.json", LinkWorld.CONTACT, "deal.json", LinkWorld.DEAL));
        DomainError hidden = catchThrowableOfType(DomainError.class, () -> world.update(MILA, bundle, "members",
                List.of(borisContact.id())));
        assertThat(hidden.errors().getFirst().field()).isEqualTo("values.members");
        assertThat(hidden.errors().getFirst().message()).as("answered as absent").contains("no contact with id");
        DomainError none = catchThrowableOfType(DomainError.class, () -> world.update(MILA, bundle, "members", List.of()));
        assertThat(none.errors().getFirst().rule()).as("required: at least one").isEqualTo("required");
    }

    @Test
    void rollupKeptCurrentWhenDealWonRelinkedOrDeleted() {
        RecordData anna = world.create(SYSTEM, "contact", "first_name", "Anna");
        RecordData boris = world.create(SYSTEM, "contact", "first_name", "Boris");
        assertThat(world.read(anna).values()).containsEntry("deals_won", 0L).containsEntry("last_purchase", null);
        assertThat((BigDecimal) world.read(anna).values().get("ltv")).isEqualByComparingTo("0");

        RecordData phone = world.create(SYSTEM, "deal", "title", "Phone", "contact_id", anna.id(), "amount", 800,
                "stage", "new");
        assertThat(world.read(anna).values()).containsEntry("deals_won", 0L);
        assertThat((BigDecimal) world.read(anna).values().get("last_amount")).isEqualByComparingTo("800");

        world.update(SYSTEM, phone, "stage", "won", "closed_on", "2026-03-01");
        world.create(SYSTEM, "deal", "title", "Case", "contact_id", anna.id(), "amount", 100, "stage", "won",
                "closed_on", "2026-04-10");
        Map<String, Object> values = world.read(anna).values();
        assertThat(values).containsEntry("deals_won", 2L).containsEntry("last_purchase", LocalDate.parse("2026-04-10"));
        assertThat((BigDecimal) values.get("ltv")).isEqualByComparingTo("900");
        assertThat((BigDecimal) values.get("average_check")).isEqualByComparingTo("450");
        assertThat((BigDecimal) values.get("last_amount")).isEqualByComparingTo("100");

        world.update(SYSTEM, phone, "contact_id", boris.id());
        assertThat((BigDecimal) world.read(anna).values().get("ltv")).as("re-linked away").isEqualByComparingTo("100");
        assertThat((BigDecimal) world.read(boris).values().get("ltv")).as("re-linked here").isEqualByComparingTo("800");
        assertThat(world.read(boris).values()).containsEntry("deals_won", 1L)
                .containsEntry("last_purchase", LocalDate.parse("2026-03-01"));

        world.records.delete(Origin.API, SYSTEM, "deal", phone.id(), null);
        assertThat(world.read(boris).values()).containsEntry("deals_won", 0L).containsEntry("last_purchase", null)
                .containsEntry("average_check", null);
        assertThat((BigDecimal) world.read(boris).values().get("ltv")).isEqualByComparingTo("0");
        assertThat(world.read(boris).version()).as("a rollup moving is no edit of the contact").isEqualTo(boris.version());

        assertThat(world.records.list(SYSTEM, "contact", RecordQuery.Request.firstPage(Map.of(), "ltv > 50", 10))
                .items()).extracting(RecordData::id).containsExactly(anna.id());
    }

    @Test
    void dealRestoredFromTheBinCountsAgainAndIsFoundAgain() {
        RecordData anna = world.create(SYSTEM, "contact", "first_name", "Anna");
        RecordData won = world.create(SYSTEM, "deal", "title", "Samovar", "contact_id", anna.id(), "amount", 700,
                "stage", "won", "closed_on", "2026-03-01");
        assertThat(world.read(anna).values()).containsEntry("deals_won", 1L);

        world.records.delete(Origin.API, SYSTEM, "deal", won.id(), null);
        assertThat(world.read(anna).values()).containsEntry("deals_won", 0L);
        assertThat(world.records.search(SYSTEM, "samovar", 10)).isEmpty();

        world.records.recycleBin().restore(Origin.API, SYSTEM, "deal", won.id());
        assertThat(world.read(anna).values()).as("the restored deal is in the rollup again")
                .containsEntry("deals_won", 1L).containsEntry("last_purchase", LocalDate.parse("2026-03-01"));
        assertThat((BigDecimal) world.read(anna).values().get("ltv")).isEqualByComparingTo("700");
        assertThat(world.records.search(SYSTEM, "samovar", 10)).extracting(RecordSearch.Hit::id).containsExactly(won.id());
    }

    @Test
    void contactRestoredFromTheBinKeepsItsManyToManyLinks() {
        RecordData vip = world.create(SYSTEM, "tag", "name", "vip");
        RecordData anna = world.create(SYSTEM, "contact", "first_name", "Anna", "tags", List.of(vip.id()));
        world.records.delete(Origin.API, SYSTEM, "contact", anna.id(), null);
        world.records.recycleBin().restore(Origin.API, SYSTEM, "contact", anna.id());
        assertThat(world.read(anna).values().get("tags")).isEqualTo(List.of(vip.id()));
    }

    @Test
    void rollupStaysExactUnderConcurrentWriters() throws Exception {
        RecordData anna = world.create(SYSTEM, "contact", "first_name", "Anna");
        RecordData boris = world.create(SYSTEM, "contact", "first_name", "Boris");
        int writers = 6;
        int each = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    // Every other deal goes to Boris and then moves to Anna: creates and re-links race together.
                    String first = (writer + i) % 2 == 0 ? anna.id() : boris.id();
                    RecordData deal = world.create(SYSTEM, "deal", "title", "d", "contact_id", first, "amount", 1,
                            "stage", "won");
                    if (!first.equals(anna.id())) {
                        world.update(SYSTEM, deal, "contact_id", anna.id());
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(world.read(anna).values()).containsEntry("deals_won", (long) writers * each);
        assertThat((BigDecimal) world.read(anna).values().get("ltv")).isEqualByComparingTo("" + writers * each);
        assertThat(world.read(boris).values()).containsEntry("deals_won", 0L);
    }

    @Test
    void rollupsAreReadOnly() {
        DomainError written = catchThrowableOfType(DomainError.class, () ->
                world.create(SYSTEM, "contact", "first_name", "Anna", "ltv", 5));
        assertThat(written.kind()).isEqualTo(DomainError.Kind.MALFORMED);
        assertThat(written.errors().getFirst().field()).isEqualTo("values.ltv");
        assertThat(written.errors().getFirst().rule()).isEqualTo("readOnly");
    }

    @Test
    void rollupAddedToAPopulatedEntityIsComputedForEveryRecord() {
        world.close();
        String plain = LinkWorld.CONTACT.substring(0, LinkWorld.CONTACT.indexOf(",\n  {\"name\": \"deals_won\""))
                + "]}";
        world = new LinkWorld(Map.of("company.json", LinkWorld.COMPANY, "tag.json", LinkWorld.TAG,
                "contact.json", plain, "deal.json", LinkWorld.DEAL));
        int contacts = RollupKeeper.BACKFILL_BATCH + 7; // more than one batch
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < contacts; i++) {
            ids.add(world.create(SYSTEM, "contact", "first_name", "c" + i).id());
        }
        for (int i = 0; i < contacts; i += 3) {
            world.create(SYSTEM, "deal", "title", "d" + i, "contact_id", ids.get(i), "amount", i, "stage", "won");
        }
        world.redefine(Map.of("company.json", LinkWorld.COMPANY, "tag.json", LinkWorld.TAG,
                "contact.json", LinkWorld.CONTACT, "deal.json", LinkWorld.DEAL));
        for (int i = 0; i < contacts; i++) {
            Map<String, Object> values = world.records.get(SYSTEM, "contact", ids.get(i)).values();
            assertThat(values.get("deals_won")).as("contact " + i).isEqualTo(i % 3 == 0 ? 1L : 0L);
            assertThat((BigDecimal) values.get("ltv")).as("contact " + i).isEqualByComparingTo(i % 3 == 0 ? "" + i : "0");
        }
        assertThat(world.records.list(SYSTEM, "contact", RecordQuery.Request.firstPage(Map.of(), "deals_won == 1", 500)
                .counted()).count()).isEqualTo((long) RecordWorld.COUNT_LIMIT);
    }

    @Test
    void filtersFollowLinksBothWaysAndManyToMany() {
        RecordData kazanCo = world.create(SYSTEM, "company", "name", "Kama", "city", "Kazan");
        RecordData moscowCo = world.create(SYSTEM, "company", "name", "Neva", "city", "Moscow");
        RecordData vip = world.create(SYSTEM, "tag", "name", "vip");
        RecordData anna = world.create(SYSTEM, "contact", "first_name", "Anna", "company_id", kazanCo.id(),
                "tags", List.of(vip.id()));
        RecordData boris = world.create(SYSTEM, "contact", "first_name", "Boris", "company_id", moscowCo.id());
        world.create(SYSTEM, "deal", "title", "Big", "contact_id", anna.id(), "amount", 701, "stage", "won");
        world.create(SYSTEM, "deal", "title", "Lost", "contact_id", boris.id(), "amount", 9000, "stage", "lost");

        assertThat(ids("contact", "company.city == 'Kazan'")).containsExactly(anna.id());
        assertThat(ids("company", "any(people, first_name == 'Boris')")).containsExactly(moscowCo.id());
        assertThat(ids("contact", "any(deals, amount > 700 && stage == 'won')")).containsExactly(anna.id());
        assertThat(ids("contact", "any(tags, name == 'vip')")).containsExactly(anna.id());
        assertThat(ids("contact", "count(tags) == 0")).containsExactly(boris.id());
        assertThat(ids("tag", "any(tagged, first_name == 'Anna')")).containsExactly(vip.id());
        assertThat(ids("contact", "ltv > 700 && deals_won == 1")).as("rollups filter like any column").containsExactly(anna.id());
    }

    private List<String> ids(String entity, String filter) {
        try {
            return world.records.list(SYSTEM, entity, RecordQuery.Request.firstPage(Map.of(), filter, 50)).items().stream()
                    .map(RecordData::id).toList();
        } catch (DomainError e) {
            return List.of("refused: " + e.getMessage());
        }
    }

    private static LinkedRecords.Group group(List<LinkedRecords.Group> groups, String entity, String direction) {
        return groups.stream().filter(g -> g.entity().equals(entity) && g.direction().equals(direction)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + direction + " group of " + entity + " in " + groups));
    }
}
