package io.voronka.kernel.rule;

import java.util.List;
import java.util.Optional;

/**
 * The names a rule may read, with their types: the fields of one entity, the records its link
 * fields point to, and the records that link to it. Capabilities implement it from their own
 * definitions (entity forms, process variables), so the rule kernel knows no capability.
 */
public interface RuleSchema {

    /** A field the rule may read. {@code options} are the allowed values of a choice field. */
    record Field(String name, ValueType type, List<String> options) {
        public Field {
            options = options == null ? List.of() : List.copyOf(options);
        }

        public static Field of(String name, ValueType type) {
            return new Field(name, type, List.of());
        }
    }

    Optional<Field> field(String name);

    /** The record a many-to-one link leads to: {@code contact} on a deal. */
    default Optional<RuleSchema> link(String name) {
        return Optional.empty();
    }

    /** The records that link here, one-to-many: {@code deals} on a contact. */
    default Optional<RuleSchema> collection(String name) {
        return Optional.empty();
    }

    /** Names to suggest when a rule names something unknown. */
    List<String> fieldNames();
}
