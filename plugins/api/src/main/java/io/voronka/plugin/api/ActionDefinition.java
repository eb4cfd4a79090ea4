package io.voronka.plugin.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an action for the process designer and for BPMN: {@code id} is what a service task refers
 * to ({@code <voronka:action>email.send</voronka:action>}), so it must never change once shipped.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ActionDefinition {

    /** Stable identifier, dotted: {@code email.send}, {@code yookassa.payment.create}. */
    String id();

    /** Palette label shown to admins. */
    String label();

    String description() default "";

    /** Palette group: Messaging, Payments, Delivery, Lead capture. */
    String group() default "General";

    /** The input record type; the engine reads its {@link Input} annotations. */
    Class<? extends Record> input();
}
