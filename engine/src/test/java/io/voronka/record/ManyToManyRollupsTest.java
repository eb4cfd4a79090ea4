package io.voronka.record;

import static io.voronka.record.LinkWorld.SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.rule.RuleSandbox;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rollups over a many-to-many field, both ways: on a tag, over the contacts whose {@code tags} hold
 * it ({@code "via":"contact.tags"}); on a contact, over the tags its own {@code tags} hold
 * ({@code "via":"tags"}). On H2 or (with -Pmariadb) MariaDB.
 */
class ManyToManyRollupsTest {

    static final String TAG_PLAIN = """
            {"name": "tag", "label": "Tag", "titleFields": ["name"], "fields": [
              {"name": "name", "type": "text", "required": true},
              {"name": "weight", "type": "decimal"}""";
    static final String TAG = TAG_PLAIN + """
            ,
              {"name": "carriers", "type": "rollup", "rollup": {"via": "contact.tags", "op": "count"}},
              {"name": "budget_total", "type": "rollup", "rollup": {"via": "contact.tags", "op": "sum", "field": "budget"}},
              {"name": "last_budget", "type": "rollup", "rollup": {"via": "contact.tags", "op": "last", "field": "budget"}}]}""";
    static final String CONTACT_PLAIN = """
            {"name": "contact", "label": "Contact", "titleFields": ["first_name"], "fields": [
              {"name": "first_name", "type": "text"},
              {"name": "budget", "type": "decimal"},
              {"name": "tags", "type": "links", "link": "tag", "inverse": {"name": "tagged", "label": "Tagged"}},
              {"name": "owner", "type": "user"}""";
    static final String CONTACT = CONTACT_PLAIN + """
            ,
              {"name": "tag_count", "type": "rollup", "rollup": {"via": "tags", "op": "count"}},
              {"name": "tag_weight", "type": "rollup", "rollup": {"via": "tags", "op": "sum", "field": "weight"}},
              {"name": "last_tag_weight", "type": "rollup", "rollup": {"via": "tags", "op": "last", "field": "weight"}},
              {"name": "hot_tags", "type": "rollup", "rollup": {"via": "tags", "op": "count", "where": "weight > 5"}}]}""";

    LinkWorld world;

    @BeforeEach
    void open() {
        world = new LinkWorld(Map.of("tag.json", TAG, "contact.json", CONTACT));
    }

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void rollupsFollowLinksAddedAndRemovedBothWays() {
        RecordData vip = world.create(SYSTEM, "tag", "name", "vip", "weight", 3);
        laterMillisecond();
        RecordData hot = world.create(SYSTEM, "tag", "name", "hot", "weight", 7);
        assertThat(world.read(vip).values()).containsEntry("carriers", 0L).containsEntry("last_budget", null);

        RecordData anna = world.create(SYSTEM, "contact", "first_name", "Anna", "budget", 100,
                "tags", List.of(vip.id(), hot.id()));
        laterMillisecond();
        RecordData boris = world.create(SYSTEM, "contact", "first_name", "Boris", "budget", 50, "tags", List.of(vip.id()));

        assertThat(world.read(vip).values()).containsEntry("carriers", 2L);
        assertThat(decimal(vip, "budget_total")).isEqualByComparingTo("150");
        assertThat(decimal(vip, "last_budget")).as("Boris came last").isEqualByComparingTo("50");
        assertThat(world.read(hot).values()).containsEntry("carriers", 1L);
        assertThat(world.read(anna).values()).containsEntry("tag_count", 2L).containsEntry("hot_tags", 1L);
        assertThat(decimal(anna, "tag_weight")).isEqualByComparingTo("10");
        assertThat(decimal(anna, "last_tag_weight")).as("hot was created last").isEqualByComparingTo("7");
        assertThat(world.read(boris).values()).containsEntry("tag_count", 1L).containsEntry("hot_tags", 0L);

        world.update(SYSTEM, anna, "tags", List.of(vip.id()));
        assertThat(world.read(hot).values()).as("the link removed").containsEntry("carriers", 0L)
                .containsEntry("last_budget", null);
        assertThat(decimal(hot, "budget_total")).isEqualByComparingTo("0");
        assertThat(world.read(vip).values()).containsEntry("carriers", 2L);
        assertThat(world.read(anna).values()).containsEntry("tag_count", 1L).containsEntry("hot_tags", 0L);
        assertThat(decimal(anna, "tag_weight")).isEqualByComparingTo("3");
        assertThat(decimal(anna, "last_tag_weight")).isEqualByComparingTo("3");

        world.update(SYSTEM, boris, "tags", List.of(vip.id(), hot.id()));
        assertThat(world.read(hot).values()).as("the link added").containsEntry("carriers", 1L);
        assertThat(decimal(hot, "last_budget")).isEqualByComparingTo("50");
        assertThat(world.read(boris).values()).containsEntry("tag_count", 2L).containsEntry("hot_tags", 1L);
        assertThat(world.read(vip).version()).as("a rollup moving is no edit of the tag").isEqualTo(vip.version());
        assertThat(world.read(boris).version()).as("only Boris's own edits count").isEqualTo(boris.version() + 1);
    }

