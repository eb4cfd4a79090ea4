package io.voronka.record;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.cluster.CatalogSync;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.rule.RuleSandbox;
import io.voronka.kernel.storage.Database;
import io.voronka.kernel.storage.SchemaLock;
import io.voronka.kernel.storage.StorageException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entity definitions in force on this node, kept in the database with every version. Services
 * hold this, not a catalog: {@link #get()} answers the current snapshot, replaced whole when a
 * definition changes here or on another node (then reloaded from the database, see
 * {@link CatalogSync}). A reader takes one snapshot per call and uses it throughout.
 *
 * <p>Files and console edits: at start a file is applied only when its content changed since the
 * last start that applied it. A changed file wins over a console edit made meanwhile (it becomes a
 * new version on top, and the console's version stays in the history); an unchanged file leaves
 * console edits alone.
 */
public final class EntityDefinitions implements Supplier<EntityCatalog> {

    public static final String KIND = "entities";
    private static final Logger LOG = LoggerFactory.getLogger(EntityDefinitions.class);
    /** An API change waits this long for another node's schema work before answering 503. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final Database database;
    private final RuleSandbox sandbox;
    private final EntityDefinitionStore store;
    private final EntitySchema schema;
    private volatile Snapshot current;
    private CatalogSync sync;

    private record Snapshot(EntityCatalog catalog, Map<String, StoredDefinition> stored) {
    }

    public EntityDefinitions(Database database, RuleSandbox sandbox) {
        this.database = database;
        this.sandbox = sandbox;
        this.store = new EntityDefinitionStore(database.dialect());
        this.schema = new EntitySchema(database);
    }

    /** The catalog in force now. */
    @Override
    public EntityCatalog get() {
        return current.catalog();
    }

    /**
     * At start, under the schema lock: stores each file whose content changed since it was last
     * applied, creates or alters the tables, and loads the catalog. A file that does not check stops
     * the start, naming the file and the field.
     */
    public void applyFiles(Map<String, String> formsFolder) {
        EntityCatalog.FromFiles files = EntityCatalog.fromFiles(formsFolder, sandbox);
        Map<String, StoredDefinition> stored = database.withConnection(store::current);
        Map<String, String> lastFromFiles = database.withConnection(store::lastFromFiles);
        Map<String, EntityDocument> merged = new LinkedHashMap<>();
        stored.forEach((name, s) -> merged.put(name, s.document()));
        List<StoredDefinition> changes = new ArrayList<>();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        files.paths().forEach((name, path) -> {
            EntityDocument document = files.catalog().document(name).orElseThrow();
            if (document.checksum().equals(lastFromFiles.get(name))) {
                return; // the file did not change: what the database holds stands, console edits included
            }
            StoredDefinition before = stored.get(name);
            if (before != null) {
                refuseUnfitColumns(path, document);
                warnOfLosses(path, before, document);
            }
            if (before != null && !before.origin().startsWith(EntityDefinitionStore.FILE_ORIGIN)
                    && !before.checksum().equals(document.checksum())) {
                LOG.warn("forms/{} changed since the last start and replaces version {} of {} made by {} through the API",
                        path, before.version(), name, before.changedBy());
            }
            merged.put(name, document);
            changes.add(new StoredDefinition(name, before == null ? 1 : before.version() + 1, document,
                    document.checksum(), EntityDefinitionStore.FILE_ORIGIN + "forms/" + path, Actor.SYSTEM.username(), now));
        });
        EntityCatalog previous = previousCatalog(stored);
        EntityCatalog catalog;
        try {
            catalog = EntityCatalog.of(merged.values(), sandbox);
        } catch (DefinitionRejected e) {
            throw new IllegalStateException("entity definitions do not fit together: " + e.getMessage());
        }
        schema.apply(catalog);
        database.inTransaction(c -> {
            changes.forEach(change -> store.insert(c, change));
            return null;
        });
        if (!changes.isEmpty()) {
            LOG.info("entity definitions applied from files: {}", changes.stream().map(s -> s.name() + " v" + s.version()).toList());
        }
        reload();
        backfillRollups(previous);
    }

    /** The catalog the stored definitions made before this start, or null when there were none (or they no longer check). */
    private EntityCatalog previousCatalog(Map<String, StoredDefinition> stored) {
        if (stored.isEmpty()) {
            return null;
        }
        try {
            return EntityCatalog.of(stored.values().stream().map(StoredDefinition::document).toList(), sandbox);
        } catch (DefinitionRejected | IllegalStateException e) {
            return null;
        }
    }

    /**
     * Rollups new or redefined since {@code previous} are computed for every existing record, in
     * batches, once the catalog that has them is in force (so a change meanwhile keeps its own target current).
     */
    private void backfillRollups(EntityCatalog previous) {
        RollupKeeper.backfill(database, get(), RollupKeeper.changedSince(previous, get()), java.time.Clock.systemUTC());
    }

    /** A file that needs another kind of column for a stored field stops the start, as the API refuses it. */
    private void refuseUnfitColumns(String path, EntityDocument document) {
        List<ValidationProblem> problems = StoredColumns.refusedChanges(document,
                database.withConnection(c -> store.versions(c, document.name())));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("forms/" + path + ": " + problems.getFirst().field() + " " + problems.getFirst().message());
        }
    }

    /** A file is the operator's decision and needs no confirmation; the log says what it retires or narrows. */
    private void warnOfLosses(String path, StoredDefinition before, EntityDocument document) {
        if (before.document().definition().isRetired()) {
            return;
        }
        List<DataLossPreview.Item> losses;
        try {
            losses = database.withConnection(c -> DataLossPreview.of(database.dsl(c), before.document().definition(),
                    document.definition()));
        } catch (DataAccessException | StorageException e) {
            LOG.warn("forms/{}: could not count what the change touches: {}", path, e.getMessage());
            return;
        }
        losses.forEach(loss -> LOG.warn("forms/{}: {} of field {}{} touches {} stored records (their values stay in the column"
                + " and the history)", path, loss.change(), loss.field(), loss.option() == null ? "" : " option " + loss.option(),
                loss.records()));
    }

    /** Hands the catalog to the cluster's sync, which reloads it here whenever it changed anywhere. */
    public void syncWith(CatalogSync sync) {
        this.sync = sync;
        sync.register(KIND, () -> database.withConnection(store::generation), this::reload);
    }

    /** Replaces the snapshot with what the database holds; a broken stored set keeps the old one. */
    public void reload() {
        Map<String, StoredDefinition> stored = database.withConnection(store::current);
        try {
            current = new Snapshot(EntityCatalog.of(stored.values().stream().map(StoredDefinition::document).toList(), sandbox),
                    stored);
        } catch (DefinitionRejected e) {
            LOG.error("the stored entity definitions do not check; keeping the ones loaded before: {}", e.getMessage());
            if (current == null) {
                throw new IllegalStateException(e.getMessage());
            }
        }
    }

    public List<StoredDefinition> all() {
        return List.copyOf(current.stored().values());
    }

    public StoredDefinition find(String name) {
        StoredDefinition found = current.stored().get(name);
        if (found == null) {
            throw DomainError.notFound(Message.of("record.entity.unknown", name));
        }
        return found;
    }

    /**
     * Stores a new version of an entity (or its first): checked exactly as a file is, tables altered
     * (columns added, never dropped), then in force on every node before this returns. An unchanged
     * document changes nothing. {@code expectedVersion}, when given, must be the version in force.
     */
    public StoredDefinition change(Actor actor, String name, String body, Integer expectedVersion) {
        return change(actor, name, body, expectedVersion, false);
    }

    /**
     * As above; a change that would lose stored values (see {@link DataLossPreview}) answers 409
     * with the preview unless {@code confirmed}. A document for a retired entity defines it again.
     */
    public StoredDefinition change(Actor actor, String name, String body, Integer expectedVersion, boolean confirmed) {
        EntityDocument document = EntityDocument.parse(body);
        if (document.name() != null && !document.name().equals(name)) {
            throw DomainError.invalid("name", "match", Message.of("definition.name.match", name));
        }
        document = new EntityDocument(document.definition().named(name).retire(false), document.rules());
        StoredDefinition changed;
        EntityCatalog previous = get();
        try (SchemaLock lock = lock()) {
            changed = changeLocked(actor, name, document, expectedVersion, confirmed);
        }
        if (sync != null) {
            sync.changed(KIND);
        } else {
            reload();
        }
        backfillRollups(previous);
        return changed;
    }

    /**
     * Retires an entity: a new version marked retired, so its records answer 404 and it leaves the
     * list; its table, records and history stay, and defining it again brings them back. With
     * records, a 409 with the preview unless {@code confirmed}; refused (409) while another entity links to it.
     */
    public StoredDefinition retire(Actor actor, String name, boolean confirmed) {
        StoredDefinition retired;
        try (SchemaLock lock = lock()) {
            Map<String, StoredDefinition> stored = database.withConnection(store::current);
            StoredDefinition before = stored.get(name);
            if (before == null || before.document().definition().isRetired()) {
                throw DomainError.notFound(Message.of("record.entity.unknown", name));
            }
            EntityDefinition entity = before.document().definition();
            for (StoredDefinition other : stored.values()) {
                EntityDefinition o = other.document().definition();
                if (!o.isRetired() && !o.name().equals(name) && o.fields().stream()
                        .anyMatch(f -> f.type() == FieldType.LINK && name.equals(f.link()))) {
                    throw DomainError.conflict(Message.of("definition.linked", o.name(), name));
                }
            }
            if (!confirmed) {
                var preview = database.withConnection(c -> DataLossPreview.retiring(database.dsl(c), entity));
                if (!preview.isEmpty()) {
                    throw needsConfirmation(preview);
                }
            }
            EntityDocument document = new EntityDocument(entity.retire(true), before.document().rules());
            retired = new StoredDefinition(name, before.version() + 1, document, document.checksum(),
                    EntityDefinitionStore.API_ORIGIN, actor.username(), LocalDateTime.now(ZoneOffset.UTC));
            database.inTransaction(c -> {
                store.insert(c, retired);
                return null;
            });
            LOG.info("entity {} retired at version {} by {}", name, retired.version(), actor.username());
        }
        if (sync != null) {
            sync.changed(KIND);
        } else {
            reload();
        }
        return retired;
    }

    private static DomainError needsConfirmation(List<DataLossPreview.Item> preview) {
        return DomainError.needsConfirmation("this change would lose stored values (see preview); "
                + "send it again with ?confirm=true to go ahead", preview.stream().map(DataLossPreview.Item::json).toList());
    }

    private StoredDefinition changeLocked(Actor actor, String name, EntityDocument document, Integer expectedVersion,
                                          boolean confirmed) {
        Map<String, StoredDefinition> stored = database.withConnection(store::current);
        StoredDefinition before = stored.get(name);
        int version = before == null ? 0 : before.version();
        if (expectedVersion != null && expectedVersion != version) {
            throw DomainError.conflict(Message.of("definition.stale", name, version, expectedVersion));
        }
        if (before != null && before.checksum().equals(document.checksum())) {
            return before;
        }
        List<ValidationProblem> problems = EntityCatalog.check(document.definition());
        if (problems.isEmpty()) {
            problems = StoredColumns.refusedChanges(document, database.withConnection(c -> store.versions(c, name)));
        }
        if (!problems.isEmpty()) {
            throw DomainError.invalid(problems);
        }
        if (!confirmed && before != null && !before.document().definition().isRetired()) {
            var preview = database.withConnection(c -> DataLossPreview.of(database.dsl(c), before.document().definition(),
                    document.definition()));
            if (!preview.isEmpty()) {
                throw needsConfirmation(preview);
            }
        }
        Map<String, EntityDocument> merged = new LinkedHashMap<>();
        stored.forEach((n, s) -> merged.put(n, s.document()));
        merged.put(name, document);
        EntityCatalog candidate;
        try {
            candidate = EntityCatalog.of(merged.values(), sandbox);
        } catch (DefinitionRejected e) {
            throw DomainError.invalid(e.problems());
        }
        List<ValidationProblem> retyped = RollupDefinitions.retyped(candidate.find(name).orElseThrow(),
                get().find(name).orElse(null));
        if (!retyped.isEmpty()) {
            throw DomainError.invalid(retyped);
        }
        try {
            schema.apply(candidate);
        } catch (DataAccessException | StorageException e) {
            LOG.warn("the database refused the table of entity {}: {}", name, e.getMessage());
            throw DomainError.invalid("fields", "table", Message.of("definition.table"));
        }
        StoredDefinition next = new StoredDefinition(name, version + 1, document, document.checksum(),
                EntityDefinitionStore.API_ORIGIN, actor.username(), LocalDateTime.now(ZoneOffset.UTC));
        try {
            database.inTransaction(c -> {
                store.insert(c, next);
                return null;
            });
        } catch (DataAccessException | StorageException e) {
            if (isDuplicate(e)) {
                throw DomainError.conflict(Message.of("definition.raced", name));
            }
            throw e;
        }
        LOG.info("entity {} changed to version {} by {}", name, next.version(), actor.username());
        return next;
    }

    /** Waits for another node's schema work; too long a wait answers 503 (see {@link SchemaLock#acquire}). */
    private SchemaLock lock() {
        return SchemaLock.acquire(database, LOCK_WAIT);
    }

    private static boolean isDuplicate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLIntegrityConstraintViolationException
                    || (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

}
