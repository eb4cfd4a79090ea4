package io.voronka.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.event.Origin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Global search on H2 or (with -Pmariadb) MariaDB: names, phones in any spelling, emails, within the scope. */
class RecordSearchTest {

    static ListsWorld world;
    static RecordData alyona;
    static RecordData fyodor;
    static RecordData pavelsContact;
    static RecordData alyonasDeal;

    @BeforeAll
    static void seed() {
        world = new ListsWorld();
        alyona = world.contact(Map.of("last_name", "Петрова-Водкина", "first_name", "Алёна", "phone", "+7 (912) 345-67-89",
                "email", "Alyona.P@Example.com", "responsible_manager", "nina"));
        fyodor = world.contact(Map.of("last_name", "Фёдоров", "first_name", "Иван", "phone", "+7 495 111-22-33",
                "responsible_manager", "nina"));
        pavelsContact = world.contact(Map.of("last_name", "Петров", "first_name", "Пётр", "phone", "8 912 000-11-22",
                "email", "petrov@example.com", "responsible_manager", "pavel"));
        alyonasDeal = world.deal(Map.of("title", "Петрова: кухня 912", "contact_id", alyona.id(), "stage", "new",
                "responsible_manager", "nina"));
        for (int i = 0; i < 30; i++) { // noise that shares a prefix, so ranking and limits matter
            world.contact(Map.of("last_name", "Петрушкин" + i, "first_name", "Noise", "responsible_manager", "nina"));
        }
    }

    @AfterAll
    static void close() {
        world.close();
    }

