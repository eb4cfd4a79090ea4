package io.voronka.process;

import io.vertx.core.json.JsonObject;

/**
 * Something the designer shows on an element of a model: an error Voronka will not deploy, or a
 * warning about something that will run but probably not as meant. {@code code} is stable
 * (forbidden, expression, trigger, unsupported, not-executable, flowable, missing-form, unknown-form, unassigned,
 * unknown-action, unknown-input, unbound-input, no-start, no-end, message, message-throw, signal, timer,
 * call-activity, unknown-process, call-variables, call-business-key, loop).
 */
public record ProcessFinding(String elementId, Severity severity, String code, String message) {

    public enum Severity {
        ERROR, WARNING;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static ProcessFinding error(String elementId, String code, String message) {
        return new ProcessFinding(elementId, Severity.ERROR, code, message);
    }

    static ProcessFinding warning(String elementId, String code, String message) {
        return new ProcessFinding(elementId, Severity.WARNING, code, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public JsonObject toJson() {
        return new JsonObject().put("elementId", elementId).put("severity", severity.label()).put("code", code)
                .put("message", message);
    }

    static ProcessFinding fromJson(JsonObject json) {
        return new ProcessFinding(json.getString("elementId"), Severity.valueOf(json.getString("severity").toUpperCase(
                java.util.Locale.ROOT)), json.getString("code"), json.getString("message"));
    }
}
