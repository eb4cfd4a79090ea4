package io.voronka.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.config.ConfigLoader;
import io.voronka.kernel.config.ContentFolder;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.event.Outbox;
import io.voronka.kernel.field.FieldValues;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import io.voronka.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped deal's rules hold on the paths that do not come through HTTP: a process step creating
 * a record on its engine's connection (as {@code createRecord} does) and an import keeping each
 * row's problems as values.
 */
class EveryWritePathTest {

    static TestDatabase testDatabase;
    static Database database;
    static RecordService records;

    @BeforeAll
    static void start() {
        testDatabase = TestDatabase.create();
        database = Database.open(ConfigLoader.fromMap(testDatabase.config()), null);
        database.migrate(new RecordCapability().migrations()); // search terms and the bin are written with every record
        RuleSandbox sandbox = new RuleSandbox();
        EntityCatalog catalog = EntityCatalog.load(ContentFolder.read(null, "forms"), sandbox);
        new EntitySchema(database).apply(catalog);
        records = new RecordService(database, () -> catalog, new FieldValues("RU"), (connection, user) -> true,
                ScopePolicy.UNRESTRICTED, new Outbox(database.dialect(), List.of()), () -> {
        }, sandbox, Clock.systemUTC(), 100);
    }

    @AfterAll
    static void stop() {
        database.close();
        testDatabase.close();
    }

    @Test
    void aProcessStepThatMarksADealLostWithoutAReasonIsRefusedAndStoresNothing() {
        Actor process = Actor.system("process:lead-intake");
        assertThatThrownBy(() -> database.inTransaction(c -> records.create(c, Origin.PROCESS, process, "deal",
                Map.of("title", "Lost by a step", "stage", "lost"))))
                .isInstanceOfSatisfying(DomainError.class, e -> assertThat(e.errors()).extracting(ValidationProblem::field,
                        ValidationProblem::rule).containsExactly(org.assertj.core.groups.Tuple.tuple("values.loss_reason", "rule")));
        int stored = database.withConnection(c -> database.dsl(c).fetchCount(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name("rec_deal")),
                org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("title")).eq("Lost by a step")));
        assertThat(stored).isZero();
        RecordData lost = database.inTransaction(c -> records.create(c, Origin.PROCESS, process, "deal",
                Map.of("title", "Lost by a step", "stage", "lost", "loss_reason", "no_response")));
        assertThat(lost.values()).containsEntry("loss_reason", "no_response");
    }

    @Test
    void anImportKeepsEachRowsProblemsAsValues() {
        var entity = records.entity("deal");
        var checked = database.withConnection(c -> records.validation().check(c, entity,
                Map.of("title", "Imported", "stage", "won", "amount", new BigDecimal("-1"), "loss_reason", "weather"),
                RecordValidation.Purpose.CREATE));
        assertThat(checked.problems()).extracting(ValidationProblem::field, ValidationProblem::rule).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("values.amount", "min"),
                org.assertj.core.groups.Tuple.tuple("values.loss_reason", "enum"));
    }
}
