package io.voronka.record;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.storage.Database;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Saved list and kanban views: a name, a filter, a sort, the columns shown and, for a kanban, the
 * field its columns are. Each person keeps their own; a shared view is seen by everyone who may
 * read the entity (their scope still decides which records it shows). Only admins share, and only
 * admins change or delete a shared view: a view the whole team works from is the team's, not the
 * one manager's who happened to save it. A view is checked when saved, as a list would check it:
 * the filter by the rule checker (422 with its position), the sort against the indexes, the
 * columns and the kanban field against the entity.
 */
public final class SavedViews {

    /** A view as stored and answered; {@code definition} holds kind, filter, sort, columns and groupBy. */
    public record View(String id, String owner, String entity, String name, boolean shared, JsonObject definition) {

        public JsonObject toJson() {
            return definition.copy().put("id", id).put("owner", owner).put("entity", entity).put("name", name)
                    .put("shared", shared);
        }
    }

    private static final Table<?> VIEWS = table(name("saved_view"));
    private static final Field<String> ID = field(name("id"), SQLDataType.VARCHAR);
    private static final Field<String> OWNER = field(name("owner"), SQLDataType.VARCHAR);
    private static final Field<String> ENTITY = field(name("entity"), SQLDataType.VARCHAR);
    private static final Field<String> NAME = field(name("name"), SQLDataType.VARCHAR);
    private static final Field<Boolean> SHARED = field(name("shared"), SQLDataType.BOOLEAN);
    private static final Field<String> DEFINITION = field(name("definition"), SQLDataType.CLOB);
    private static final Field<LocalDateTime> UPDATED_AT = field(name("updated_at"), SQLDataType.LOCALDATETIME);
    private static final List<String> RECORD_COLUMNS = List.of("createdAt", "updatedAt", "createdBy");

    private final Database database;
    private final RecordService records;

    public SavedViews(Database database, RecordService records) {
        this.database = database;
        this.records = records;
    }

    /** The actor's own views and the shared ones, of one entity or (null) of all, by name. */
    public List<View> list(Actor actor, String entity) {
        Condition mine = OWNER.eq(actor.username()).or(SHARED.isTrue());
        Condition of = entity == null ? DSL.noCondition() : ENTITY.eq(entity);
        return database.withConnection(c -> database.dsl(c).select(ID, OWNER, ENTITY, NAME, SHARED, DEFINITION)
                .from(VIEWS).where(mine).and(of).orderBy(NAME, ID).fetch(SavedViews::read));
    }

    public View create(Actor actor, JsonObject body) {
        View view = checked(actor, UUID.randomUUID().toString(), actor.username(), body);
        database.inTransaction(c -> database.dsl(c).insertInto(VIEWS, ID, OWNER, ENTITY, NAME, SHARED, DEFINITION, UPDATED_AT)
                .values(view.id(), view.owner(), view.entity(), view.name(), view.shared(), view.definition().encode(), now())
                .execute());
        return view;
    }

    /** Replaces a view the actor may change (their own unshared one; any shared one for admins). */
    public View replace(Actor actor, String id, JsonObject body) {
        return database.inTransaction(c -> {
            View current = changeable(actor, database.dsl(c).select(ID, OWNER, ENTITY, NAME, SHARED, DEFINITION)
                    .from(VIEWS).where(ID.eq(id)).forUpdate().fetchOptional().map(SavedViews::read), id);
            View view = checked(actor, id, current.owner(), body);
            database.dsl(c).update(VIEWS).set(ENTITY, view.entity()).set(NAME, view.name()).set(SHARED, view.shared())
                    .set(DEFINITION, view.definition().encode()).set(UPDATED_AT, now()).where(ID.eq(id)).execute();
            return view;
        });
    }

    public void delete(Actor actor, String id) {
        database.inTransaction(c -> {
            changeable(actor, database.dsl(c).select(ID, OWNER, ENTITY, NAME, SHARED, DEFINITION)
                    .from(VIEWS).where(ID.eq(id)).forUpdate().fetchOptional().map(SavedViews::read), id);
            return database.dsl(c).deleteFrom(VIEWS).where(ID.eq(id)).execute();
        });
    }

    /** Absent unless the actor sees it (404); seen but another's or shared and the actor no admin: 403. */
    private static View changeable(Actor actor, java.util.Optional<View> found, String id) {
        View view = found.filter(v -> v.owner().equals(actor.username()) || v.shared())
                .orElseThrow(() -> DomainError.notFound(Message.of("view.none", RecordSort.clip(id))));
        if (!actor.isAdmin() && (view.shared() || !view.owner().equals(actor.username()))) {
            throw DomainError.forbidden(Message.of("view.shared.change"));
        }
        return view;
    }

