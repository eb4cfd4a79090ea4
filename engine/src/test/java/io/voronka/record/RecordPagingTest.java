package io.voronka.record;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.event.Origin;
import static io.voronka.record.RecordQuery.Request.firstPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.voronka.kernel.error.DomainError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Record lists read page by page with a cursor, on H2 or (with -Pmariadb) MariaDB. */
class RecordPagingTest {

    static final int CONTACTS = 45;
    static RecordWorld world;
    static List<String> seeded = new ArrayList<>();
    static String anna;

    @BeforeAll
    static void seed() {
        world = new RecordWorld();
        // Created as fast as the database takes them: many share a millisecond, so the id decides their order.
        for (int i = 0; i < CONTACTS; i++) {
            seeded.add(world.contact("Seeded " + i).id());
        }
        anna = seeded.getFirst();
        for (int i = 0; i < 7; i++) {
            world.records.create(Origin.API, Actor.system("test"), "deal", Map.of("title", "Deal " + i, "contact_id", anna,
                    "amount", i * 100, "stage", i % 2 == 0 ? "won" : "lost"));
        }
        world.records.create(Origin.API, Actor.system("test"), "deal", Map.of("title", "Someone else's", "contact_id", seeded.get(1), "amount", 900));
    }

    @AfterAll
    static void close() {
        world.close();
    }

    @ParameterizedTest(name = "sort={0}")
    @ValueSource(strings = {"-createdAt", "createdAt", "updatedAt", "-updatedAt"})
    void pagingVisitsEveryRecordOnceInOrderWhileOthersAreCreated(String sort) throws Exception {
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicInteger created = new AtomicInteger();
        Thread writer = Thread.ofVirtual().start(() -> {
            while (reading.get() && created.get() < 200) {
                world.contact("Seeded later " + sort + " " + created.incrementAndGet());
            }
        });
        List<RecordData> seen = new ArrayList<>();
        RecordQuery.Request request = new RecordQuery.Request(Map.of(), "startsWith(first_name, 'Seeded')", sort,
                null, 4, false);
        int pages = 0;
        try {
            do {
                RecordPage page = world.records.list(Actor.SYSTEM, "contact", request);
                assertThat(page.items()).hasSizeLessThanOrEqualTo(4);
                seen.addAll(page.items());
                request = request.continuedFrom(page.next());
                if (pages++ == 1) {
                    world.contact("Seeded later, between pages " + sort); // at least one, whatever the scheduler does
                }
            } while (request.after() != null && pages < 200);
        } finally {
            reading.set(false);
            writer.join();
        }
        List<String> ids = seen.stream().map(RecordData::id).toList();
        assertThat(ids).as("each record once").doesNotHaveDuplicates().containsAll(seeded);
        assertThat(request.after()).as("the list came to its end").isNull();
        RecordSort order = RecordSort.parse(sort);
        Comparator<RecordData> expected = Comparator.comparing((RecordData r) -> (java.time.LocalDateTime) order.valueOf(r))
                .thenComparing(RecordData::id);
        assertThat(seen).isSortedAccordingTo(order.descending() ? expected.reversed() : expected);
    }

    @Test
    void aLinkFilterAndARuleFilterKeepWorkingPageAfterPage() {
        List<String> titles = new ArrayList<>();
        RecordQuery.Request request = firstPage(Map.of("contact_id", anna), "amount > 0", 2);
        do {
            RecordPage page = world.records.list(Actor.SYSTEM, "deal", request);
            page.items().forEach(d -> titles.add((String) d.values().get("title")));
            request = request.continuedFrom(page.next());
        } while (request.after() != null);
        List<String> onOnePage = world.records.list(Actor.SYSTEM, "deal", firstPage(Map.of("contact_id", anna), "amount > 0", 100))
                .items().stream().map(d -> (String) d.values().get("title")).toList();
        assertThat(titles).as("Deal 0 is worth 0, the other contact's deal is not Anna's")
                .containsExactlyInAnyOrder("Deal 6", "Deal 5", "Deal 4", "Deal 3", "Deal 2", "Deal 1")
                .containsExactlyElementsOf(onOnePage);
    }

    @Test
    void theLastPageSaysThereIsNoNext() {
        RecordPage all = world.records.list(Actor.SYSTEM, "deal", firstPage(Map.of("contact_id", anna), null, 7));
        assertThat(all.items()).hasSize(7);
        assertThat(all.next()).as("exactly the limit left: no empty page after it").isNull();
    }

    @Test
    void countIsGivenOnlyWhenAskedAndSaysWhenItIsALowerBound() {
        RecordQuery.Request deals = firstPage(Map.of("contact_id", anna), "stage == 'won'", 2);
        List<String> statements = new ArrayList<>();
        RecordPage uncounted = world.database.withConnection(c -> world.records.list(RecordWorld.recording(c, statements),
                Actor.SYSTEM, "deal", deals));
        assertThat(uncounted.count()).isNull();
        assertThat(uncounted.countApproximate()).isFalse();
        assertThat(statements).as("the page and nothing else").hasSize(1);

        statements.clear();
        RecordPage counted = world.database.withConnection(c -> world.records.list(RecordWorld.recording(c, statements),
                Actor.SYSTEM, "deal", deals.counted()));
        assertThat(counted.items()).hasSize(2);
        assertThat(counted.count()).isEqualTo(4);
        assertThat(counted.countApproximate()).isFalse();
        assertThat(statements).hasSize(2);

        RecordPage many = world.records.list(Actor.SYSTEM, "contact", firstPage(Map.of(), null, 2).counted());
        assertThat(many.count()).as("capped at the count limit").isEqualTo((long) RecordWorld.COUNT_LIMIT);
        assertThat(many.countApproximate()).isTrue();

        RecordPage exactlyAtLimit = world.records.list(Actor.SYSTEM, "deal", firstPage(Map.of("contact_id", anna), "amount < 500", 2)
                .counted());
        assertThat(exactlyAtLimit.count()).isEqualTo(5);
        assertThat(exactlyAtLimit.countApproximate()).as("five of five is exact").isFalse();
    }

