package io.voronka.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lists sorted by indexed fields with ties and empty values, exact totals, kanban groups and saved
 * views, on H2 or (with -Pmariadb) MariaDB.
 */
class RecordListsTest {

    static ListsWorld world;
    static final List<RecordData> contacts = new ArrayList<>();

    @BeforeAll
    static void seed() {
        world = new ListsWorld();
        // 40 contacts over few distinct values: most pages begin and end inside a run of equal values.
        for (int i = 0; i < 40; i++) {
            Map<String, Object> values = new HashMap<>();
            values.put("first_name", "Sorted" + i);
            if (i % 5 != 0) {
                values.put("gender", i % 2 == 0 ? "female" : "male");
                values.put("budget", (i % 3) * 1000);
                values.put("nickname", "nick" + (i % 4));
            }
            values.put("responsible_manager", i % 4 == 0 ? "pavel" : "nina");
            contacts.add(world.contact(values));
        }
        for (String stage : List.of("new", "new", "won", "new", "lost")) {
            world.deal(Map.of("title", "Deal " + stage, "stage", stage, "responsible_manager", "nina"));
        }
        world.deal(Map.of("title", "Pavel's", "stage", "won", "responsible_manager", "pavel"));
        world.deal(Map.of("title", "Nobody's"));
    }

    @AfterAll
    static void close() {
        world.close();
    }

