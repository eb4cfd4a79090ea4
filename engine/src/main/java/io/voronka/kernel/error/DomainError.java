package io.voronka.kernel.error;

import java.time.Duration;
import java.util.List;

/**
 * A failure a caller caused or must know about, as a value: its {@link Kind}, a stable code a
 * client or a BPMN error boundary can branch on, a detail for people, and the fields at fault.
 * Services raise it and know nothing of HTTP; the HTTP layer turns it into RFC 9457 problem+json,
 * process steps into a BPMN error (or, uncaught, an incident). Anything else is a server fault.
 */
public final class DomainError extends RuntimeException {

    /** What kind of failure this is; each edge (HTTP, BPMN) decides what that means there. */
    public enum Kind {
        /** Well-formed input that breaks a rule of the domain: a field missing, out of range, unknown. */
        INVALID,
        /** Input that cannot even be read: a bad parameter, a malformed body or cursor. */
        MALFORMED,
        NOT_FOUND,
        /** The state changed under the caller (a stale version) or the name is taken. */
        CONFLICT,
        /** Nobody is signed in, or the sign-in is no longer valid. */
        UNAUTHENTICATED,
        /** Signed in, but not allowed to do this. */
        FORBIDDEN,
        /** Too many attempts: try again later. */
        THROTTLED,
        /** More than the limit allows: an upload over the configured size. */
        TOO_LARGE,
        /** Content of a kind not accepted here: an upload whose bytes are not an allowed type. */
        UNSUPPORTED_TYPE
    }

    private final Kind kind;
    private final String code;
    private final List<ValidationProblem> errors;
    private final Duration retryAfter;
    private final java.util.Map<String, Object> extensions;
    private final Message detail;

    public DomainError(Kind kind, String code, String detail, List<ValidationProblem> errors) {
        this(kind, code, Message.literal(detail), errors);
    }

    /** A detail worded in the reader's language where the problem is answered. */
    public DomainError(Kind kind, String code, Message detail, List<ValidationProblem> errors) {
        this(kind, code, detail, errors, null, java.util.Map.of());
    }

    private DomainError(Kind kind, String code, String detail, List<ValidationProblem> errors, Duration retryAfter) {
        this(kind, code, Message.literal(detail), errors, retryAfter, java.util.Map.of());
    }

    private DomainError(Kind kind, String code, String detail, List<ValidationProblem> errors, Duration retryAfter,
                        java.util.Map<String, Object> extensions) {
        this(kind, code, Message.literal(detail), errors, retryAfter, extensions);
    }

    private DomainError(Kind kind, String code, Message detail, List<ValidationProblem> errors, Duration retryAfter,
                        java.util.Map<String, Object> extensions) {
        super(detail.english(), null, false, false);
        this.detail = detail;
        this.kind = kind;
        this.code = code;
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
        this.extensions = java.util.Map.copyOf(extensions);
    }

    /**
     * A change that would lose data, refused until confirmed: {@code preview} lists what would be
     * lost ({@code [{"field","change","records"}]}), answered as a 409 with a {@code preview} member.
     */
    public static DomainError needsConfirmation(String detail, List<java.util.Map<String, Object>> preview) {
        return new DomainError(Kind.CONFLICT, "confirm", detail, List.of(), null, java.util.Map.of("preview", preview));
    }

    /**
     * A pipeline refused to move a record to a stage: {@code refusal} says why in data (the stage
     * asked for, the reason, the steps it is reachable after), so a client can word it in its language.
     */
    public static DomainError stageRefused(String detail, java.util.Map<String, Object> refusal) {
        return new DomainError(Kind.CONFLICT, "stage-refused", detail, List.of(), null, java.util.Map.of("refusal", refusal));
    }

    /** Members added to the problem beside the standard ones (RFC 9457 extensions), such as {@code preview}. */
    public java.util.Map<String, Object> extensions() {
        return extensions;
    }

