package io.voronka.bulk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.storage.Database;
import io.voronka.record.RecordService;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Mass actions on records: update a field, assign to a user, delete; on a list of ids or on
 * whatever a filter matches when the job starts. Everything a client can get wrong is refused
 * before the job is queued (422 naming the field, 403 for a delete by a non-admin, 404 for an
 * unknown entity); what can only fail per record (a record since deleted, a stage rule) is listed
 * in the job's errors while the rest goes on. Jobs run in the background ({@link BulkRunner}).
 */
public final class BulkJobs {

    static final int MAX_IDS = 10_000;

    private final Database database;
    private final RecordService records;
    private final BulkJobStore store;
    private final Clock clock;
    private final Runnable queued;

    /** {@code queued} is told when a job is queued (the node's runner then looks at once). */
    public BulkJobs(Database database, RecordService records, Clock clock, Runnable queued) {
        this.database = database;
        this.records = records;
        this.store = new BulkJobStore(database.dialect());
        this.clock = clock;
        this.queued = queued;
    }

    /** Checks and queues a mass action; answers the job's id. */
    public String start(Actor actor, String entity, JsonObject body) {
        records.entity(entity); // 404 for an unknown entity before anything else
        List<ValidationProblem> problems = new ArrayList<>();
        String action = body.getValue("action") instanceof String a && List.of("update", "assign", "delete").contains(a)
                ? a : null;
        if (action == null) {
            problems.add(ValidationProblem.of("action", body.getValue("action") == null ? "required" : "enum",
                    "bulk.action"));
        }
        Set<String> ids = ids(body, problems);
        String filter = body.getValue("filter") instanceof String f && !f.isBlank() && f.length() <= 4000 ? f : null;
        if (body.getValue("filter") != null && filter == null) {
            problems.add(ValidationProblem.of("filter", "type", "bulk.filter", 4000));
        }
        if ((ids == null) == (body.getValue("filter") == null)) {
            problems.add(ValidationProblem.of("ids", "oneOf", "bulk.ids-or-filter"));
        }
        Map<String, Object> values = "update".equals(action) ? values(body, problems)
                : "assign".equals(action) ? assignment(entity, body, problems) : null;
        if (!problems.isEmpty()) {
            throw DomainError.invalid(problems);
        }
        if (action.equals("delete") && !actor.isAdmin()) {
            throw DomainError.forbidden(Message.of("bulk.delete.admin-only"));
        }
        if (filter != null) {
            records.checkFilter(entity, filter); // 422 naming filter with the rule's line and column
        }
        if (values != null) {
            checkValues(actor, entity, action, values);
        }
        String id = UUID.randomUUID().toString();
        LocalDateTime now = LocalDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
        database.inTransaction(c -> {
            store.insert(c, id, actor, entity, action, values, filter, ids, now);
            return null;
        });
        queued.run();
        return id;
    }

    /** A job as its owner (or an admin) sees it; anyone else gets 404, as for a record they may not read. */
    public BulkJob get(Actor actor, String id) {
        return database.withConnection(c -> store.find(c, id))
                .filter(job -> job.owner().equals(actor.username()) || actor.isAdmin())
                .orElseThrow(() -> DomainError.notFound(Message.of("bulk.job.none", id.length() <= 40 ? id : id.substring(0, 40) + "…")));
    }

    private static Set<String> ids(JsonObject body, List<ValidationProblem> problems) {
        Object raw = body.getValue("ids");
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_IDS) {
            problems.add(ValidationProblem.of("ids", "type", "bulk.ids", MAX_IDS));
            return Set.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            if (array.getValue(i) instanceof String id && !id.isEmpty() && id.length() <= 36) {
                ids.add(id);
            } else {
                problems.add(ValidationProblem.of("ids[" + i + "]", "type", "bulk.id"));
            }
        }
        return ids;
    }

    private static Map<String, Object> values(JsonObject body, List<ValidationProblem> problems) {
        if (!(body.getValue("values") instanceof JsonObject values) || values.isEmpty()) {
            problems.add(ValidationProblem.of("values", "required", "bulk.values"));
            return null;
        }
        return values.getMap();
    }

    private Map<String, Object> assignment(String entity, JsonObject body, List<ValidationProblem> problems) {
        if (!(body.getValue("user") instanceof String user) || user.isBlank() || user.length() > 100) {
            problems.add(ValidationProblem.of("user", "required", "bulk.user"));
            return null;
        }
        String owner = records.ownerField(entity).orElse(null);
        if (owner == null) {
            problems.add(ValidationProblem.of("user", "assignable", "bulk.user.field", entity));
            return null;
        }
        return Map.of(owner, user);
    }

    private void checkValues(Actor actor, String entity, String action, Map<String, Object> values) {
        try {
            records.checkChange(actor, entity, values);
        } catch (DomainError e) {
            if (!action.equals("assign")) {
                throw e; // its problems name the fields as values.stage
            }
            throw DomainError.invalid("user", "exists", e.errors().isEmpty() ? e.detailText() : e.errors().getFirst().text());
        }
    }
}
