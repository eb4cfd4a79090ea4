package io.voronka.kernel.field;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A rule an entity's records obey at some stage, both parts in the rule language: when {@code when}
 * holds (say {@code stage == 'lost'}), {@code require} must hold too ({@code loss_reason != null}),
 * or the write is refused naming {@code field} with {@code message}. {@code when} may be left out:
 * the rule then always applies.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageRule(String when, String require, String field, String message) {
}