    private View checked(Actor actor, String id, String owner, JsonObject body) {
        List<ValidationProblem> problems = new ArrayList<>();
        String entityName = text(body, "entity", 40, true, problems);
        String viewName = text(body, "name", 200, true, problems);
        String kind = text(body, "kind", 10, false, problems);
        String filter = text(body, "filter", 4000, false, problems);
        String sort = text(body, "sort", 100, false, problems);
        String groupBy = text(body, "groupBy", 64, false, problems);
        Object sharedValue = body.getValue("shared");
        if (sharedValue != null && !(sharedValue instanceof Boolean)) {
            problems.add(ValidationProblem.of("shared", "type", "field.boolean"));
        }
        boolean shared = Boolean.TRUE.equals(sharedValue);
        if (kind == null) {
            kind = "list";
        } else if (!kind.equals("list") && !kind.equals("kanban")) {
            problems.add(ValidationProblem.of("kind", "enum", "view.kind"));
        }
        EntityDefinition entity = entityName == null ? null : records.catalog().find(entityName).orElse(null);
        if (entityName != null && entity == null) {
            problems.add(ValidationProblem.of("entity", "exists", "record.entity.unknown", RecordSort.clip(entityName)));
        }
        JsonArray columns = columns(body, entity, problems);
        if (entity != null) {
            checkAgainst(entity, kind, sort, groupBy, problems);
        }
        if (!problems.isEmpty()) {
            throw DomainError.invalid(problems);
        }
        if (filter != null) {
            records.checkFilter(entity.name(), filter); // 422 naming filter with the rule's line and column
        }
        if (shared && !actor.isAdmin()) {
            throw DomainError.forbidden(Message.of("view.shared.admin"));
        }
        JsonObject definition = new JsonObject().put("kind", kind).put("filter", filter).put("sort", sort)
                .put("columns", columns).put("groupBy", groupBy);
        return new View(id, owner, entity.name(), viewName, shared, definition);
    }

    private static void checkAgainst(EntityDefinition entity, String kind, String sort, String groupBy,
                                     List<ValidationProblem> problems) {
        if (sort != null) {
            try {
                RecordSort.parse(sort, entity);
            } catch (DomainError e) {
                problems.add(new ValidationProblem("sort", "sortable", e.errors().getFirst().text()));
            }
        }
        if ("kanban".equals(kind) && groupBy == null) {
            problems.add(ValidationProblem.of("groupBy", "required", "view.group-by"));
        } else if (groupBy != null) {
            try {
                RecordGroups.groupable(entity, groupBy);
            } catch (DomainError e) {
                problems.add(new ValidationProblem("groupBy", "groupable", e.errors().getFirst().text()));
            }
        }
    }

    private static JsonArray columns(JsonObject body, EntityDefinition entity, List<ValidationProblem> problems) {
        Object raw = body.getValue("columns");
        if (raw == null) {
            return new JsonArray();
        }
        if (!(raw instanceof JsonArray array) || array.size() > 100) {
            problems.add(ValidationProblem.of("columns", "type", "view.columns"));
            return new JsonArray();
        }
        for (int i = 0; i < array.size(); i++) {
            Object column = array.getValue(i);
            if (!(column instanceof String name) || name.length() > 64) {
                problems.add(ValidationProblem.of("columns[" + i + "]", "type", "definition.index.name"));
            } else if (entity != null && entity.field(name).isEmpty() && !RECORD_COLUMNS.contains(name)) {
                problems.add(ValidationProblem.of("columns[" + i + "]", "exists", "view.column", name, entity.name()));
            }
        }
        return array.copy();
    }

    private static String text(JsonObject body, String key, int max, boolean required, List<ValidationProblem> problems) {
        Object value = body.getValue(key);
        if (value == null || (value instanceof String s && s.isBlank() && !required)) {
            if (required) {
                problems.add(ValidationProblem.of(key, "required", "record.required"));
            }
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            problems.add(ValidationProblem.of(key, "type", "field.text"));
            return null;
        }
        if (s.length() > max) {
            problems.add(ValidationProblem.of(key, "maxLength", "field.text.max", max));
            return null;
        }
        return s;
    }

    private static View read(Record r) {
        return new View(r.get(ID), r.get(OWNER), r.get(ENTITY), r.get(NAME), r.get(SHARED),
                new JsonObject(r.get(DEFINITION)));
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }
}
