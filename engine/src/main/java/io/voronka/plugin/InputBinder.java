package io.voronka.plugin;

import io.voronka.plugin.api.Input;
import io.voronka.kernel.error.ValidationProblem;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds an action's input record from named values, enforcing what its {@link Input} annotations
 * say: required, options, pattern, length. The designer form is generated from the same annotations.
 */
public final class InputBinder {

    private InputBinder() {
    }

    /** The bound record, or an exception listing every problem by input name. */
    public static Record bind(Class<? extends Record> type, Map<String, Object> values) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        List<ValidationProblem> problems = new ArrayList<>();
        for (String name : values.keySet()) {
            if (Arrays.stream(components).noneMatch(c -> c.getName().equals(name))) {
                problems.add(ValidationProblem.of(name, "unknown", "plugin.input.unknown"));
            }
        }
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            Input input = component.getAnnotation(Input.class);
            Object raw = values.get(component.getName());
            if (raw instanceof String s && s.isEmpty()) {
                raw = null;
            }
            args[i] = convert(component, raw, problems);
            if (input != null) {
                check(component.getName(), input, args[i], problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        try {
            Constructor<? extends Record> constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build input " + type.getName(), e);
        }
    }

    private static void check(String name, Input input, Object value, List<ValidationProblem> problems) {
        if (value == null) {
            if (input.required()) {
                problems.add(ValidationProblem.of(name, "required", "record.required"));
            }
            return;
        }
        String text = value.toString();
        if (input.options().length > 0 && !Arrays.asList(input.options()).contains(text)) {
            problems.add(ValidationProblem.of(name, "enum", "field.option", Arrays.toString(input.options())));
        }
        if (!input.pattern().isEmpty() && !Pattern.matches(input.pattern(), text)) {
            problems.add(ValidationProblem.of(name, "pattern", "plugin.input.pattern"));
        }
        if (input.maxLength() > 0 && text.length() > input.maxLength()) {
            problems.add(ValidationProblem.of(name, "maxLength", "field.text.max", input.maxLength()));
        }
    }

    private static Object convert(RecordComponent component, Object raw, List<ValidationProblem> problems) {
        Class<?> type = component.getType();
        if (raw == null) {
            return type.isPrimitive() ? (type == boolean.class ? Boolean.FALSE : 0) : null;
        }
        try {
            if (type == String.class) {
                return raw.toString();
            }
            if (type == Integer.class || type == int.class) {
                return raw instanceof Number n ? n.intValue() : Integer.parseInt(raw.toString());
            }
            if (type == Long.class || type == long.class) {
                return raw instanceof Number n ? n.longValue() : Long.parseLong(raw.toString());
            }
            if (type == Boolean.class || type == boolean.class) {
                return raw instanceof Boolean b ? b : Boolean.parseBoolean(raw.toString());
            }
            if (type == BigDecimal.class) {
                return new BigDecimal(raw.toString());
            }
            if (type.isInstance(raw)) {
                return raw;
            }
        } catch (NumberFormatException e) {
            problems.add(ValidationProblem.of(component.getName(), "type", "field.decimal"));
            return null;
        }
        problems.add(ValidationProblem.of(component.getName(), "type", "plugin.input.type", type.getSimpleName()));
        return null;
    }

    /** The inputs a process gave an action do not fit it: a modelling error, surfaced as an incident. */
    public static final class InvalidInput extends RuntimeException {
        private final List<ValidationProblem> problems;

        InvalidInput(List<ValidationProblem> problems) {
            super(problems.stream().map(p -> p.field() + " " + p.message()).reduce((a, b) -> a + "; " + b).orElse(""));
            this.problems = List.copyOf(problems);
        }

        public List<ValidationProblem> problems() {
            return problems;
        }
    }
}
