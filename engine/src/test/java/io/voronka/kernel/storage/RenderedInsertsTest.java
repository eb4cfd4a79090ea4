package io.voronka.kernel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.voronka.kernel.config.ConfigLoader;
import io.voronka.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/**
 * The create path's inserts, rendered once per shape: every column type a record has comes back as
 * written, a second row count gets its own text, the generated key is the row's, and a failure
 * names the table and carries the driver's error.
 */
class RenderedInsertsTest {

    private static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR(36));
    private static final Field<Long> COUNT = field(name("count_of"), SQLDataType.BIGINT);
    private static final Field<BigDecimal> AMOUNT = field(name("amount"), SQLDataType.DECIMAL(19, 4));
    private static final Field<Boolean> FLAG = field(name("flag"), SQLDataType.BOOLEAN);
    private static final Field<LocalDate> DAY = field(name("day"), SQLDataType.LOCALDATE);
    private static final Field<LocalDateTime> AT = field(name("at"), SQLDataType.LOCALDATETIME(3));
    private static final Field<String> NOTE = field(name("note"), SQLDataType.CLOB);
    private static final List<Field<?>> COLUMNS = List.of(ID, COUNT, AMOUNT, FLAG, DAY, AT, NOTE);

    @Test
    void everyColumnTypeComesBackAsWrittenWhateverTheRowCount() {
        try (TestDatabase test = TestDatabase.create();
             Database database = Database.open(ConfigLoader.fromMap(test.config()), null)) {
            database.inTransaction(c -> database.dsl(c).createTable("rendered_row").columns(COLUMNS)
                    .primaryKey(ID).execute());

            Object[] one = {"a", 7, new BigDecimal("1234.5000"), true, LocalDate.of(1990, 2, 28),
                    LocalDateTime.of(2026, 3, 29, 2, 30, 15, 123_000_000), "Иванова Анна — заметка"};
            Object[] empty = {"b", null, null, null, null, null, null};
            Object[] other = {"c", 9_000_000_000L, new BigDecimal("-0.0001"), false, LocalDate.of(2026, 11, 25),
                    LocalDateTime.of(2000, 1, 1, 0, 0), "x".repeat(5000)};
            int first = database.inTransaction(c -> RenderedInserts.insert(c, database.dialect(), "rendered_row", COLUMNS,
                    List.<Object[]>of(one)));
            int more = database.inTransaction(c -> RenderedInserts.insert(c, database.dialect(), "rendered_row", COLUMNS,
                    List.of(empty, other)));

            assertThat(first).isEqualTo(1);
            assertThat(more).isEqualTo(2);
            List<List<Object>> rows = database.withConnection(c -> database.dsl(c).select(COLUMNS)
                    .from(table(name("rendered_row"))).orderBy(ID).fetch(r -> Arrays.asList(r.intoArray())));
            assertThat(rows).containsExactly(
                    Arrays.asList("a", 7L, new BigDecimal("1234.5000"), true, LocalDate.of(1990, 2, 28),
                            LocalDateTime.of(2026, 3, 29, 2, 30, 15, 123_000_000), "Иванова Анна — заметка"),
                    Arrays.asList(empty),
                    Arrays.asList(other));
            assertThat(RenderedInserts.text(database.dialect(), "rendered_row", COLUMNS, 2))
                    .isEqualTo(DSL.using(database.dialect()).insertInto(table(name("rendered_row")), COLUMNS)
                            .values(Arrays.asList(one)).values(Arrays.asList(other)).getSQL());
        }
    }

    @Test
    void eachRowGetsItsOwnGeneratedKey() {
        try (TestDatabase test = TestDatabase.create();
             Database database = Database.open(ConfigLoader.fromMap(test.config()), null)) {
            Field<Long> key = field(name("id"), SQLDataType.BIGINT.identity(true));
            database.inTransaction(c -> database.dsl(c).createTable("keyed_row").column(key).column(NOTE)
                    .primaryKey(key).execute());

            List<Long> keys = new ArrayList<>();
            for (String note : List.of("first", "second", "third")) {
                keys.add(database.inTransaction(c -> RenderedInserts.insertReturningKey(c, database.dialect(), "keyed_row",
                        List.of(NOTE), note)));
            }

            assertThat(keys).doesNotHaveDuplicates().isSorted();
            for (int i = 0; i < keys.size(); i++) {
                long id = keys.get(i);
                String note = database.withConnection(c -> database.dsl(c).select(NOTE).from(table(name("keyed_row")))
                        .where(key.eq(id)).fetchOne(NOTE));
                assertThat(note).isEqualTo(List.of("first", "second", "third").get(i));
            }
        }
    }

    @Test
    void aRefusedInsertNamesItsTableAndKeepsTheDriversError() {
        try (TestDatabase test = TestDatabase.create();
             Database database = Database.open(ConfigLoader.fromMap(test.config()), null)) {
            database.inTransaction(c -> database.dsl(c).createTable("rendered_row").columns(COLUMNS)
                    .primaryKey(ID).execute());
            Object[] row = {"same", null, null, null, null, null, null};
            database.inTransaction(c -> RenderedInserts.insert(c, database.dialect(), "rendered_row", COLUMNS,
                    List.<Object[]>of(row)));

            assertThatThrownBy(() -> database.inTransaction(c -> RenderedInserts.insert(c, database.dialect(),
                    "rendered_row", COLUMNS, List.<Object[]>of(row))))
                    .hasMessageContaining("rendered_row")
                    .hasRootCauseInstanceOf(java.sql.SQLIntegrityConstraintViolationException.class);
        }
    }
}