    @Test
    void aLinkedRecordsReadFieldMovesTheRollupsItFeeds() {
        RecordData vip = world.create(SYSTEM, "tag", "name", "vip", "weight", 3);
        RecordData anna = world.create(SYSTEM, "contact", "first_name", "Anna", "budget", 100, "tags", List.of(vip.id()));
        RecordData boris = world.create(SYSTEM, "contact", "first_name", "Boris", "budget", 50, "tags", List.of(vip.id()));
        RecordData clara = world.create(SYSTEM, "contact", "first_name", "Clara", "budget", 1);

        world.update(SYSTEM, vip, "weight", 9);
        for (RecordData holder : List.of(anna, boris)) {
            assertThat(decimal(holder, "tag_weight")).as(holder.values().get("first_name") + " holds vip")
                    .isEqualByComparingTo("9");
            assertThat(world.read(holder).values()).as("the filter's input moved too").containsEntry("hot_tags", 1L);
        }
        assertThat(world.read(clara).values()).containsEntry("tag_count", 0L).containsEntry("hot_tags", 0L);

        world.update(SYSTEM, anna, "budget", 400);
        assertThat(decimal(vip, "budget_total")).isEqualByComparingTo("450");

        assertThat(ids("contact", "hot_tags > 0 && tag_weight >= 9")).as("rollups filter like any column")
                .containsExactlyInAnyOrder(anna.id(), boris.id());
        assertThat(ids("tag", "carriers == 2")).containsExactly(vip.id());
        RecordQuery.Request byWeight = new RecordQuery.Request(Map.of(), null, "-tag_weight", null, 3, false);
        assertThat(world.records.list(SYSTEM, "contact", byWeight).items()).extracting(RecordData::id)
                .as("and sort like one").endsWith(clara.id());
        RecordQuery.Request byCarriers = new RecordQuery.Request(Map.of(), null, "carriers", null, 3, false);
        assertThat(world.records.list(SYSTEM, "tag", byCarriers).items()).extracting(RecordData::id).containsExactly(vip.id());
    }

    @Test
    void aTagHeldByMoreContactsThanOneLockBatchMovesThemAll() {
        RecordData vip = world.create(SYSTEM, "tag", "name", "vip", "weight", 1);
        int holders = RollupLocks.LOCK_BATCH + 3;
        for (int i = 0; i < holders; i++) {
            world.create(SYSTEM, "contact", "first_name", "c" + i, "budget", 1, "tags", List.of(vip.id()));
        }
        world.update(SYSTEM, vip, "weight", 6);
        assertThat(world.read(vip).values()).containsEntry("carriers", (long) holders);
        assertThat(world.records.list(SYSTEM, "contact", RecordQuery.Request.firstPage(Map.of(), "tag_weight == 6 && hot_tags == 1",
                10).totalled()).total()).isEqualTo((long) holders);
    }

