package io.voronka.kernel.error;

import java.time.Duration;
import java.util.List;

/**
 * A failure the client caused or must know about, carried up to the HTTP layer where it becomes
 * RFC 9457 problem+json. Everything else is a server fault and answers a bare 500.
 */
public final class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<ValidationProblem> errors;
    private final Duration retryAfter;

    public ProblemException(int status, String title, String detail, List<ValidationProblem> errors) {
        this(status, title, detail, errors, null);
    }

    private ProblemException(int status, String title, String detail, List<ValidationProblem> errors, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    /** 429: the client must wait; the answer carries {@code Retry-After}. */
    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return new ProblemException(429, "Too many requests", detail, List.of(), retryAfter);
    }

    public static ProblemException invalid(List<ValidationProblem> errors) {
        String detail = errors.size() == 1
                ? errors.getFirst().field() + ": " + errors.getFirst().message()
                : errors.size() + " fields are invalid";
        return new ProblemException(422, "Invalid input", detail, errors);
    }

    public static ProblemException invalid(String field, String rule, String message) {
        return invalid(List.of(new ValidationProblem(field, rule, message)));
    }

    public static ProblemException badRequest(String field, String rule, String message) {
        return new ProblemException(400, "Bad request", field + ": " + message,
                List.of(new ValidationProblem(field, rule, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail, List.of());
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, List.of());
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail, List.of());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<ValidationProblem> errors() {
        return errors;
    }

    /** How long the client should wait before trying again, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
