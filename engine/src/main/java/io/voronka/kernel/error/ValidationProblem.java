package io.voronka.kernel.error;

/**
 * One thing wrong with a client's input: which field, which rule it broke, and words for a person.
 * The field is a path into the request body ({@code values.email}).
 */
public record ValidationProblem(String field, String rule, String message) {
}