    @ParameterizedTest(name = "sort={0}")
    @ValueSource(strings = {"first_name", "created_at", "-", "--createdAt", "createdAt,desc", "id"})
    void sortingByAnythingButAnIndexedColumnIsRefusedNamingSort(String sort) {
        DomainError problem = catchThrowableOfType(DomainError.class, () -> world.records.list(Actor.SYSTEM, "contact",
                new RecordQuery.Request(Map.of(), null, sort, null, 10, false)));
        assertThat(problem.kind()).isEqualTo(DomainError.Kind.MALFORMED);
        assertThat(problem.errors().getFirst().field()).isEqualTo("sort");
        assertThat(problem.errors().getFirst().message()).contains("createdAt, updatedAt");
    }

    @Test
    void aCursorThatIsNotOneOfOursIsRefusedNamingAfter() {
        String wrongSort = world.records.list(Actor.SYSTEM, "contact", firstPage(Map.of(), null, 1)).next();
        List<String> bad = List.of("garbage", "%%%", "", "x".repeat(600), base64("{\"s\":\"-createdAt\"}"),
                base64("{\"s\":\"-createdAt\",\"t\":\"yesterday\",\"id\":\"a\"}"),
                base64("{\"s\":\"-createdAt\",\"t\":\"2026-01-01T10:00\",\"id\":7}"), base64("[1,2]"));
        for (String after : bad) {
            DomainError problem = catchThrowableOfType(DomainError.class, () -> world.records.list(Actor.SYSTEM, "contact",
                    new RecordQuery.Request(Map.of(), null, null, after, 10, false)));
            assertThat(problem).as(after).isNotNull();
            assertThat(problem.kind()).as(after).isEqualTo(DomainError.Kind.MALFORMED);
            assertThat(problem.errors().getFirst().field()).isEqualTo("after");
        }
        DomainError otherOrder = catchThrowableOfType(DomainError.class, () -> world.records.list(Actor.SYSTEM, "contact",
                new RecordQuery.Request(Map.of(), null, "updatedAt", wrongSort, 10, false)));
        assertThat(otherOrder.errors().getFirst().field()).isEqualTo("after");
        assertThat(otherOrder.errors().getFirst().message()).contains("-createdAt");
    }

    /** Each index column as name:position:column. */
    private static Set<String> indexColumns(String table) {
        Set<String> indexes = new HashSet<>();
        world.database.withConnection(c -> {
            try (var rs = c.getMetaData().getIndexInfo(c.getCatalog(), c.getSchema(), table, false, false)) {
                while (rs.next()) {
                    if (rs.getString("INDEX_NAME") != null) {
                        indexes.add(rs.getString("INDEX_NAME").toLowerCase() + ":" + rs.getShort("ORDINAL_POSITION")
                                + ":" + rs.getString("COLUMN_NAME").toLowerCase());
                    }
                }
            }
            return null;
        });
        return indexes;
    }

    @Test
    void everySortHasAnIndexEndingInTheId() {
        assertThat(indexColumns("rec_contact")).contains("ix_contact_created_at:1:created_at", "ix_contact_created_at:2:id",
                "ix_contact_updated_at:1:updated_at", "ix_contact_updated_at:2:id");
    }

    @Test
    void aLinkIsIndexedWithTheDefaultSortBehindIt() {
        assertThat(indexColumns("rec_deal")).contains("ix_deal_contact_id:1:contact_id", "ix_deal_contact_id:2:created_at",
                "ix_deal_contact_id:3:id");
    }

    @Test
    void indexesAreAddedToTablesCreatedBeforeThem() {
        world.database.inTransaction(c -> world.database.dsl(c).dropIndex(DSL.name("ix_deal_updated_at"))
                .on(DSL.name("rec_deal")).execute());
        new EntitySchema(world.database).apply(world.catalog);
        new EntitySchema(world.database).apply(world.catalog); // and a second start finds them there
        RecordPage page = world.records.list(Actor.SYSTEM, "deal", new RecordQuery.Request(Map.of(), null, "updatedAt", null, 3, false));
        assertThat(page.items()).hasSize(3);
        Set<String> names = new HashSet<>();
        world.database.withConnection(c -> {
            try (var rs = c.getMetaData().getIndexInfo(c.getCatalog(), c.getSchema(), "rec_deal", false, false)) {
                while (rs.next()) {
                    names.add(String.valueOf(rs.getString("INDEX_NAME")).toLowerCase());
                }
            }
            return null;
        });
        assertThat(names).contains("ix_deal_updated_at");
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
