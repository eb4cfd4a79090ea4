package io.voronka.record;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.event.Origin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a create stores and in how many statements, on H2 or (with -Pmariadb) MariaDB. */
class RecordWriterTest {

    static RecordWorld world;

    @BeforeAll
    static void start() {
        world = new RecordWorld();
    }

    @AfterAll
    static void close() {
        world.close();
    }

    @Test
    void aCreateWritesOneHistoryRowPerFieldInOneStatement() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("first_name", "Ирина");
        values.put("city", "Казань");
        values.put("email", "Irina@Example.com");
        values.put("birth_date", "1990-04-01");
        values.put("vip", true);
        values.put("budget", 1500.5);
        values.put("score", null);
        List<String> statements = new ArrayList<>();
        RecordData created = world.database.inTransaction(c ->
                world.records.create(RecordWorld.recording(c, statements), Origin.API, Actor.system("irina"), "contact", values));

        List<FieldChange> history = world.records.history(Actor.SYSTEM, "contact", created.id());
        assertThat(history).extracting(FieldChange::field)
                .containsExactly("first_name", "city", "email", "birth_date", "vip", "budget");
        assertThat(history).allSatisfy(change -> {
            assertThat(change.version()).isEqualTo(1);
            assertThat(change.actor()).isEqualTo("irina");
            assertThat(change.oldValue()).isNull();
            assertThat(change.at()).isEqualTo(created.createdAt());
        });
        assertThat(history).extracting(FieldChange::newValue)
                .containsExactly("Ирина", "Казань", "irina@example.com", "1990-04-01", "true", "1500.5");
        assertThat(statements.stream().filter(s -> s.contains("record_history"))).as(String.join("\n", statements))
                .hasSize(1);
        assertThat(statements.stream().filter(s -> s.startsWith("insert into rec_contact"))).hasSize(1);
        // The row, its history, its search terms, its event and the event's deliveries: nothing per field, nothing read back.
        assertThat(statements).as(String.join("\n", statements)).hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void whatACreateReturnsIsWhatAReadReturns() {
        RecordData created = world.contact("Same on read");
        assertThat(world.records.get(Actor.SYSTEM, "contact", created.id())).isEqualTo(created);
    }

    @Test
    void aHistoryThatCannotBeWrittenLeavesNoRecordAndNoEvent() {
        int contacts = world.rows("rec_contact");
        int events = world.rows("domain_event");
        // A real refusal by the database, in the middle of the batched history insert: the row of one field only.
        world.database.inTransaction(c -> world.database.dsl(c).alterTable(name("record_history"))
                .add(constraint("ck_test_poison").check(field(name("new_value"), SQLDataType.VARCHAR).ne("Poison")))
                .execute());
        try {
            assertThatThrownBy(() -> world.records.create(Origin.API, Actor.system("test"), "contact",
                    Map.of("first_name", "Fine", "city", "Poison", "vip", true)));
            assertThat(world.rows("rec_contact")).as("the record row went with its history").isEqualTo(contacts);
            assertThat(world.rows("domain_event")).isEqualTo(events);
        } finally {
            world.database.inTransaction(c -> world.database.dsl(c).alterTable(name("record_history"))
                    .dropConstraint(name("ck_test_poison")).execute());
        }
        world.records.create(Origin.API, Actor.system("test"), "contact", Map.of("first_name", "Fine", "city", "Poison"));
        assertThat(world.rows("rec_contact")).isEqualTo(contacts + 1);
    }
}
