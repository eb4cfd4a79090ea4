package io.voronka.record;

import io.voronka.kernel.access.UserDirectory;
import io.voronka.kernel.error.DomainError;
import io.voronka.kernel.error.Message;
import io.voronka.kernel.error.ValidationProblem;
import io.voronka.kernel.field.Attachments;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.kernel.field.FieldConstraints;
import io.voronka.kernel.field.FieldDefinition;
import io.voronka.kernel.field.FieldType;
import io.voronka.kernel.field.FieldValues;
import java.util.function.Supplier;
import java.sql.Connection;
import java.util.function.BiFunction;
import org.jooq.Condition;
import org.jooq.Name;
import org.jooq.impl.DSL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that decides whether submitted values may be stored: names, required fields,
 * types, lengths, options, phones and emails (through {@link FieldValues}), computed fields being
 * read-only, and links and users that exist. The record API, process steps ({@code createRecord}),
 * task forms and the import all ask here, so a value one path accepts no other path refuses.
 *
 * <p>Problems come back as values ({@link Checked}); an HTTP path throws them as one 422, an import
 * keeps them per row.
 */
public final class RecordValidation {

    /** Whether the submitted values are a whole new record or a change to some of its fields. */
    public enum Purpose { CREATE, UPDATE }

    /** Typed values by field name and what was wrong; the values are only usable when there are no problems. */
    public record Checked(Map<String, Object> values, List<ValidationProblem> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }

