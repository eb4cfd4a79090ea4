package io.voronka.plugin.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes one component of an action's input record. The same annotation drives the designer's
 * input form and the runtime validation, so the two cannot disagree.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER})
public @interface Input {

    String label();

    String description() default "";

    /** Group of fields in the designer form, e.g. "Message" or "Authentication". */
    String group() default "";

    boolean required() default false;

    /** Secrets are write-only in the API and redacted from logs and process history. */
    boolean secret() default false;

    /** Allowed values for a choice; empty means free input. */
    String[] options() default {};

    /** Regular expression the value must match (after expression evaluation), empty for none. */
    String pattern() default "";

    /** Upper bound on a text value's length; 0 means no bound beyond the engine's own. */
    int maxLength() default 0;
}
