package io.voronka.process;

import io.voronka.kernel.rule.RuleSchema;
import io.voronka.kernel.rule.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables a process has, with their types, as far as its BPMN tells: the fields of the
 * record that started it, its id, what each user task's form collects and who completed it, and
 * what each step leaves behind. Expressions in the process are checked against these names at
 * deploy time, so a misspelt variable is refused instead of reading as null.
 */
final class ProcessVariablesSchema implements RuleSchema {

    private final Map<String, Field> fields = new LinkedHashMap<>();

    void add(String name, ValueType type, List<String> options) {
        fields.merge(name, new Field(name, type, options), (a, b) -> a.type() == b.type() ? a : Field.of(name, ValueType.ANY));
    }

    /** What a gateway condition of any process triggered on {@code entity} may read, before its BPMN adds its own. */
    static ProcessVariablesSchema around(RuleSchema entity) {
        ProcessVariablesSchema schema = new ProcessVariablesSchema();
        schema.addAll(entity);
        schema.addEveryProcess();
        return schema;
    }

    void addEveryProcess() {
        ProcessVariables.EVERY_PROCESS.forEach((name, type) -> add(name, type, List.of()));
    }

    void addAll(RuleSchema schema) {
        for (String name : schema.fieldNames()) {
            schema.field(name).ifPresent(f -> add(f.name(), f.type(), f.options()));
        }
    }

    @Override
    public Optional<Field> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    @Override
    public List<String> fieldNames() {
        return new ArrayList<>(fields.keySet());
    }
}
