package io.voronka.process;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.config.ContentFolder;
import io.voronka.kernel.event.Origin;
import io.voronka.kernel.field.FieldValues;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import io.voronka.record.EntityCatalog;
import io.voronka.record.EntitySchema;
import io.voronka.record.RecordData;
import io.voronka.record.RecordQuery;
import io.voronka.record.RecordService;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The shipped entities (forms/*.json) in a {@link BpmnUnit} test's database, with the real record
 * steps over them: a shipped process's test sees what its steps write, and its filters run as SQL,
 * still without a node, HTTP or plugins.
 */
final class ShippedRecords {

    static final Map<String, String> FORMS = ContentFolder.read(null, "forms");
    static final Actor TEST = Actor.system("test");

    final RecordService records;

    ShippedRecords(Database database) {
        this(database, Clock.systemDefaultZone());
    }

    /** {@code clock} is the today() of list filters. */
    ShippedRecords(Database database, Clock clock) {
        RuleSandbox sandbox = new RuleSandbox();
        EntityCatalog catalog = EntityCatalog.load(FORMS, sandbox);
        new EntitySchema(database).apply(catalog);
        records = new RecordService(database, catalog, new FieldValues("RU"), (connection, user) -> true, () -> {
        }, sandbox, clock);
    }

    /** The record steps a shipped BPMN names, as a node registers them. */
    Map<String, Object> steps() {
        return Map.of("createRecord", new CreateRecordStep(records), "updateRecord", new UpdateRecordStep(records),
                "startForEach", new StartForEachStep(records), "linkedValue", new LinkedValueStep(records));
    }

    RecordData create(String entity, Map<String, Object> values) {
        return records.create(Origin.API, TEST, entity, values);
    }

    RecordData get(String entity, String id) {
        return records.get(TEST, entity, id);
    }

    /** The ids a filter selects, as a list would. */
    List<String> matching(String entity, String filter) {
        return records.list(TEST, entity, RecordQuery.Request.firstPage(Map.of(), filter, 1000)).items().stream()
                .map(RecordData::id).toList();
    }
}