    @Test
    void recycleBinDeleteAndRestoreMoveTheRollupsOfBothEnds() {
        RecordData vip = world.create(SYSTEM, "tag", "name", "vip", "weight", 3);
        laterMillisecond();
        RecordData hot = world.create(SYSTEM, "tag", "name", "hot", "weight", 7);
        RecordData anna = world.create(SYSTEM, "contact", "first_name", "Anna", "budget", 100,
                "tags", List.of(vip.id(), hot.id()));
        world.create(SYSTEM, "contact", "first_name", "Boris", "budget", 50, "tags", List.of(vip.id()));

        world.records.delete(Origin.API, SYSTEM, "contact", anna.id(), null);
        assertThat(world.read(vip).values()).containsEntry("carriers", 1L);
        assertThat(decimal(vip, "budget_total")).isEqualByComparingTo("50");
        assertThat(world.read(hot).values()).containsEntry("carriers", 0L);

        // A tag held by a contact cannot go (409) and its counts stay; an unheld one goes with nothing to move.
        DomainError held = catchThrowableOfType(DomainError.class,
                () -> world.records.delete(Origin.API, SYSTEM, "tag", vip.id(), null));
        assertThat(held.kind()).isEqualTo(DomainError.Kind.CONFLICT);
        assertThat(world.read(vip).values()).containsEntry("carriers", 1L);
        world.update(SYSTEM, hot, "weight", 8); // while Anna is in the bin
        world.records.delete(Origin.API, SYSTEM, "tag", hot.id(), null);
        world.records.recycleBin().restore(Origin.API, SYSTEM, "tag", hot.id());

        world.records.recycleBin().restore(Origin.API, SYSTEM, "contact", anna.id());
        assertThat(world.read(vip).values()).as("Anna counts again").containsEntry("carriers", 2L);
        assertThat(decimal(vip, "budget_total")).isEqualByComparingTo("150");
        assertThat(world.read(hot).values()).containsEntry("carriers", 1L);
        assertThat(world.read(anna).values()).containsEntry("tag_count", 2L).containsEntry("hot_tags", 1L);
        assertThat(decimal(anna, "tag_weight")).as("hot's weight as it is now, not as the bin kept it")
                .isEqualByComparingTo("11");
    }

