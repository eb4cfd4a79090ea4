package io.voronka.rule;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;

/**
 * A fingerprint of MVEL's process-wide state: its compiler flags, default optimizer and the static
 * literal, operator, handler and converter tables every later compilation reads. The issue's
 * attacks changed these for every rule after theirs; a rule that leaves a different fingerprint
 * behind has reached outside its sandbox, even if it threw nothing.
 */
final class MvelGlobalState {

    private static final List<String> CLASSES = List.of(
            "org.mvel2.MVEL",
            "org.mvel2.optimizers.OptimizerFactory",
            "org.mvel2.compiler.AbstractParser",
            "org.mvel2.integration.PropertyHandlerFactory",
            "org.mvel2.DataConversion");

    private MvelGlobalState() {
    }

    static Map<String, String> fingerprint() {
        Map<String, String> state = new TreeMap<>();
        for (String className : CLASSES) {
            try {
                Class<?> type = Class.forName(className);
                for (Field field : type.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                        field.setAccessible(true);
                        String summary = summary(field.get(null));
                        if (summary != null) {
                            state.put(className + "." + field.getName(), summary);
                        }
                    }
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read MVEL's state from " + className, e);
            }
        }
        state.put("OptimizerFactory.defaultAccessorCompiler",
                org.mvel2.optimizers.OptimizerFactory.getDefaultAccessorCompiler().getClass().getName());
        return state;
    }

    /** Values as they read; tables by size; caches that the garbage collector empties are left out. */
    private static String summary(Object value) {
        return switch (value) {
            case null -> "null";
            case WeakHashMap<?, ?> cache -> null;
            case ThreadLocal<?> perThread -> null;
            case String s -> s;
            case Boolean b -> b.toString();
            case Number n -> n.toString();
            case Map<?, ?> m -> "map of " + m.size() + " " + m.keySet().hashCode();
            case Collection<?> c -> "collection of " + c.size();
            default -> value.getClass().getName() + "@" + System.identityHashCode(value);
        };
    }
}
