package io.voronka.record;

import static org.assertj.core.api.Assertions.assertThat;
import static io.voronka.record.RecordQuery.Request.firstPage;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.access.Actor;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Record lists filtered by rule expressions, on H2 or (with -Pmariadb) MariaDB. */
class RecordFilterTest {

    static FilterWorld world;

    @BeforeAll
    static void seed() {
        world = new FilterWorld();
        world.insert("contact", List.of(
                row("id", "c-kazan", "first_name", "Anna", "city", "Казань", "vip", true, "budget", new BigDecimal("900")),
                row("id", "c-kazan-lower", "first_name", "Boris", "city", "казань", "vip", false),
                row("id", "c-moscow", "first_name", "100% sure_thing", "city", "Москва"),
                row("id", "c-quote", "first_name", "x' OR 1=1 --", "city", "Казань ")));
        world.insert("deal", List.of(
                row("id", "d-phone", "title", "Phone", "contact_id", "c-kazan", "amount", new BigDecimal("799.99"), "stage", "won"),
                row("id", "d-case", "title", "Case", "contact_id", "c-kazan-lower", "amount", new BigDecimal("20"), "stage", "won"),
                row("id", "d-big-lost", "title", "Laptop", "contact_id", "c-moscow", "amount", new BigDecimal("1500"), "stage", "lost"),
                row("id", "d-orphan", "title", "Walk-in", "amount", new BigDecimal("701"), "stage", "won")));
    }

    @AfterAll
    static void close() {
        world.close();
    }

    static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }

    @Test
    void dealsFilterByAFieldOfTheirContact() {
        assertThat(world.sqlIds("deal", "contact.city == 'Казань'")).containsExactly("d-phone");
        assertThat(world.sqlIds("deal", "contact_id.city == null")).containsExactly("d-orphan");
    }

    @Test
    void contactsWhoBoughtOver700() {
        assertThat(world.sqlIds("contact", "any(deals, amount > 700 && stage == 'won')")).containsExactly("c-kazan");
        assertThat(world.sqlIds("contact", "count(deals) == 0")).containsExactly("c-quote");
        assertThat(world.sqlIds("contact", "!any(deals, stage == 'won')"))
                .containsExactlyInAnyOrder("c-moscow", "c-quote");
    }

    @Test
    void textsCompareExactlyOnEveryDatabase() {
        assertThat(world.sqlIds("contact", "city == 'Казань'"))
                .as("not case-insensitive, trailing space counts").containsExactly("c-kazan");
        assertThat(world.sqlIds("contact", "city != 'Казань'"))
                .containsExactlyInAnyOrder("c-kazan-lower", "c-moscow", "c-quote");
    }

    @Test
    void filterValuesStayValues() {
        assertThat(world.sqlIds("contact", "first_name == \"x' OR 1=1 --\"")).containsExactly("c-quote");
        assertThat(world.sqlIds("contact", "first_name == \"' OR 1=1 --\"")).isEmpty();
        assertThat(world.sqlIds("contact", "contains(first_name, '%')")).containsExactly("c-moscow");
        assertThat(world.sqlIds("contact", "contains(first_name, '0% s')")).containsExactly("c-moscow");
        assertThat(world.sqlIds("contact", "startsWith(first_name, '_')")).isEmpty();
        assertThat(world.sqlIds("contact", "endsWith(first_name, '!')")).isEmpty();
    }

    @Test
    void missingValuesBehaveAsInTheInterpreter() {
        assertThat(world.sqlIds("contact", "budget > 100")).containsExactly("c-kazan");
        assertThat(world.sqlIds("contact", "!(budget > 100)")).containsExactlyInAnyOrder("c-kazan-lower", "c-moscow", "c-quote");
        assertThat(world.sqlIds("contact", "!vip")).containsExactlyInAnyOrder("c-kazan-lower", "c-moscow", "c-quote");
        assertThat(world.sqlIds("contact", "vip == null")).containsExactlyInAnyOrder("c-moscow", "c-quote");
        for (String filter : List.of("budget > 100", "!(budget > 100)", "!vip", "vip == null", "any(deals, amount > 700)")) {
            assertThat(world.sqlIds("contact", filter)).as(filter).isEqualTo(world.interpretedIds("contact", filter));
        }
    }

    @Test
    void filterWorksWithEqualityParametersAndCountsTheSame() {
        RecordPage page = world.records.list(Actor.SYSTEM, "contact", firstPage(Map.of("city", "Казань"), "budget == null", 50));
        assertThat(page.items()).as("the equality parameter is exact too: not казань, not 'Казань '").isEmpty();
        RecordPage paged = world.records.list(Actor.SYSTEM, "deal", firstPage(Map.of("stage", "won"), "amount > 10", 1).counted());
        assertThat(paged.items()).hasSize(1);
        assertThat(paged.count()).isEqualTo(3);
        assertThat(paged.next()).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "cty == 'Казань'                     | line 1, column 1: unknown name 'cty'",
            "budget > 1 &&\\n  contact.city == 'x' | line 2, column 3: 'contact' is not a link field",
            "city < 'M'                          | line 1, column 6: ordering texts with < is not available in filters",
            "budget / 3 > 1                      | line 1, column 8: division of a field is not available in filters",
            "lower(city) == 'казань'             | line 1, column 1: lower is not available in filters",
            "score % 2 == 0                      | line 1, column 7: the remainder of a field is not available in filters",
            "budget > 1 / 0                      | line 1, column 12: division by zero",
            "budget + 1                          | line 1, column 8: a filter must be true or false, not a number",
            "x = 1; x > 0                        | line 1, column 1: expected a single expression",
    })
    void invalidFilterIsRejectedWithItsPosition(String filter, String message) {
        DomainError problem = catchThrowableOfType(DomainError.class,
                () -> world.records.list(Actor.SYSTEM, "contact", firstPage(Map.of(), filter.replace("\\n", "\n"), 50)));
        assertThat(problem.kind()).isEqualTo(DomainError.Kind.INVALID);
        assertThat(problem.errors().getFirst().field()).isEqualTo("filter");
        assertThat(problem.errors().getFirst().rule()).isEqualTo("sandbox");
        assertThat(problem.errors().getFirst().message()).startsWith(message);
    }

    @Test
    void aFilterStaysWithinTheRuleSourceLimits() {
        String tooLong = "budget > 1" + " && budget > 1".repeat(2_000);
        DomainError problem = catchThrowableOfType(DomainError.class,
                () -> world.records.list(Actor.SYSTEM, "contact", firstPage(Map.of(), tooLong, 50)));
        assertThat(problem.kind()).isEqualTo(DomainError.Kind.INVALID);
        assertThat(Set.of(problem.errors().getFirst().rule())).containsExactly("sandbox");
    }
}