    @ParameterizedTest(name = "sort={0}")
    @ValueSource(strings = {"gender", "-gender", "budget", "-budget", "nickname", "-nickname", "responsible_manager",
            "-responsible_manager"})
    void sortingWithTiesAndEmptyValuesVisitsEveryRecordOnceInOrderOverPages(String sort) {
        List<RecordData> seen = new ArrayList<>();
        RecordQuery.Request request = new RecordQuery.Request(Map.of(), "startsWith(first_name, 'Sorted')", sort, null, 3, false);
        int pages = 0;
        do {
            RecordPage page = world.records.list(ListsWorld.ADMIN, "contact", request);
            seen.addAll(page.items());
            request = request.continuedFrom(page.next());
        } while (request.after() != null && ++pages < 100);
        assertThat(seen).extracting(RecordData::id).as("each record once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(contacts.stream().map(RecordData::id).toList());
        RecordSort order = RecordSort.parse(sort, world.catalog.find("contact").orElseThrow());
        Comparator<RecordData> ascending = (a, b) -> {
            int byValue = compareNullsFirst(order.valueOf(a), order.valueOf(b));
            return byValue != 0 ? byValue : a.id().compareTo(b.id());
        };
        assertThat(seen).as("empty values lowest, the id breaking ties")
                .isSortedAccordingTo(order.descending() ? ascending.reversed() : ascending);
    }

    @Test
    void sortingByAFieldWithoutAnIndexAnswers400NamingSortAndWhatIsSortable() {
        DomainError error = catchThrowableOfType(DomainError.class, () -> world.records.list(ListsWorld.ADMIN, "contact",
                new RecordQuery.Request(Map.of(), null, "-city", null, 10, false)));
        assertThat(error.kind()).isEqualTo(DomainError.Kind.MALFORMED);
        assertThat(error.errors().getFirst().field()).isEqualTo("sort");
        assertThat(error.getMessage()).contains("no index").contains("gender").contains("budget").contains("nickname")
                .doesNotContain("city,");
    }

    @Test
    void aCursorOfOneSortDoesNotContinueAnother() {
        RecordPage first = world.records.list(ListsWorld.ADMIN, "contact", new RecordQuery.Request(Map.of(), null, "budget",
                null, 2, false));
        DomainError error = catchThrowableOfType(DomainError.class, () -> world.records.list(ListsWorld.ADMIN, "contact",
                new RecordQuery.Request(Map.of(), null, "gender", first.next(), 2, false)));
        assertThat(error.errors().getFirst().field()).isEqualTo("after");
    }

    @Test
    void countExactGivesTheTotalWithTheSameFilterAndScope() {
        RecordQuery.Request all = new RecordQuery.Request(Map.of(), "startsWith(first_name, 'Sorted')", null, null, 2, false)
                .totalled();
        assertThat(world.records.list(ListsWorld.ADMIN, "contact", all).total()).isEqualTo(40L);
        assertThat(world.records.list(ListsWorld.manager("nina"), "contact", all).total())
                .as("nina reads her own 30").isEqualTo(30L);
        RecordPage males = world.records.list(ListsWorld.ADMIN, "contact",
                new RecordQuery.Request(Map.of("gender", "male"), "budget >= 1000", null, null, 2, false).totalled());
        long expected = contacts.stream().filter(c -> "male".equals(c.values().get("gender"))
                && c.values().get("budget") != null && ((BigDecimal) c.values().get("budget")).intValue() >= 1000).count();
        assertThat(males.total()).isEqualTo(expected);
        assertThat(males.count()).as("count=true is its own question").isNull();
        RecordPage beyondTheCountLimit = world.records.list(ListsWorld.ADMIN, "contact",
                new RecordQuery.Request(Map.of(), null, null, null, 1, true).totalled());
        assertThat(beyondTheCountLimit.total()).isEqualTo(beyondTheCountLimit.count()).isEqualTo(40L);
    }

    @Test
    void groupsListEveryOptionInOrderWithZerosThenTheEmpty() {
        assertThat(world.records.groups(ListsWorld.ADMIN, "deal", "stage", Map.of(), null)).containsExactly(
                new RecordGroups.Group("new", 3), new RecordGroups.Group("qualified", 0), new RecordGroups.Group("won", 2),
                new RecordGroups.Group("lost", 1), new RecordGroups.Group(null, 1));
        assertThat(world.records.groups(ListsWorld.manager("nina"), "deal", "stage", Map.of(), "title != 'Deal lost'"))
                .as("scope and filter applied").containsExactly(new RecordGroups.Group("new", 3),
                        new RecordGroups.Group("qualified", 0), new RecordGroups.Group("won", 1), new RecordGroups.Group("lost", 0));
        assertThat(world.records.groups(ListsWorld.ADMIN, "deal", "responsible_manager", Map.of(), null)).containsExactly(
                new RecordGroups.Group("nina", 5), new RecordGroups.Group("pavel", 1), new RecordGroups.Group(null, 1));
    }

    @Test
    void groupsByAFieldThatIsNoChoiceAnswer400NamingBy() {
        for (String by : List.of("title", "nothing", "")) {
            DomainError error = catchThrowableOfType(DomainError.class,
                    () -> world.records.groups(ListsWorld.ADMIN, "deal", by, Map.of(), null));
            assertThat(error.errors().getFirst().field()).as(by).isEqualTo("by");
        }
    }

    @Test
    void viewsAreCheckedWhenSaved() {
        SavedViews views = new SavedViews(world.database, world.records);
        Actor nina = ListsWorld.manager("nina");
        DomainError badFilter = catchThrowableOfType(DomainError.class, () -> views.create(nina, view("deal", "Bad")
                .put("filter", "stage == ")));
        assertThat(badFilter.code()).isEqualTo("rule-rejected");
        assertThat(badFilter.errors().getFirst().field()).isEqualTo("filter");
        assertThat(badFilter.getMessage()).contains("line 1, column");
        DomainError badColumns = catchThrowableOfType(DomainError.class, () -> views.create(nina, view("deal", "Cols")
                .put("columns", new JsonArray().add("title").add("colour")).put("sort", "-title")
                .put("kind", "kanban")));
        assertThat(badColumns.kind()).isEqualTo(DomainError.Kind.INVALID);
        assertThat(badColumns.errors()).extracting(p -> p.field())
                .containsExactlyInAnyOrder("columns[1]", "sort", "groupBy");
        DomainError badGroup = catchThrowableOfType(DomainError.class, () -> views.create(nina, view("deal", "K")
                .put("kind", "kanban").put("groupBy", "amount")));
        assertThat(badGroup.errors().getFirst().field()).isEqualTo("groupBy");
        assertThat(catchThrowableOfType(DomainError.class, () -> views.create(nina, view("planet", "P")))
                .errors().getFirst().field()).isEqualTo("entity");

        SavedViews.View kanban = views.create(nina, view("deal", "My pipeline").put("kind", "kanban").put("groupBy", "stage")
                .put("filter", "amount > 100").put("sort", "-amount").put("columns", new JsonArray().add("title").add("createdAt")));
        assertThat(kanban.toJson().getString("groupBy")).isEqualTo("stage");
        assertThat(views.list(nina, "deal")).extracting(SavedViews.View::name).containsExactly("My pipeline");
    }

    @Test
    void viewsArePersonalUnlessAnAdminSharesThem() {
        SavedViews views = new SavedViews(world.database, world.records);
        Actor olga = ListsWorld.manager("olga");
        Actor boris = ListsWorld.manager("boris");
        SavedViews.View own = views.create(olga, view("contact", "Olga's hot ones").put("filter", "budget > 1000"));
        assertThat(views.list(boris, "contact")).extracting(SavedViews.View::id).doesNotContain(own.id());
        assertThat(catchThrowableOfType(DomainError.class, () -> views.create(olga, view("contact", "For all")
                .put("shared", true))).kind()).isEqualTo(DomainError.Kind.FORBIDDEN);
        assertThat(catchThrowableOfType(DomainError.class, () -> views.replace(olga, own.id(), view("contact", "Now shared")
                .put("shared", true))).kind()).isEqualTo(DomainError.Kind.FORBIDDEN);
        assertThat(catchThrowableOfType(DomainError.class, () -> views.delete(boris, own.id())).kind())
                .as("another's personal view is not even there").isEqualTo(DomainError.Kind.NOT_FOUND);

        SavedViews.View shared = views.create(ListsWorld.ADMIN, view("contact", "Everyone's").put("shared", true));
        assertThat(views.list(boris, "contact")).extracting(SavedViews.View::name).contains("Everyone's")
                .doesNotContain("Olga's hot ones");
        assertThat(views.list(olga, null)).extracting(SavedViews.View::name).contains("Everyone's", "Olga's hot ones");
        assertThat(catchThrowableOfType(DomainError.class, () -> views.replace(boris, shared.id(), view("contact", "Mine now")))
                .kind()).isEqualTo(DomainError.Kind.FORBIDDEN);
        assertThat(catchThrowableOfType(DomainError.class, () -> views.delete(olga, shared.id())).kind())
                .isEqualTo(DomainError.Kind.FORBIDDEN);

        assertThat(views.replace(olga, own.id(), view("contact", "Olga's warm ones")).name()).isEqualTo("Olga's warm ones");
        views.delete(olga, own.id());
        views.delete(ListsWorld.ADMIN, shared.id());
        assertThat(views.list(olga, "contact")).extracting(SavedViews.View::id).doesNotContain(own.id(), shared.id());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareNullsFirst(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return ((Comparable) a).compareTo(b);
    }

    private static JsonObject view(String entity, String name) {
        return new JsonObject().put("entity", entity).put("name", name);
    }
}
