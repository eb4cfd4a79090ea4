package io.voronka.form;

import io.voronka.kernel.access.Actor;
import io.voronka.kernel.cluster.CatalogSync;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.storage.Database;
import io.voronka.kernel.storage.StorageException;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task forms in force on this node, kept in the database with every version, the way entity
 * definitions are. {@link #forms()} answers the current snapshot, replaced whole when a form
 * changes here or on another node (then reloaded from the database, see {@link CatalogSync}).
 *
 * <p>Files and console edits: at start a file of {@code forms/tasks/} is applied only when its
 * content changed since the last start that applied it. A changed file wins over a console edit
 * made meanwhile (it becomes a new version on top, and the console's stays in the history); an
 * unchanged file leaves console edits, and a deletion, alone.
 */
public final class TaskForms {

    public static final String KIND = "task-forms";
    private static final Logger LOG = LoggerFactory.getLogger(TaskForms.class);

    private final Database database;
    private final TaskFormStore store;
    private volatile Map<String, StoredTaskForm> current = Map.of();
    private CatalogSync sync;

    public TaskForms(Database database) {
        this.database = database;
        this.store = new TaskFormStore(database.dialect());
    }

    /**
     * At start: stores each file of {@code forms/tasks/} whose content changed since it was last
     * applied, then loads the forms. A file that does not check stops the start, naming the file and the path.
     */
    public void applyFiles(Map<String, String> formsFolder) {
        Map<String, FormDefinition> files = new LinkedHashMap<>();
        Map<String, String> paths = new LinkedHashMap<>();
        formsFolder.forEach((path, text) -> {
            if (path.startsWith("tasks/") && path.endsWith(".json")) {
                FormDefinition form;
                try {
                    form = FormDefinition.parse(text, null);
                } catch (DomainError e) {
                    throw new IllegalStateException("forms/" + path + " is not a valid task form: " + e.getMessage()
                            + " " + e.errors().stream().map(p -> p.field() + " " + p.message()).toList());
                }
                String other = paths.put(form.key(), path);
                if (other != null) {
                    throw new IllegalStateException("forms/" + path + " and forms/" + other + " both define task form " + form.key());
                }
                files.put(form.key(), form);
            }
        });
        Map<String, StoredTaskForm> stored = database.withConnection(store::current);
        Map<String, String> lastFromFiles = database.withConnection(store::lastFromFiles);
        List<StoredTaskForm> changes = new ArrayList<>();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        files.forEach((key, form) -> {
            String checksum = form.checksum();
            if (checksum.equals(lastFromFiles.get(key))) {
                return; // the file did not change: what the database holds stands, console edits included
            }
            StoredTaskForm before = stored.get(key);
            if (before != null && !before.origin().startsWith(TaskFormStore.FILE_ORIGIN)) {
                LOG.warn("forms/{} changed since the last start and replaces version {} of task form {} made by {} through the API",
                        paths.get(key), before.version(), key, before.changedBy());
            }
            changes.add(new StoredTaskForm(key, before == null ? 1 : before.version() + 1, form, checksum,
                    TaskFormStore.FILE_ORIGIN + "forms/" + paths.get(key), false, Actor.SYSTEM.username(), now));
        });
        database.inTransaction(c -> {
            changes.forEach(change -> store.insert(c, change));
            return null;
        });
        if (!changes.isEmpty()) {
            LOG.info("task forms applied from files: {}", changes.stream().map(s -> s.key() + " v" + s.version()).toList());
        }
        reload();
    }

    /** Hands the forms to the cluster's sync, which reloads them here whenever they changed anywhere. */
    public void syncWith(CatalogSync sync) {
        this.sync = sync;
        sync.register(KIND, () -> database.withConnection(store::generation), this::reload);
    }

    /** Replaces the snapshot with what the database holds. */
    public void reload() {
        current = Map.copyOf(database.withConnection(store::current));
    }

    /** The forms in force, by key (deleted ones are not). */
    public Map<String, FormDefinition> forms() {
        Map<String, FormDefinition> forms = new LinkedHashMap<>();
        all().forEach(s -> forms.put(s.key(), s.form()));
        return forms;
    }

    /** The newest version of each form in force, by key. */
    public List<StoredTaskForm> all() {
        return current.values().stream().filter(s -> !s.deleted())
                .sorted(java.util.Comparator.comparing(StoredTaskForm::key)).toList();
    }

    public StoredTaskForm find(String key) {
        StoredTaskForm found = current.get(key);
        if (found == null || found.deleted()) {
            throw DomainError.notFound("no task form called '" + key + "'");
        }
        return found;
    }

    /**
     * Stores a new version of a form (or its first, or a deleted one's return): checked exactly as a
     * file is, then in force on every node before this returns. An unchanged form changes nothing.
     * {@code expectedVersion}, when given, must be the version in force.
     */
    public StoredTaskForm change(Actor actor, String key, String body, Integer expectedVersion) {
        if (key == null || !FormDefinition.KEY.matcher(key).matches()) {
            throw DomainError.invalid("key", "pattern", "a form key must match " + FormDefinition.KEY.pattern());
        }
        FormDefinition form = FormDefinition.parse(body, key);
        StoredTaskForm before = database.withConnection(store::current).get(key);
        int version = before == null ? 0 : before.version();
        if (expectedVersion != null && expectedVersion != (before == null || before.deleted() ? 0 : version)) {
            throw DomainError.conflict("task form " + key + " is at version " + version + ", not " + expectedVersion
                    + "; reload it and try again");
        }
        String checksum = form.checksum();
        if (before != null && !before.deleted() && before.checksum().equals(checksum)) {
            return before;
        }
        StoredTaskForm next = new StoredTaskForm(key, version + 1, form, checksum, TaskFormStore.API_ORIGIN, false,
                actor.username(), LocalDateTime.now(ZoneOffset.UTC));
        insert(next);
        LOG.info("task form {} changed to version {} by {}", key, next.version(), actor.username());
        return next;
    }

    /**
     * Deletes a form: a new version marked deleted, so the history stays and a PUT brings it back.
     * Refused (409) while a deployed process's user task names it: such a task would ask for nothing.
     */
    public StoredTaskForm delete(Actor actor, String key, TaskFormUsers users) {
        StoredTaskForm before = find(key);
        List<String> naming = users.processesNaming(key);
        if (!naming.isEmpty()) {
            throw DomainError.conflict("task form " + key + " is named by the user tasks of deployed processes " + naming
                    + "; change those processes to another form first");
        }
        StoredTaskForm deleted = new StoredTaskForm(key, before.version() + 1, before.form(), before.checksum(),
                TaskFormStore.API_ORIGIN, true, actor.username(), LocalDateTime.now(ZoneOffset.UTC));
        insert(deleted);
        LOG.info("task form {} deleted at version {} by {}", key, deleted.version(), actor.username());
        return deleted;
    }

    private void insert(StoredTaskForm version) {
        try {
            database.inTransaction(c -> {
                store.insert(c, version);
                return null;
            });
        } catch (DataAccessException | StorageException e) {
            if (isDuplicate(e)) {
                throw DomainError.conflict("task form " + version.key() + " was changed at the same moment by someone else; "
                        + "reload it and try again");
            }
            throw e;
        }
        if (sync != null) {
            sync.changed(KIND);
        } else {
            reload();
        }
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
