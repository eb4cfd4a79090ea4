package io.voronka.record;

import io.voronka.kernel.Capability;
import io.voronka.kernel.Kernel;
import io.voronka.kernel.access.RecordVisibility;
import io.voronka.kernel.access.ScopePolicy;
import io.voronka.kernel.access.UserDirectory;
import io.voronka.kernel.cluster.CatalogSync;
import io.voronka.kernel.config.ContentFolder;
import io.voronka.kernel.field.FieldValues;
import java.time.Clock;
import java.util.List;

/**
 * User-defined entities and their records: the definitions from {@code forms/}, a table per
 * entity, the record API with history and filters, and the rule editor's checks against an entity.
 */
public final class RecordCapability implements Capability {

    /** Phones without a country code are read as Russian numbers: the product's first market. */
    private static final String DEFAULT_PHONE_REGION = "RU";

    private SearchBackfill backfill;

    @Override
    public String name() {
        return "records";
    }

    @Override
    public List<String> migrations() {
        return List.of("classpath:io/voronka/record/migration");
    }

    @Override
    public void start(Kernel kernel) {
        // Definitions live in the database with versions; files changed since the last start win.
        EntityDefinitions entities = new EntityDefinitions(kernel.database(), kernel.sandbox());
        entities.applyFiles(ContentFolder.read(kernel.config().formsDir(), "forms"));
        entities.syncWith(kernel.require(CatalogSync.class));
        FieldValues fieldValues = new FieldValues(DEFAULT_PHONE_REGION);
        RecordService records = new RecordService(kernel.database(), entities, fieldValues,
                kernel.require(UserDirectory.class), kernel.find(ScopePolicy.class).orElse(ScopePolicy.UNRESTRICTED),
                kernel.events().outbox(), kernel.events().inline(), kernel.events()::nudge, kernel.sandbox(),
                Clock.systemDefaultZone(), kernel.config().recordCountLimit());
        kernel.provide(EntityDefinitions.class, entities);
        kernel.provide(FieldValues.class, fieldValues);
        kernel.provide(RecordService.class, records);
        kernel.provide(RecordVisibility.class, new ReadableRecords(records));
        kernel.provide(RecordValidation.class, records.validation());
        kernel.provide(FileReferences.class, new FileReferences(records));
        kernel.routes(new RecordRoutes(records)::register);
        kernel.routes(new RestoreRoutes(new HistoryRestore(kernel.database(), records), records.recycleBin())::register);
        kernel.routes(new EntityRoutes(entities)::register);
        kernel.routes(new RuleRoutes(kernel.sandbox(), entities, fieldValues,
                () -> kernel.find(ProcessConditionSchema.class))::register);
        kernel.routes(new SearchRoutes(records)::register);
        kernel.routes(new ViewRoutes(new SavedViews(kernel.database(), records))::register);
        backfill = new SearchBackfill(kernel.database(), entities, new RecordStore(kernel.database().dialect()));
    }

    @Override
    public void running(Kernel kernel) {
        kernel.closeOnStop(new SearchIndexing(backfill)).start();
    }
}
