package io.voronka.plugin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.plugin.api.ActionDefinition;
import io.voronka.plugin.api.Input;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;

/**
 * What the process designer needs to show an action: palette entry and typed input form, read
 * from the same annotations that {@link InputBinder} enforces, so the form and the runtime agree.
 */
public final class ActionDescriptor {

    private ActionDescriptor() {
    }

    public static JsonObject of(ActionBinding binding) {
        ActionDefinition definition = binding.definition();
        JsonArray inputs = new JsonArray();
        for (RecordComponent component : definition.input().getRecordComponents()) {
            Input input = component.getAnnotation(Input.class);
            JsonObject field = new JsonObject().put("name", component.getName()).put("type", typeOf(component.getType()));
            if (input != null) {
                field.put("label", input.label()).put("description", input.description()).put("group", input.group())
                        .put("required", input.required()).put("secret", input.secret())
                        .put("options", new JsonArray(java.util.List.of((Object[]) input.options())))
                        .put("pattern", input.pattern().isEmpty() ? null : input.pattern())
                        .put("maxLength", input.maxLength() == 0 ? null : input.maxLength());
            } else {
                field.put("label", component.getName()).put("required", false).put("secret", false);
            }
            inputs.add(field);
        }
        return new JsonObject().put("id", definition.id()).put("label", definition.label())
                .put("description", definition.description()).put("group", definition.group())
                .put("plugin", binding.pluginName()).put("inputs", inputs);
    }

    private static String typeOf(Class<?> type) {
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "number";
        }
        if (type == BigDecimal.class) {
            return "decimal";
        }
        return "text";
    }
}