    /** Too many attempts; the caller may try again after {@code retryAfter}. */
    public static DomainError throttled(String detail, Duration retryAfter) {
        return new DomainError(Kind.THROTTLED, "throttled", detail, List.of(), retryAfter);
    }

    public static DomainError throttled(Message detail, Duration retryAfter) {
        return new DomainError(Kind.THROTTLED, "throttled", detail, List.of(), retryAfter, java.util.Map.of());
    }

    public static DomainError invalid(List<ValidationProblem> errors) {
        Message detail = errors.size() == 1
                ? Message.of("problem.field", errors.getFirst().field(), errors.getFirst().text())
                : Message.of("problem.fields", errors.size());
        return new DomainError(Kind.INVALID, "invalid", detail, errors);
    }

    public static DomainError invalid(String field, String rule, String message) {
        return invalid(List.of(new ValidationProblem(field, rule, message)));
    }

    /** One field broke one rule; the words are the bundle's {@code key} with {@code args}. */
    public static DomainError invalid(String field, String rule, Message message) {
        return invalid(List.of(new ValidationProblem(field, rule, message)));
    }

    public static DomainError malformed(String field, String rule, String message) {
        return malformed(field, rule, Message.literal(message));
    }

    public static DomainError malformed(String field, String rule, Message message) {
        return new DomainError(Kind.MALFORMED, "malformed", Message.of("problem.field", field, message),
                List.of(new ValidationProblem(field, rule, message)));
    }

    public static DomainError tooLarge(String field, String message) {
        return new DomainError(Kind.TOO_LARGE, "too-large", field + ": " + message,
                List.of(new ValidationProblem(field, "maxSize", message)));
    }

    public static DomainError tooLarge(String field, Message message) {
        return new DomainError(Kind.TOO_LARGE, "too-large", Message.of("problem.field", field, message),
                List.of(new ValidationProblem(field, "maxSize", message)));
    }

    public static DomainError unsupportedType(String field, Message message) {
        return new DomainError(Kind.UNSUPPORTED_TYPE, "unsupported-type", Message.of("problem.field", field, message),
                List.of(new ValidationProblem(field, "contentType", message)));
    }

    public static DomainError unsupportedType(String field, String message) {
        return new DomainError(Kind.UNSUPPORTED_TYPE, "unsupported-type", field + ": " + message,
                List.of(new ValidationProblem(field, "contentType", message)));
    }

    public static DomainError notFound(String detail) {
        return new DomainError(Kind.NOT_FOUND, "not-found", detail, List.of());
    }

    public static DomainError notFound(Message detail) {
        return new DomainError(Kind.NOT_FOUND, "not-found", detail, List.of());
    }

    public static DomainError conflict(String detail) {
        return new DomainError(Kind.CONFLICT, "conflict", detail, List.of());
    }

    public static DomainError conflict(Message detail) {
        return new DomainError(Kind.CONFLICT, "conflict", detail, List.of());
    }

    public static DomainError unauthenticated(String detail) {
        return new DomainError(Kind.UNAUTHENTICATED, "unauthenticated", detail, List.of());
    }

    public static DomainError unauthenticated(Message detail) {
        return new DomainError(Kind.UNAUTHENTICATED, "unauthenticated", detail, List.of());
    }

    public static DomainError forbidden(Message detail) {
        return new DomainError(Kind.FORBIDDEN, "forbidden", detail, List.of());
    }

    public static DomainError forbidden(String detail) {
        return new DomainError(Kind.FORBIDDEN, "forbidden", detail, List.of());
    }

    public Kind kind() {
        return kind;
    }

    /** A stable, lower-case code: "invalid", "not-found", "rule-rejected", "username-taken"... */
    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    /** The detail as words to put in the reader's language. */
    public Message detailText() {
        return detail;
    }

    public List<ValidationProblem> errors() {
        return errors;
    }

    /** How long the caller should wait before trying again, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