        /** The typed values, or a 422 naming every field that was wrong. */
        public Map<String, Object> valuesOrThrow() {
            if (!problems.isEmpty()) {
                throw DomainError.invalid(problems);
            }
            return values;
        }
    }

    private final Supplier<EntityCatalog> catalogs;
    private final FieldValues fieldValues;
    private final UserDirectory users;
    private final RecordStore store;
    private final Supplier<Attachments> attachments;

    public RecordValidation(Supplier<EntityCatalog> catalogs, FieldValues fieldValues, UserDirectory users,
                            RecordStore store) {
        this(catalogs, fieldValues, users, store, () -> Attachments.NONE);
    }

    /** {@code attachments} is the file store's answer to "may this file go in a record", looked up when asked. */
    public RecordValidation(Supplier<EntityCatalog> catalogs, FieldValues fieldValues, UserDirectory users,
                            RecordStore store, Supplier<Attachments> attachments) {
        this.catalogs = catalogs;
        this.fieldValues = fieldValues;
        this.users = users;
        this.store = store;
        this.attachments = attachments;
    }

    /**
     * Checks values submitted for a record of {@code entity}; on {@link Purpose#CREATE} every
     * required field must be present. Links and users are looked up on {@code connection} only when
     * everything else is right, so a bad request costs no query.
     */
    public Checked check(Connection connection, EntityDefinition entity, Map<String, Object> input, Purpose purpose) {
        return check(connection, entity, input, purpose, (linked, table) -> DSL.noCondition());
    }

    /**
     * As above; a link may point only at a record {@code readable} admits (the actor's read scope on
     * the linked entity's table): one the actor cannot see is answered as absent.
     */
    public Checked check(Connection connection, EntityDefinition entity, Map<String, Object> input, Purpose purpose,
                         BiFunction<EntityDefinition, Name, Condition> readable) {
        return check(connection, entity, input, purpose, readable, null);
    }

    /**
     * As above, for {@code username} (null: the system): a file field may hold only a file they
     * uploaded, or one already attached to a record they may read.
     */
    public Checked check(Connection connection, EntityDefinition entity, Map<String, Object> input, Purpose purpose,
                         BiFunction<EntityDefinition, Name, Condition> readable, String username) {
        List<ValidationProblem> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        input.forEach((name, json) -> {
            String path = path(name);
            FieldDefinition field = entity.field(name).orElse(null);
            if (field == null) {
                problems.add(ValidationProblem.of(path, "unknown", "record.unknown-field", entity.name()));
            } else if (field.type() == FieldType.ROLLUP) {
                // A client that writes a rollup misunderstands the field, whatever the value: refused outright.
                throw DomainError.malformed(path, "readOnly", Message.of("record.rollup"));
            } else if (field.isComputed()) {
                problems.add(ValidationProblem.of(path, "readOnly", "record.computed"));
            } else {
                values.put(name, value(field.withDefaultCurrency(entity.currency()), json, problems));
            }
        });
        if (purpose == Purpose.CREATE) {
            entity.fields().stream().filter(f -> f.required() && !input.containsKey(f.name()))
                    .forEach(f -> problems.add(ValidationProblem.of(path(f.name()), "required", "record.required")));
        }
        if (problems.isEmpty()) {
            checkReferences(connection, entity, values, problems, readable, username);
        }
        return new Checked(values, List.copyOf(problems));
    }

    /**
     * Checks the values a person submits with a task form: every field of the form gets a value
     * (null when left out), names the form does not have are refused. Same field rules as records.
     */
    public Checked checkForm(List<FieldDefinition> fields, Map<String, Object> submitted) {
        List<ValidationProblem> problems = new ArrayList<>();
        submitted.keySet().stream().filter(name -> fields.stream().noneMatch(f -> f.name().equals(name)))
                .forEach(name -> problems.add(ValidationProblem.of(path(name), "unknown", "record.unknown-form-field")));
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldDefinition field : fields) {
            values.put(field.name(), value(field, submitted.get(field.name()), problems));
        }
        return new Checked(values, List.copyOf(problems));
    }

    private Object value(FieldDefinition field, Object json, List<ValidationProblem> problems) {
        String path = path(field.name());
        Object value = fieldValues.coerce(field, json, path, problems);
        FieldConstraints.check(field, value, path, problems);
        // A required many-to-many link needs at least one linked record.
        if (field.required() && (json == null || value instanceof List<?> ids && ids.isEmpty())) {
            problems.add(ValidationProblem.of(path, "required", "record.required"));
        }
        return value;
    }

    private void checkReferences(Connection connection, EntityDefinition entity, Map<String, Object> values,
                                 List<ValidationProblem> problems, BiFunction<EntityDefinition, Name, Condition> readable,
                                 String username) {
        values.forEach((name, value) -> {
            FieldDefinition field = entity.field(name).orElseThrow();
            if (value == null) {
                return;
            }
            if (field.type() == FieldType.LINK && !linkTargetExists(connection, field, (String) value, readable)) {
                problems.add(ValidationProblem.of(path(name), "exists", "record.no-link", field.link(), value));
            }
            if (field.type() == FieldType.LINKS) {
                missingTargets(connection, field, (List<?>) value, readable).stream().findFirst().ifPresent(id ->
                        problems.add(ValidationProblem.of(path(name), "exists", "record.no-link", field.link(), id)));
            }
            if (field.type() == FieldType.FILE && !attachments.get().mayAttach(connection, (String) value, username,
                    () -> FileReferences.referenced(connection, catalogs.get(), (String) value, readable))) {
                problems.add(ValidationProblem.of(path(name), "exists", "record.no-file", value));
            }
            if (field.type() == FieldType.USER && !users.exists(connection, (String) value)) {
                problems.add(ValidationProblem.of(path(name), "exists", "record.no-user", value));
            }
        });
    }

    /** Ids of a many-to-many value that do not exist or that the actor may not read: one query for the lot. */
    private List<String> missingTargets(Connection connection, FieldDefinition field, List<?> ids,
                                        BiFunction<EntityDefinition, Name, Condition> readable) {
        if (ids.isEmpty()) {
            return List.of();
        }
        EntityDefinition target = catalogs.get().find(field.link())
                .orElseThrow(() -> new IllegalStateException("link " + field.name() + " names no entity " + field.link()));
        java.util.Set<String> found = store.existing(connection, target, ids.stream().map(String.class::cast).toList(),
                readable.apply(target, DSL.name(target.tableName())));
        return ids.stream().map(String.class::cast).filter(id -> !found.contains(id)).toList();
    }

    private boolean linkTargetExists(Connection connection, FieldDefinition field, String id,
                                     BiFunction<EntityDefinition, Name, Condition> readable) {
        EntityDefinition target = catalogs.get().find(field.link())
                .orElseThrow(() -> new IllegalStateException("link " + field.name() + " names no entity " + field.link()));
        return store.exists(connection, target, id, readable.apply(target, DSL.name(target.tableName())));
    }

    private static String path(String field) {
        return "values." + field;
    }
}