    @Test
    void rollupsAddedToPopulatedEntitiesAreComputedForEveryRecord() {
        world.close();
        world = new LinkWorld(Map.of("tag.json", TAG_PLAIN + "]}", "contact.json", CONTACT_PLAIN + "]}"));
        List<RecordData> tags = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tags.add(world.create(SYSTEM, "tag", "name", "t" + i, "weight", i + 1));
        }
        List<RecordData> contacts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Contact i carries the tags t0..t(i mod 3): 1, 2 or 3 tags.
            contacts.add(world.create(SYSTEM, "contact", "first_name", "c" + i, "budget", 10,
                    "tags", tags.subList(0, i % 3 + 1).stream().map(RecordData::id).toList()));
        }
        world.redefine(Map.of("tag.json", TAG, "contact.json", CONTACT));
        assertThat(world.read(tags.get(0)).values()).containsEntry("carriers", 7L);
        assertThat(world.read(tags.get(2)).values()).containsEntry("carriers", 2L);
        assertThat(decimal(tags.get(1), "budget_total")).isEqualByComparingTo("40");
        for (int i = 0; i < 7; i++) {
            int held = i % 3 + 1;
            assertThat(world.read(contacts.get(i)).values()).as("c" + i).containsEntry("tag_count", (long) held);
            assertThat(decimal(contacts.get(i), "tag_weight")).as("c" + i)
                    .isEqualByComparingTo("" + held * (held + 1) / 2);
        }
    }

    @Test
    void viaIsCheckedAndEachProblemNamesItsPath() {
        assertThat(refusedVia("{\"via\": \"labels\", \"op\": \"count\"}")).contains("contact has no links field labels");
        assertThat(refusedVia("{\"via\": \"owner\", \"op\": \"count\"}")).contains("has no links field owner");
        assertThat(refusedVia("{\"via\": \"tag.name\", \"op\": \"count\"}"))
                .contains("tag has no link or links field name pointing at contact");
        assertThat(refusedVia("{\"via\": \"contact.tags\", \"op\": \"count\"}")).contains("a field of contact itself");
        assertThat(refusedVia("{\"via\": \"nobody.tags\", \"op\": \"count\"}")).contains("no entity called nobody");
        assertThat(refusedVia("{\"via\": \"tags\", \"op\": \"sum\", \"field\": \"name\"}"))
                .as("the field is the linked tag's").contains("must name a number field of tag");
    }

    @Test
    void rollupsOverLinksStayExactUnderConcurrentWriters() throws Exception {
        RecordData vip = world.create(SYSTEM, "tag", "name", "vip", "weight", 1);
        RecordData hot = world.create(SYSTEM, "tag", "name", "hot", "weight", 1);
        int writers = 5;
        int each = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    // Every other contact starts with hot alone and is re-tagged with both: links come and go together.
                    boolean both = (writer + i) % 2 == 0;
                    RecordData contact = world.create(SYSTEM, "contact", "first_name", "w" + writer, "budget", 1,
                            "tags", both ? List.of(hot.id()) : List.of(vip.id()));
                    if (both) {
                        world.update(SYSTEM, contact, "tags", List.of(vip.id(), hot.id()));
                    }
                }
                return null;
            }));
        }
        // Meanwhile the tags' weights move: every holder's sum must end on the last weights.
        done.add(pool.submit(() -> {
            for (int weight = 2; weight <= 12; weight++) {
                world.update(SYSTEM, weight % 2 == 0 ? vip : hot, "weight", weight);
            }
            return null;
        }));
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        int total = writers * each;
        int withHot = 0;
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < each; i++) {
                withHot += (w + i) % 2 == 0 ? 1 : 0;
            }
        }
        assertThat(world.read(vip).values()).containsEntry("carriers", (long) total);
        assertThat(decimal(vip, "budget_total")).isEqualByComparingTo("" + total);
        assertThat(world.read(hot).values()).containsEntry("carriers", (long) withHot);
        List<RecordData> contacts = world.records.list(SYSTEM, "contact",
                RecordQuery.Request.firstPage(Map.of(), null, 100)).items();
        assertThat(contacts).hasSize(total);
        for (RecordData contact : contacts) {
            boolean both = ((List<?>) contact.values().get("tags")).size() == 2;
            assertThat((BigDecimal) contact.values().get("tag_weight")).as(contact.id())
                    .isEqualByComparingTo(both ? "23" : "12"); // vip ends at 12, hot at 11
            assertThat(contact.values()).containsEntry("tag_count", both ? 2L : 1L);
        }
    }

    /** The start-up refusal of a contact file with rollup {@code x} as given: the file, the path and the problem. */
    private String refusedVia(String rollup) {
        String contact = CONTACT_PLAIN + ", {\"name\": \"x\", \"type\": \"rollup\", \"rollup\": " + rollup + "}]}";
        IllegalStateException refused = catchThrowableOfType(IllegalStateException.class,
                () -> EntityCatalog.load(Map.of("tag.json", TAG, "contact.json", contact), new RuleSandbox()));
        assertThat(refused).as(rollup).isNotNull();
        assertThat(refused.getMessage()).startsWith("forms/contact.json: fields[4].rollup.");
        return refused.getMessage();
    }

    private BigDecimal decimal(RecordData record, String field) {
        return (BigDecimal) world.read(record).values().get(field);
    }

    private List<String> ids(String entity, String filter) {
        return world.records.list(SYSTEM, entity, RecordQuery.Request.firstPage(Map.of(), filter, 50)).items().stream()
                .map(RecordData::id).toList();
    }

    /**
     * "last" orders by created_at, kept to the millisecond: two records made within one millisecond
     * tie and fall back to their random ids. Waiting for the clock to move makes "made after" true.
     */
    private static void laterMillisecond() {
        long now = System.currentTimeMillis();
        while (System.currentTimeMillis() == now) {
            Thread.onSpinWait();
        }
    }
}