    private static List<String> ids(Actor actor, String q) {
        return world.records.search(actor, q, 50).stream().map(RecordSearch.Hit::id).toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"+7 (912) 345-67-89", "89123456789", "912-345-67-89", "+79123456789", "8 912 345 67 89",
            "9123456789"})
    void searchFindsPhoneInAnySpelling(String spelling) {
        List<RecordSearch.Hit> hits = world.records.search(ListsWorld.ADMIN, spelling, 10);
        assertThat(hits).as("exact phone first").isNotEmpty();
        assertThat(hits.getFirst().id()).isEqualTo(alyona.id());
        assertThat(hits.getFirst().matched()).isEqualTo("phone");
        assertThat(hits.getFirst().title()).isEqualTo("Петрова-Водкина Алёна");
        assertThat(hits).extracting(RecordSearch.Hit::id).doesNotContain(fyodor.id(), pavelsContact.id());
    }

    @Test
    void aPartialPhoneFindsByItsFirstDigits() {
        assertThat(ids(ListsWorld.ADMIN, "912 345")).containsExactly(alyona.id());
        assertThat(ids(ListsWorld.ADMIN, "7912")).containsExactlyInAnyOrder(alyona.id(), pavelsContact.id());
    }

    @Test
    void namesAreFoundInAnyCaseByTheStartOfAnyWordWithYoAsYe() {
        assertThat(ids(ListsWorld.ADMIN, "водкин")).containsExactly(alyona.id());
        assertThat(ids(ListsWorld.ADMIN, "АЛЕНА")).containsExactly(alyona.id());
        assertThat(ids(ListsWorld.ADMIN, "фед")).containsExactly(fyodor.id());
        assertThat(ids(ListsWorld.ADMIN, "Фёдоров Ив")).as("every word must match").containsExactly(fyodor.id());
        assertThat(ids(ListsWorld.ADMIN, "Фёдоров Пётр")).isEmpty();
        assertThat(ids(ListsWorld.ADMIN, "одкин")).as("words match from their start, not inside").isEmpty();
        assertThat(ids(ListsWorld.ADMIN, "петров")).as("both entities, words of any title field")
                .contains(alyona.id(), pavelsContact.id(), alyonasDeal.id()).doesNotContain(fyodor.id());
    }

    @Test
    void emailsAreFoundInAnyCaseExactFirst() {
        List<RecordSearch.Hit> hits = world.records.search(ListsWorld.ADMIN, "ALYONA.P@example.COM", 10);
        assertThat(hits).extracting(RecordSearch.Hit::id).containsExactly(alyona.id());
        assertThat(hits.getFirst().matched()).isEqualTo("email");
        assertThat(ids(ListsWorld.ADMIN, "petrov@")).containsExactly(pavelsContact.id());
    }

    @Test
    void wildcardsInTheQueryAreTakenLiterally() {
        assertThat(ids(ListsWorld.ADMIN, "%")).isEmpty();
        assertThat(ids(ListsWorld.ADMIN, "_етров")).isEmpty();
    }

    @Test
    void searchRespectsScope() {
        Actor nina = ListsWorld.manager("nina");
        assertThat(ids(nina, "петров")).as("nina reads her own records only")
                .contains(alyona.id(), alyonasDeal.id()).doesNotContain(pavelsContact.id());
        assertThat(ids(nina, "8 912 000 11 22")).as("an exact phone of someone else's contact").isEmpty();
        assertThat(ids(nina, "petrov@example.com")).isEmpty();
        assertThat(ids(ListsWorld.manager("pavel"), "петров")).containsExactly(pavelsContact.id());
    }

    @Test
    void rankingAndLimitPutExactMatchesFirst() {
        RecordData titledWithThePhone = world.deal(Map.of("title", "Заявка 89123456789"));
        List<RecordSearch.Hit> hits = world.records.search(ListsWorld.ADMIN, "89123456789", 2);
        assertThat(hits).extracting(RecordSearch.Hit::id).containsExactly(alyona.id(), titledWithThePhone.id());
        assertThat(hits).extracting(RecordSearch.Hit::matched).containsExactly("phone", "title");
        assertThat(world.records.search(ListsWorld.ADMIN, "петр", 5)).hasSize(5);
    }

    @Test
    void changedAndDeletedRecordsAreFoundByWhatTheyHoldNow() {
        RecordData renamed = world.contact(Map.of("last_name", "Старова", "first_name", "Ольга"));
        world.records.update(Origin.API, ListsWorld.ADMIN, "contact", renamed.id(), 1, Map.of("last_name", "Новикова"));
        assertThat(ids(ListsWorld.ADMIN, "старов")).isEmpty();
        assertThat(ids(ListsWorld.ADMIN, "новиков")).containsExactly(renamed.id());
        world.records.delete(Origin.API, ListsWorld.ADMIN, "contact", renamed.id(), null);
        assertThat(ids(ListsWorld.ADMIN, "новиков")).isEmpty();
    }

    @Test
    void recordsWrittenBeforeTheirTermsAreIndexedByTheBackfillOnce() {
        List<RecordData> old = new ArrayList<>();
        for (int i = 0; i < SearchBackfill.BATCH + 20; i++) {
            old.add(world.contact(Map.of("last_name", "Архивный" + i, "first_name", "Старый")));
        }
        // as if they had been written before search_term existed
        world.database.inTransaction(c -> world.database.dsl(c).deleteFrom(SearchTerms.TABLE)
                .where(SearchTerms.RECORD.in(old.stream().map(RecordData::id).toList())).execute());
        world.database.inTransaction(c -> world.database.dsl(c).deleteFrom(DSL.table(DSL.name("search_backfill"))).execute());
        assertThat(ids(ListsWorld.ADMIN, "архивный1")).isEmpty();

        SearchBackfill backfill = new SearchBackfill(world.database, () -> world.catalog,
                new RecordStore(world.database.dialect()));
        assertThat(backfill.run()).as("every contact and deal, in batches").isGreaterThan(SearchBackfill.BATCH);
        assertThat(backfill.run()).as("nothing twice").isZero();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            if (String.valueOf(i).startsWith("5")) {
                expected.add("Архивный" + i + " Старый");
            }
        }
        assertThat(world.records.search(ListsWorld.ADMIN, "архивный5", 50)).extracting(RecordSearch.Hit::title)
                .containsExactlyInAnyOrderElementsOf(expected);
        Map<String, Integer> perRecord = new HashMap<>();
        world.database.withConnection(c -> world.database.dsl(c).select(SearchTerms.RECORD).from(SearchTerms.TABLE)
                .where(SearchTerms.TERM.eq("старый")).fetch(SearchTerms.RECORD))
                .forEach(id -> perRecord.merge(id, 1, Integer::sum));
        assertThat(perRecord).hasSize(old.size()).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    }

    @Test
    void aFieldThatBecomesATitleFieldIsSearchableInExistingRecordsAfterTheBackfill() {
        RecordData inKazan = world.contact(Map.of("last_name", "Городская", "city", "Казань"));
        world.database.inTransaction(c -> world.database.dsl(c).update(DSL.table(DSL.name("search_backfill")))
                .set(DSL.field(DSL.name("finished"), Boolean.class), true).execute());
        assertThat(ids(ListsWorld.ADMIN, "казань")).as("city is no title field yet").isEmpty();

        // an admin adds city to the title: the definition in force changes, existing rows keep their terms
        EntityCatalog withCity = EntityCatalog.load(Map.of("contact.json", ListsWorld.CONTACT.replace(
                "\"titleFields\": [\"last_name\", \"first_name\", \"patronymic\"]",
                "\"titleFields\": [\"last_name\", \"first_name\", \"city\"]"), "deal.json", ListsWorld.DEAL),
                new io.voronka.kernel.rule.RuleSandbox());
        new SearchBackfill(world.database, () -> withCity).run();
        RecordService withCityRecords = new RecordService(world.database, withCity, new io.voronka.kernel.field.FieldValues("RU"),
                (connection, user) -> true, () -> {
        });
        assertThat(withCityRecords.search(ListsWorld.ADMIN, "казань", 10)).extracting(RecordSearch.Hit::id)
                .containsExactly(inKazan.id());
        new SearchBackfill(world.database, () -> world.catalog).run(); // and back, for the other tests
    }

    @Test
    void anEmptyOrHugeQueryAnswers400NamingQ() {
        assertThat(catchThrowableOfType(DomainError.class, () -> world.records.search(ListsWorld.ADMIN, "  ", 10))
                .errors().getFirst().field()).isEqualTo("q");
        assertThat(catchThrowableOfType(DomainError.class, () -> world.records.search(ListsWorld.ADMIN, "x".repeat(201), 10))
                .kind()).isEqualTo(DomainError.Kind.MALFORMED);
    }
}
